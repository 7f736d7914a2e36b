import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH116 skops-load-trusted', () => {
  describe('flags', () => {
    it('trusted=True is an Error on the keyword, through every spelling', async () => {
      const { findings } = await expectFindings(`import skops.io as sio
import skops.io
from skops import io as skio
from skops.io import load, loads as sloads
TRUST = True
a = sio.load("model.skops", trusted=True)
#                           ^^^^^^^^^^^^ MLH116 error
b = skops.io.load(p, trusted=TRUST)
#                    ^^^^^^^^^^^^^ MLH116 error
c = skio.load(p, True)
#                ^^^^ MLH116 error
d = load(p, trusted=True)
#           ^^^^^^^^^^^^ MLH116 error
e = sloads(blob, trusted=True)
#                ^^^^^^^^^^^^ MLH116 error
f = sio.load(p, **{"trusted": True})
#                             ^^^^ MLH116 error
`);
      assert.match(findings[0].message, /^`sio\.load` with `trusted=True` trusts every type .*CWE-502/);
    });

    it('an unknown trusted, or the file\'s own list unreviewed, is Information', async () => {
      const { findings } = await expectFindings(`import skops.io as sio
a = sio.load(p, trusted=cfg.trusted)
#               ^^^^^^^^^^^^^^^^^^^ MLH116 information
b = sio.load(p, trusted=sio.get_untrusted_types(file=p))
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH116 information
c = sio.load(p, **opts)
#   ^^^^^^^^ MLH116 information
`);
      assert.match(findings[1].message, /trusts every type the file itself lists \(`sio\.get_untrusted_types\(\.\.\.\)`\)/);
    });
  });

  describe('does not flag', () => {
    it('the default, an explicit list, None or False, dumping, shadowing', async () => {
      await expectFindings(`import skops.io as sio
TYPES = ["sklearn.linear_model._logistic.LogisticRegression"]
a = sio.load(p)
b = sio.load(p, trusted=["numpy.float64"])
c = sio.load(p, trusted=TYPES)
d = sio.load(p, trusted=None)
e = sio.load(p, trusted=False)
f = sio.load(p, trusted=[])
sio.dump(clf, p)

def g(sio):
    return sio.load(p, trusted=True)
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH116 and a bare # nosec', async () => {
      await expectFindings(`import skops.io as sio
a = sio.load(p, trusted=True)  # noqa: MLH116
b = sio.load(p, trusted=True)  # nosec
c = sio.load(p, trusted=True)  # noqa: S301
#               ^^^^^^^^^^^^ MLH116 error
`);
    });

    it('offers only the noqa fix', async () => {
      const src = 'import skops.io as sio\nclf = sio.load(p, trusted=True)\n';
      assert.deepEqual(await fixTitles(src, 'MLH116'), [['Suppress MLH116 on this line (# noqa: MLH116)']]);
      await expectFix(src, { code: 'MLH116', fix: 'noqa', expected: 'import skops.io as sio\nclf = sio.load(p, trusted=True)  # noqa: MLH116\n' });
    });
  });
});
