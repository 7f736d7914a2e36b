import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH101 pickle-load', () => {
  describe('flags', () => {
    it('load, loads and Unpickler through every spelling', async () => {
      await expectFindings(`import pickle
import _pickle
import cPickle as pk
from six.moves import cPickle
from pickle import loads as pl
a = pickle.load(f)
#   ^^^^^^^^^^^ MLH101 warning
b = pickle.loads(blob)
#   ^^^^^^^^^^^^ MLH101 warning
c = pickle.Unpickler(f).load()
#   ^^^^^^^^^^^^^^^^ MLH101 warning
d = _pickle.load(f)
#   ^^^^^^^^^^^^ MLH101 warning
e = pk.loads(blob)
#   ^^^^^^^^ MLH101 warning
g = cPickle.loads(blob)
#   ^^^^^^^^^^^^^ MLH101 warning
h = pl(blob)
#   ^^ MLH101 warning
`);
    });

    it('a star import, a module in a variable, getattr and import_module', async () => {
      await expectFindings(`from pickle import *
a = loads(blob)
#   ^^^^^ MLH101 warning
`);
      await expectFindings(`import importlib
import pickle
mod = pickle
a = mod.loads(blob)
#   ^^^^^^^^^ MLH101 warning
b = getattr(pickle, "loads")(blob)
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH101 warning
pk = importlib.import_module("pickle")
c = pk.load(f)
#   ^^^^^^^ MLH101 warning
d = importlib.import_module("_pickle").loads(blob)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH101 warning
`);
    });

    it('function references in a container or map (p8) are Information', async () => {
      await expectFindings(`import json, pickle
for fn in (pickle.load, json.load):
    #      ^^^^^^^^^^^ MLH101 information
    fn(f)
objs = list(map(pickle.loads, blobs))
#               ^^^^^^^^^^^^ MLH101 information
`);
    });

    it('remote bytes are an Error (p22)', async () => {
      await expectFindings(`import pickle
import requests
from huggingface_hub import hf_hub_download
clf = pickle.load(open(hf_hub_download("org/m", "model.pkl"), "rb"))
#     ^^^^^^^^^^^ MLH101 error
#                      ^^^^^^^^^^^^^^^ MLH201 warning
obj = pickle.loads(requests.get(url).content)
#     ^^^^^^^^^^^^ MLH101 error
`);
    });

    it('remote bytes through a variable bound once in the same scope are an Error', async () => {
      await expectFindings(`import pickle
import requests
from urllib.request import urlopen
data = urlopen(u).read()
obj = pickle.loads(data)
#     ^^^^^^^^^^^^ MLH101 error

def f(u):
    r = requests.get(u)
    payload = r.content
    return pickle.loads(payload)
#          ^^^^^^^^^^^^ MLH101 error

def g(path):
    data = open(path, "rb").read()
    return pickle.loads(data)
#          ^^^^^^^^^^^^ MLH101 warning
`);
    });

    it('an Unpickler subclass: Warning, or Information when it overrides find_class', async () => {
      const { findings } = await expectFindings(`import pickle

class Plain(pickle.Unpickler):
    pass

class Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(name)

a = Plain(f).load()
#   ^^^^^ MLH101 warning
b = Restricted(f).load()
#   ^^^^^^^^^^ MLH101 information
`);
      assert.match(findings[1].message, /find_class/);
    });

    it('find_class inherited from a restricted subclass, and subclasses of other spellings', async () => {
      await expectFindings(`from pickle import Unpickler as U
import _pickle

class Restricted(U):
    def find_class(self, module, name):
        raise ValueError(name)

class Child(Restricted):
    pass

class Fast(_pickle.Unpickler):
    def find_class(self, module, name):
        raise ValueError(name)

class Open(_pickle.Unpickler):
    pass

a = Child(f).load()
#   ^^^^^ MLH101 information
b = Fast(f).load()
#   ^^^^ MLH101 information
c = Open(f).load()
#   ^^^^ MLH101 warning
`);
    });
  });

  describe('does not flag', () => {
    it('dumping, shadowing parameters (p3), local rebinding, type-only imports (p26)', async () => {
      await expectFindings(`import pickle
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import cPickle
blob = pickle.dumps(obj)
pickle.dump(obj, f)

def f(pickle):
    return pickle.loads(b)

def g():
    import json as pickle
    return pickle.loads(s)

class Store:
    def pickle(self):
        return self.loads(b)

x = cPickle.loads(b)
s = "pickle.loads(b)"
`);
    });

    it('a load bound to a def that shadows the import', async () => {
      await expectFindings(`from pickle import load

def load(f):
    return f.read()

x = load(f)
`);
    });
  });

  describe('quick-fixes', () => {
    it('offers only the noqa fix, which adds a comment', async () => {
      assert.deepEqual(await fixTitles('import pickle\nx = pickle.load(f)\n', 'MLH101'), [['Suppress MLH101 on this line (# noqa: MLH101)']]);
      await expectFix('import pickle\nx = pickle.load(f)\n', {
        code: 'MLH101',
        fix: 'noqa',
        expected: 'import pickle\nx = pickle.load(f)  # noqa: MLH101\n',
      });
    });

    it('appends to an existing # noqa: list', async () => {
      await expectFix('import pickle\nx = pickle.load(f)  # noqa: E501\n', {
        code: 'MLH101',
        fix: 'noqa',
        expected: 'import pickle\nx = pickle.load(f)  # noqa: E501, MLH101\n',
      });
    });

    it('puts the comment above a statement whose first line ends inside a string', async () => {
      for (const [first, rest] of [['b"""', 'abc""")'], ['b"""x', 'abc""")'], ['f"""{x}', 'abc""")']]) {
        await expectFix(`import pickle\nx = pickle.loads(${first}\n${rest}\n`, {
          code: 'MLH101',
          fix: 'noqa',
          expected: `import pickle\n# noqa: MLH101\nx = pickle.loads(${first}\n${rest}\n`,
        });
      }
      await expectFix('import pickle\ndef f():\n    return pickle.loads("""\nabc""")\n', {
        code: 'MLH101',
        fix: 'noqa',
        expected: 'import pickle\ndef f():\n    # noqa: MLH101\n    return pickle.loads("""\nabc""")\n',
      });
    });
  });
});
