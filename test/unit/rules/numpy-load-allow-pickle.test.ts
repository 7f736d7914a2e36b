import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH109 numpy-load-allow-pickle', () => {
  describe('flags', () => {
    it('a truthy allow_pickle, on the argument (Error)', async () => {
      await expectFindings(`import numpy as np
a = np.load(p, allow_pickle=True)
#              ^^^^^^^^^^^^^^^^^ MLH109 error
b = np.load(p, None, True)
#                    ^^^^ MLH109 error
c = np.load(p, allow_pickle=1)
#              ^^^^^^^^^^^^^^ MLH109 error
`);
    });

    it('through constants, dict literals and from-imports', async () => {
      await expectFindings(`from numpy import load
import numpy
ALLOW = True
a = load(p, allow_pickle=ALLOW)
#           ^^^^^^^^^^^^^^^^^^ MLH109 error
opts = {"allow_pickle": True}
b = numpy.load(p, **opts)
#   ^^^^^^^^^^ MLH109 error
c = numpy.load(p, **{"allow_pickle": "yes"})
#                                    ^^^^^ MLH109 error
`);
    });

    it('an unknown value (p19) or unknown **kwargs is Information', async () => {
      await expectFindings(`import numpy as np
a = np.load(p, allow_pickle=cfg.allow)
#              ^^^^^^^^^^^^^^^^^^^^^^ MLH109 information
b = np.load(p, **kwargs)
#   ^^^^^^^ MLH109 information
`);
    });

    it('a variable holding numpy.load and numpy.lib.npyio.load', async () => {
      await expectFindings(`import numpy as np
import numpy.lib.npyio as npyio
read = np.load
a = read(p, allow_pickle=True)
#           ^^^^^^^^^^^^^^^^^ MLH109 error
b = npyio.load(p, allow_pickle=True)
#                 ^^^^^^^^^^^^^^^^^ MLH109 error
`);
    });
  });

  describe('does not flag', () => {
    it('the default (p20) and falsy values', async () => {
      await expectFindings(`import numpy as np
with np.load("arrays.npz") as z:
    x = z["x"]
a = np.load(p)
b = np.load(p, allow_pickle=False)
c = np.load(p, allow_pickle=None)
d = np.load(p, mmap_mode="r")
OFF = False
e = np.load(p, allow_pickle=OFF)
f = np.load(p, **{"mmap_mode": "r"})
`);
    });

    it('other load functions and shadowing', async () => {
      await expectFindings(`import numpy as np
import torch as np2

def f(np):
    return np.load(p, allow_pickle=True)

s = np.loadtxt(p)
t = np.save(p, a, allow_pickle=True)
`);
    });
  });

  describe('quick-fixes', () => {
    it('removes allow_pickle=True', async () => {
      await expectFix('import numpy as np\narr = np.load(p, allow_pickle=True)\n', {
        code: 'MLH109',
        title: 'Remove `allow_pickle`',
        expected: 'import numpy as np\narr = np.load(p)\n',
      });
    });

    it('removes it between other arguments and on its own line', async () => {
      await expectFix('import numpy as np\narr = np.load(p, allow_pickle=True, mmap_mode="r")\n', {
        code: 'MLH109',
        expected: 'import numpy as np\narr = np.load(p, mmap_mode="r")\n',
      });
      await expectFix('import numpy as np\narr = np.load(\n    p,\n    allow_pickle=True,\n)\n', {
        code: 'MLH109',
        expected: 'import numpy as np\narr = np.load(\n    p\n)\n',
      });
    });

    it('removes an unresolved allow_pickle too', async () => {
      await expectFix('import numpy as np\narr = np.load(p, allow_pickle=cfg.allow)\n', {
        code: 'MLH109',
        expected: 'import numpy as np\narr = np.load(p)\n',
      });
    });

    it('offers only noqa for a positional or **-supplied allow_pickle', async () => {
      const only = ['Suppress MLH109 on this line (# noqa: MLH109)'];
      assert.deepEqual(await fixTitles('import numpy as np\na = np.load(p, None, True)\n', 'MLH109'), [only]);
      assert.deepEqual(await fixTitles('import numpy as np\na = np.load(p, **{"allow_pickle": True})\n', 'MLH109'), [only]);
    });

    it('suppresses with # noqa: MLH109 on the first line of the statement', async () => {
      await expectFix('import numpy as np\narr = np.load(\n    p, allow_pickle=True)\n', {
        code: 'MLH109',
        fix: 'noqa',
        expected: 'import numpy as np\narr = np.load(  # noqa: MLH109\n    p, allow_pickle=True)\n',
      });
    });
  });
});
