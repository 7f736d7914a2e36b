import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixAll } from '../../helpers/fixes';

describe('MLH111 yaml-load-unsafe', () => {
  describe('flags', () => {
    it('a Loader-less yaml.load (Warning) and unsafe loaders (Error)', async () => {
      await expectFindings(`import yaml
a = yaml.load(s)
#   ^^^^^^^^^ MLH111 warning
b = yaml.load(s, Loader=yaml.Loader)
#   ^^^^^^^^^ MLH111 error
c = yaml.load(s, yaml.UnsafeLoader)
#   ^^^^^^^^^ MLH111 error
d = yaml.load_all(s, Loader=yaml.CLoader)
#   ^^^^^^^^^^^^^ MLH111 error
e = yaml.unsafe_load(s)
#   ^^^^^^^^^^^^^^^^ MLH111 error
f = yaml.unsafe_load_all(s)
#   ^^^^^^^^^^^^^^^^^^^^ MLH111 error
`);
    });

    it('FullLoader and full_load (Warning)', async () => {
      await expectFindings(`import yaml
a = yaml.load(s, Loader=yaml.FullLoader)
#   ^^^^^^^^^ MLH111 warning
b = yaml.full_load(s)
#   ^^^^^^^^^^^^^^ MLH111 warning
c = yaml.full_load_all(s)
#   ^^^^^^^^^^^^^^^^^^ MLH111 warning
`);
    });

    it('from-imports, star imports, aliases and a subclass of an unsafe Loader', async () => {
      await expectFindings(`from yaml import load as yload, Loader
from yaml.loader import UnsafeLoader
import yaml as Y
a = yload(s, Loader=Loader)
#   ^^^^^ MLH111 error
b = Y.load(s, Loader=UnsafeLoader)
#   ^^^^^^ MLH111 error
class Mine(Y.Loader):
    pass
c = Y.load(s, Loader=Mine)
#   ^^^^^^ MLH111 error
`);
      await expectFindings(`from yaml import *
a = load(s, Loader=FullLoader)
#   ^^^^ MLH111 warning
b = unsafe_load(s)
#   ^^^^^^^^^^^ MLH111 error
c = load(s, Loader=SafeLoader)
`);
    });

    it('a Loader that cannot be resolved is Information', async () => {
      await expectFindings(`import yaml
a = yaml.load(s, Loader=cfg.loader)
#   ^^^^^^^^^ MLH111 information
`);
    });

    it('a function held in a variable, getattr and a reference', async () => {
      await expectFindings(`import yaml
parse = yaml.unsafe_load
a = parse(s)
#   ^^^^^ MLH111 error
b = getattr(yaml, "load")(s)
#   ^^^^^^^^^^^^^^^^^^^^^ MLH111 warning
docs = list(map(yaml.unsafe_load, texts))
#               ^^^^^^^^^^^^^^^^ MLH111 information
`);
    });
  });

  describe('does not flag', () => {
    it('safe loaders through every import path', async () => {
      await expectFindings(`import yaml
import yaml.cyaml
from yaml import SafeLoader, CBaseLoader
from yaml.loader import BaseLoader
a = yaml.load(s, Loader=yaml.SafeLoader)
b = yaml.load(s, Loader=yaml.CSafeLoader)
c = yaml.load(s, Loader=yaml.cyaml.CSafeLoader)
d = yaml.load(s, SafeLoader)
e = yaml.load_all(s, Loader=BaseLoader)
f = yaml.load(s, Loader=CBaseLoader)
g = yaml.safe_load(s)
h = yaml.safe_load_all(s)
`);
    });

    it('the CSafeLoader fallback idiom (p21) and loaders held in variables', async () => {
      await expectFindings(`import yaml
a = yaml.load(s, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
L = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
b = yaml.load(s, Loader=L)
`);
    });

    it('a subclass of SafeLoader, directly or through another subclass', async () => {
      await expectFindings(`import yaml

class IncludeLoader(yaml.SafeLoader):
    pass

class StrictLoader(IncludeLoader):
    pass

a = yaml.load(s, Loader=IncludeLoader)
b = yaml.load(s, Loader=StrictLoader)
`);
    });

    it('shadowed names: a parameter, a local import, other load functions', async () => {
      await expectFindings(`import yaml
import json
from ruamel.yaml import YAML

def f(yaml):
    return yaml.load(s)

def g():
    import json as yaml
    return yaml.load(fp)

x = json.load(fp)
y = YAML(typ="safe").load(s)
`);
    });
  });

  describe('quick-fixes', () => {
    it('yaml.load(s) -> yaml.safe_load(s)', async () => {
      await expectFix('import yaml\ncfg = yaml.load(s)\n', {
        code: 'MLH111',
        title: 'yaml.safe_load',
        expected: 'import yaml\ncfg = yaml.safe_load(s)\n',
      });
    });

    it('removes a keyword or positional Loader', async () => {
      await expectFix('import yaml\ncfg = yaml.load(s, Loader=yaml.FullLoader)\n', {
        code: 'MLH111',
        expected: 'import yaml\ncfg = yaml.safe_load(s)\n',
      });
      await expectFix('import yaml\ncfg = yaml.load(open(p), yaml.Loader)\n', {
        code: 'MLH111',
        expected: 'import yaml\ncfg = yaml.safe_load(open(p))\n',
      });
      await expectFix('import yaml\ncfgs = yaml.load_all(\n    stream,\n    Loader=yaml.UnsafeLoader,\n)\n', {
        code: 'MLH111',
        expected: 'import yaml\ncfgs = yaml.safe_load_all(\n    stream\n)\n',
      });
    });

    it('unsafe_load_all and full_load -> safe_load_all and safe_load through an alias', async () => {
      await expectFix('import yaml as Y\ndocs = Y.unsafe_load_all(s)\n', {
        code: 'MLH111',
        expected: 'import yaml as Y\ndocs = Y.safe_load_all(s)\n',
      });
      await expectFix('import yaml as Y\ncfg = Y.full_load(s)\n', {
        code: 'MLH111',
        expected: 'import yaml as Y\ncfg = Y.safe_load(s)\n',
      });
    });

    it('adds import yaml when yaml is only reachable through from yaml import load', async () => {
      await expectFix('from yaml import load\ncfg = load(s)\n', {
        code: 'MLH111',
        expected: 'from yaml import load\nimport yaml\ncfg = yaml.safe_load(s)\n',
      });
      await expectFix(`"""Config helpers."""
from yaml import load as yl, FullLoader


def read(s):
    return yl(s, Loader=FullLoader)
`, {
        code: 'MLH111',
        expected: `"""Config helpers."""
from yaml import load as yl, FullLoader
import yaml


def read(s):
    return yaml.safe_load(s)
`,
      });
    });

    it('uses an existing import yaml instead of adding one', async () => {
      await expectFix('import yaml\nfrom yaml import unsafe_load\ncfg = unsafe_load(s)\n', {
        code: 'MLH111',
        expected: 'import yaml\nfrom yaml import unsafe_load\ncfg = yaml.safe_load(s)\n',
      });
    });

    it('suppresses with # noqa: MLH111, appending to an existing noqa', async () => {
      await expectFix('import yaml\ncfg = yaml.load(s)  # noqa: E501\n', {
        code: 'MLH111',
        fix: 'noqa',
        expected: 'import yaml\ncfg = yaml.load(s)  # noqa: E501, MLH111\n',
      });
    });

    it('fix all adds one import for several calls and is idempotent', async () => {
      const source = 'from yaml import load, unsafe_load_all\na = load(s)\nb = unsafe_load_all(t)\n';
      const once = await fixAll(source);
      assert.equal(once, 'from yaml import load, unsafe_load_all\nimport yaml\na = yaml.safe_load(s)\nb = yaml.safe_load_all(t)\n');
      assert.equal(await fixAll(once), once);
    });
  });
});
