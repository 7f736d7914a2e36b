import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH104 jsonpickle-decode', () => {
  it('flags decode, unpickler.decode and unpickler.Unpickler', async () => {
    await expectFindings(`import jsonpickle
import jsonpickle.unpickler as ju
from jsonpickle import decode as jdecode
from jsonpickle.unpickler import Unpickler
a = jsonpickle.decode(s)
#   ^^^^^^^^^^^^^^^^^ MLH104 warning
b = jsonpickle.unpickler.decode(s)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH104 warning
c = ju.decode(s)
#   ^^^^^^^^^ MLH104 warning
d = jdecode(s)
#   ^^^^^^^ MLH104 warning
e = Unpickler().restore(obj)
#   ^^^^^^^^^ MLH104 warning
`);
  });

  it('follows a function in a variable and an import_module call', async () => {
    await expectFindings(`import importlib
jp = importlib.import_module("jsonpickle")
a = jp.decode(s)
#   ^^^^^^^^^ MLH104 warning
dec = jp.decode
b = dec(s)
#   ^^^ MLH104 warning
`);
  });

  it('does not flag encode, a shadowing parameter or json.loads', async () => {
    await expectFindings(`import json
import jsonpickle
s = jsonpickle.encode(obj)
x = json.loads(s)

def f(jsonpickle):
    return jsonpickle.decode(s)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import jsonpickle\nobj = jsonpickle.decode(s)\n', { code: 'MLH104', fix: 'noqa', expected: 'import jsonpickle\nobj = jsonpickle.decode(s)  # noqa: MLH104\n' });
  });
});
