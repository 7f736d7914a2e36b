import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../../server/src/analysis/analyzer';
import type { VersionFacts } from '../../../server/src/analysis/project';
import { expectFix, fixTitles } from '../../helpers/fixes';

function torch(facts: Omit<VersionFacts, 'source'>): Partial<AnalysisOptions> {
  return { project: { packages: new Map([['torch', { ...facts, source: 'requirements.txt' }]]) } };
}

describe('MLH110 torch-load-unsafe: quick-fixes', () => {
  it('adds weights_only=True', async () => {
    await expectFix(`import torch
sd = torch.load(p, map_location="cpu")
`, {
      code: 'MLH110',
      title: 'weights_only=True',
      expected: `import torch
sd = torch.load(p, map_location="cpu", weights_only=True)
`,
    });
  });

  it('adds weights_only=True on its own line in a one-argument-per-line call', async () => {
    await expectFix(`import torch
sd = torch.load(
  path,
  map_location="cpu",
)
`, {
      code: 'MLH110',
      expected: `import torch
sd = torch.load(
  path,
  map_location="cpu",
  weights_only=True,
)
`,
    });
  });

  it('adds it through an alias and a variable', async () => {
    await expectFix(`from torch.serialization import load as L
f = L
sd = f(p)
`, {
      code: 'MLH110',
      expected: `from torch.serialization import load as L
f = L
sd = f(p, weights_only=True)
`,
    });
  });

  it('replaces weights_only=False, also in the except fallback', async () => {
    await expectFix(`import torch
try:
  sd = torch.load(p, weights_only=True)
except Exception:
  sd = torch.load(p, weights_only=False)
`, {
      code: 'MLH110',
      expected: `import torch
try:
  sd = torch.load(p, weights_only=True)
except Exception:
  sd = torch.load(p, weights_only=True)
`,
    });
  });

  it('replaces an unresolved value and a False inside a **{...} literal', async () => {
    await expectFix(`import torch
sd = torch.load(p, weights_only=cfg.safe)
`, {
      code: 'MLH110',
      expected: `import torch
sd = torch.load(p, weights_only=True)
`,
    });
    await expectFix(`import torch
sd = torch.load(p, **{"weights_only": False})
`, {
      code: 'MLH110',
      expected: `import torch
sd = torch.load(p, **{"weights_only": True})
`,
    });
  });

  it('is applied under torch >= 2.6 too (explicit is better)', async () => {
    await expectFix(`import torch
sd = torch.load(p)
`, {
      code: 'MLH110',
      options: torch({ min: '2.6' }),
      expected: `import torch
sd = torch.load(p, weights_only=True)
`,
    });
  });

  it('is never offered with pickle_module=, unknown **kwargs, or a False defined outside the call', async () => {
    const only = ['Suppress MLH110 on this line (# noqa: MLH110)'];
    assert.deepEqual(await fixTitles('import pickle, torch\nsd = torch.load(p, pickle_module=pickle)\n', 'MLH110'), [only]);
    assert.deepEqual(await fixTitles('import torch\nsd = torch.load(p, **opts)\n', 'MLH110'), [only]);
    assert.deepEqual(await fixTitles('import torch\nkw = {"weights_only": False}\nsd = torch.load(p, **kw)\n', 'MLH110'), [only]);
  });

  it('suppresses with # noqa: MLH110', async () => {
    await expectFix(`import torch
sd = torch.load(
  p,
)
`, {
      code: 'MLH110',
      fix: 'noqa',
      expected: `import torch
sd = torch.load(  # noqa: MLH110
  p,
)
`,
    });
  });
});
