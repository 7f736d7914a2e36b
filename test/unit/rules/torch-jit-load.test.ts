import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH112 torch-jit-load', () => {
  describe('flags', () => {
    it('torch.jit.load through aliases, from-imports and variables (Information)', async () => {
      const { findings } = await expectFindings(`import torch
import torch as T
import torch.jit as tj
from torch.jit import load as jload
a = torch.jit.load("model.pt")
#   ^^^^^^^^^^^^^^ MLH112 information
b = T.jit.load(p, map_location="cpu")
#   ^^^^^^^^^^ MLH112 information
c = tj.load(p)
#   ^^^^^^^ MLH112 information
d = jload(p)
#   ^^^^^ MLH112 information
jit = torch.jit
e = jit.load(p)
#   ^^^^^^^^ MLH112 information
`);
      assert.match(findings[0].message, /^`torch\.jit\.load` has no safe mode .*CWE-502/);
    });

    it('a remote source is a Warning', async () => {
      const { findings } = await expectFindings(`import torch
from huggingface_hub import hf_hub_download
from urllib.request import urlopen
a = torch.jit.load(hf_hub_download("org/m", "model.pt"))
#   ^^^^^^^^^^^^^^ MLH112 warning
#                  ^^^^^^^^^^^^^^^ MLH201 warning
b = torch.jit.load(urlopen(url))
#   ^^^^^^^^^^^^^^ MLH112 warning
c = torch.jit.load("https://example.com/model.pt")
#   ^^^^^^^^^^^^^^ MLH112 warning
d = torch.jit.load(f=urlopen(url), map_location="cpu")
#   ^^^^^^^^^^^^^^ MLH112 warning
`);
      assert.match(findings[0].message, /fetched from `hf_hub_download\(\.\.\.\)`/);
    });
  });

  describe('does not flag', () => {
    it('torch.load (MLH110), shadowing, a local rebinding and jit.save', async () => {
      await expectFindings(`import torch
torch.jit.save(m, p)

def f(torch):
    return torch.jit.load(p)

def g():
    import numpy as torch
    return torch.jit.load(p)

s = "torch.jit.load(p)"
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH112, a bare # nosec; no foreign code is claimed', async () => {
      await expectFindings(`import torch
a = torch.jit.load(p)  # noqa: MLH112
b = torch.jit.load(p)  # nosec
c = torch.jit.load(p)  # nosec B614
#   ^^^^^^^^^^^^^^ MLH112 information
d = torch.jit.load(p)  # noqa: TOR102
#   ^^^^^^^^^^^^^^ MLH112 information
`);
    });

    it('offers only the noqa fix', async () => {
      assert.deepEqual(await fixTitles('import torch\nm = torch.jit.load(p)\n', 'MLH112'), [['Suppress MLH112 on this line (# noqa: MLH112)']]);
      await expectFix('import torch\nm = torch.jit.load(p)\n', { code: 'MLH112', fix: 'noqa', expected: 'import torch\nm = torch.jit.load(p)  # noqa: MLH112\n' });
    });
  });
});
