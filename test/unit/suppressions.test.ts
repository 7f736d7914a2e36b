import { strict as assert } from 'assert';

import { expectFindings } from '../helpers/expectFindings';
import { expectParses, fixAll } from '../helpers/fixes';
import { findingsOf } from '../helpers/testParser';

describe('suppressions', () => {
  it('# noqa: CODE on any line of a multi-line call, or on a comment-only line above', async () => {
    await expectFindings(`import torch
a = torch.load(p)  # noqa: MLH110
b = torch.load(  # noqa: MLH110
    p,
)
c = torch.load(
    p,
    map_location="cpu",  # noqa: MLH110
)
# noqa: MLH110
d = torch.load(p)
# noqa: MLH110 -- trusted checkpoint, reviewed
e = model.fit(
    torch.load(p),
)
f = torch.load(p)  # noqa: E501, MLH110, S301
g = torch.load(p)  #NOQA:MLH110
`);
  });

  it('a trailing comment never silences the next line; a bare # noqa never silences', async () => {
    await expectFindings(`import torch
a = torch.load(p)  # noqa: MLH110
b = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
c = torch.load(p)  # noqa
#   ^^^^^^^^^^ MLH110 warning
# noqa
d = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
e = torch.load(p)  # noqa: MLH101
#   ^^^^^^^^^^ MLH110 warning
s = "# noqa: MLH110"; f = torch.load(p)
#                         ^^^^^^^^^^ MLH110 warning
`);
  });

  it('a noqa on a compound statement header does not silence its body', async () => {
    await expectFindings(`import torch
if ready:  # noqa: MLH110
    a = torch.load(p)
    #   ^^^^^^^^^^ MLH110 warning
`);
  });

  it('# nosec bare or with the rule\'s Bandit code silences MLH1xx', async () => {
    await expectFindings(`import pickle, torch, yaml
a = torch.load(p)  # nosec
b = torch.load(p)  # nosec B614
c = pickle.loads(s)  # nosec B301
d = pickle.loads(s)  # nosec B403
e = yaml.load(s)  # nosec: B506
f = torch.load(p)  # nosec B301
#   ^^^^^^^^^^ MLH110 warning
g = yaml.load(s)  # nosec B615
#   ^^^^^^^^^ MLH111 warning
`);
  });

  it('the Ruff/TorchFix codes in each rule\'s noqa list', async () => {
    await expectFindings(`import pickle, torch, yaml, marshal, joblib
a = torch.load(p)  # noqa: TOR102
b = pickle.loads(s)  # noqa: S301
c = yaml.load(s)  # noqa: S506
d = marshal.loads(s)  # noqa: S302
e = torch.load(p)  # noqa: S301
#   ^^^^^^^^^^ MLH110 warning
f = joblib.load(p)  # noqa: S301
#   ^^^^^^^^^^^ MLH105 warning
`);
  });

  it('a finding from a **dict defined elsewhere is silenced on its call', async () => {
    await expectFindings(`import numpy as np
opts = {"allow_pickle": True}
a = np.load(p, **opts)  # noqa: MLH109
`);
  });

  it('honourSuppressions: false keeps suppressed findings as Information, marked', async () => {
    const { findings } = await expectFindings(`import torch
a = torch.load(p)  # noqa: MLH110
#   ^^^^^^^^^^ MLH110 information
b = torch.load(p)  # nosec B614
#   ^^^^^^^^^^ MLH110 information
c = torch.load(p, weights_only=False)
#                 ^^^^^^^^^^^^^^^^^^ MLH110 error
`, { honourSuppressions: false });
    assert.deepEqual(findings.map((f) => f.suppressed?.by), ['noqa', 'nosec', undefined]);
    assert.match(findings[0].message, /^Suppressed by this repository \(# noqa: MLH110\)/);
    // The suppressed finding offers no second noqa fix, but keeps the real fix.
    assert.deepEqual(findings[0].fixes.map((f) => f.title), ['Set `weights_only=True` (loads tensors and plain containers only)']);
  });
});

describe('fix all (preferredEdits + applyEdits)', () => {
  const file = `"""Training utilities."""
import numpy as np
import torch
from yaml import load, FullLoader

cfg = load(open("cfg.yaml"), Loader=FullLoader)
arr = np.load("a.npy", allow_pickle=True)
state = torch.load(
    "ckpt.pt",
    map_location="cpu",
)
try:
    sd = torch.load(p, weights_only=True)
except RuntimeError:
    sd = torch.load(p, weights_only=False)
mods = torch.load(p, pickle_module=pickle)  # no safe fix exists
legacy = torch.load(p)  # noqa: MLH110
`;

  it('fixes every finding that has a preferred fix, and a second pass changes nothing', async () => {
    const once = await fixAll(file);
    assert.equal(once, `"""Training utilities."""
import numpy as np
import torch
from yaml import load, FullLoader
import yaml

cfg = yaml.safe_load(open("cfg.yaml"))
arr = np.load("a.npy")
state = torch.load(
    "ckpt.pt",
    map_location="cpu",
    weights_only=True,
)
try:
    sd = torch.load(p, weights_only=True)
except RuntimeError:
    sd = torch.load(p, weights_only=True)
mods = torch.load(p, pickle_module=pickle)  # no safe fix exists
legacy = torch.load(p)  # noqa: MLH110
`);
    await expectParses(once);
    assert.equal(await fixAll(once), once);
    const left = await findingsOf(once);
    assert.deepEqual(left.map((f) => `${f.code} ${f.severity}`), ['MLH110 warning']);
  });
});
