import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH102 dill-load', () => {
  it('flags dill loads through imports, aliases, star imports and variables', async () => {
    await expectFindings(`import dill
import dill as dl
from dill import loads as dloads
a = dill.load(f)
#   ^^^^^^^^^ MLH102 warning
b = dl.loads(blob)
#   ^^^^^^^^ MLH102 warning
c = dloads(blob)
#   ^^^^^^ MLH102 warning
s = dill.load_session("session.pkl")
#   ^^^^^^^^^^^^^^^^^ MLH102 warning
u = dill.Unpickler(f)
#   ^^^^^^^^^^^^^^ MLH102 warning
read = dill.loads
d = read(blob)
#   ^^^^ MLH102 warning
`);
  });

  it('flags a star import and a remote source as an Error', async () => {
    await expectFindings(`from dill import *
import requests
a = loads(requests.get(url).content)
#   ^^^^^ MLH102 error
`);
  });

  it('does not flag dumps, shadowing parameters or other modules', async () => {
    await expectFindings(`import dill
blob = dill.dumps(obj)

def f(dill):
    return dill.loads(b)

import json as dill2
x = dill2.loads(s)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import dill\nobj = dill.load(f)\n', { code: 'MLH102', fix: 'noqa', expected: 'import dill\nobj = dill.load(f)  # noqa: MLH102\n' });
  });
});
