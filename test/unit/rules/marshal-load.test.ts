import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH108 marshal-load', () => {
  it('flags marshal.load and marshal.loads', async () => {
    await expectFindings(`import marshal
from marshal import loads as mloads
a = marshal.load(f)
#   ^^^^^^^^^^^^ MLH108 warning
b = mloads(blob)
#   ^^^^^^ MLH108 warning
c = getattr(marshal, "loads")(blob)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH108 warning
`);
  });

  it('does not flag dumps or a local rebinding', async () => {
    await expectFindings(`import marshal
blob = marshal.dumps(code)

def g():
    import json as marshal
    return marshal.loads(s)
`);
  });

  it('is silenced by Bandit B302 and Ruff S302, not by B301', async () => {
    await expectFindings(`import marshal
a = marshal.loads(b)  # nosec B302
b = marshal.loads(b)  # noqa: S302
c = marshal.loads(b)  # nosec B301
#   ^^^^^^^^^^^^^ MLH108 warning
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import marshal\ncode = marshal.loads(blob)\n', { code: 'MLH108', fix: 'noqa', expected: 'import marshal\ncode = marshal.loads(blob)  # noqa: MLH108\n' });
  });
});
