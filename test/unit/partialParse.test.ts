import { strict as assert } from 'assert';

import { analyze } from '../../server/src/analysis/analyzer';
import { definitionBodies } from '../../server/src/analysis/definitionBodies';
import { analysedRanges, parseForAnalysis } from '../../server/src/analysis/partialParse';
import type { Finding } from '../../server/src/analysis/types';
import { allRules } from '../../server/src/rules';
import { catalogOf, entry } from '../helpers/saves';
import { testParser } from '../helpers/testParser';

/** Each body as the text from its first statement to its end. */
function bodies(text: string): string[] | undefined {
  return definitionBodies(text)?.map((b) => text.slice(b.first, b.end));
}

/** The text the partial parse leaves out, each run of it as `first…last` lines. */
function leftOut(text: string): string[] {
  const ranges = analysedRanges(text, allRules, 0) ?? [];
  const out: string[] = [];
  // Ranges come in pairs, the text up to a body and the one character kept of it.
  for (let i = 1; i + 1 < ranges.length; i += 2) out.push(text.slice(ranges[i - 1].endIndex, ranges[i + 1].startIndex).split('\n')[0]);
  return out;
}

/** A catalog with one entry, `churn`: the save rules report the saves it does not declare. */
const CATALOG = catalogOf([entry('churn')]);

async function findings(text: string, partial: boolean): Promise<Finding[]> {
  const parser = await testParser();
  const tree = partial ? parseForAnalysis(parser, text, allRules, 0) : parser.parse(text);
  assert.ok(tree);
  try {
    return analyze(tree, text, { rules: allRules, catalog: CATALOG, oneShot: partial });
  } finally {
    tree.delete();
  }
}

describe('partial parse: function and class bodies found from indentation', () => {
  it('finds nested, async and decorated functions and classes, with their whole bodies', () => {
    const text = [
      'import torch',
      '@torch.no_grad()',
      'def outer(a,',
      '          b=(1,',
      '2)) -> dict:  # a comment',
      '    """Doc: def not_a_function():"""',
      '    def inner():',
      '        return {',
      '    "k": 1}',
      '    x = 1 + \\',
      '2',
      '  # a comment less indented does not end the body',
      '    return inner',
      '',
      'class A:',
      '\tasync def m(self):',
      '\t\tawait go()',
      '\tdef one_line(self): return 1',
      'y = 2',
    ].join('\n');
    assert.deepEqual(bodies(text), [
      '"""Doc: def not_a_function():"""\n    def inner():\n        return {\n    "k": 1}\n    x = 1 + \\\n2\n  # a comment less indented does not end the body\n    return inner',
      'return {\n    "k": 1}',
      'async def m(self):\n\t\tawait go()\n\tdef one_line(self): return 1',
      'await go()',
    ]);
  });

  it('handles CRLF line ends, a body at the end of the text, and no body at all', () => {
    assert.deepEqual(bodies('def f():\r\n    a = 1\r\n    return a\r\nx = 1\r\n'), ['a = 1\r\n    return a\r']);
    assert.deepEqual(bodies('def f():\n    return 1'), ['return 1']);
    assert.deepEqual(bodies('def f(): return 1\nx = "def g():"\n'), []);
    assert.deepEqual(bodies('def f():\n'), []);
  });

  it('gives up on a text that ends inside a string (lines cannot be told apart)', () => {
    assert.equal(bodies('def f():\n    x = """never closed\n    return x\n'), undefined);
  });
});

describe('partial parse: what is left out', () => {
  const HEADER = 'import torch\nimport requests\n';
  const plain = 'def plain(x):\n    y = x * 2\n    z = torch.zeros(3)\n    return y + z\n';

  it('leaves out the bodies that spell nothing a rule looks at, keeps those that do', () => {
    const text = `${HEADER}${plain}def loads(p):\n    return torch.load(p)\n`;
    assert.deepEqual(leftOut(text), ['y = x * 2']);
  });

  it('keeps a body that names a sink in quotes, through an imported name, or an alias assigned elsewhere', () => {
    const quoted = `${HEADER}def f(m):\n    fn = getattr(m, "load")\n    return fn\n`;
    const imported = 'from torch import load as L\ndef f(p):\n    x = 1\n    return L(p)\n';
    const aliased = `${HEADER}LOAD = torch.load\ndef f(p):\n    x = 1\n    return LOAD(p)\n`;
    const entered = `${HEADER}with requests.Session() as s:\n    pass\ndef f(u):\n    x = 1\n    return s.get(u)\n`;
    const resolved = 'import importlib\ndef f(b):\n    x = 1\n    return importlib.import_module("pickle").loads(b)\n';
    const subclass = 'import pickle\nclass R(pickle.Unpickler):\n    pass\ndef f(b):\n    x = 1\n    return R(b).load()\n';
    // (R's own body, `pass`, may go: the function's may not.)
    for (const text of [quoted, imported, aliased, entered, resolved, subclass]) assert.ok(!leftOut(text).some((l) => /x = 1|fn =/.test(l)), text);
  });

  it('keeps a body with global or nonlocal, or an MLflow artifact a registration may link', () => {
    const global = `${HEADER}P = "a"\ndef f():\n    global P\n    P = "b.pt"\n`;
    const artifact = `${HEADER}import mlflow\ndef f(p):\n    x = 1\n    mlflow.log_artifact(p)\n`;
    for (const text of [global, artifact]) assert.deepEqual(leftOut(text), [], text);
  });

  it('does not read a line too long for its patterns (minified code): nothing is left out then', () => {
    const long = `import torch\nx = ${'a, '.repeat(1500)}torch.load\n${plain}`;
    assert.equal(analysedRanges(long, allRules, 0), undefined);
  });

  it('does not leave anything out after a star import, or in a module with no function', () => {
    assert.equal(analysedRanges(`from torch import *\n${plain}`, allRules, 0), undefined);
    assert.equal(analysedRanges('import torch\nx = torch.load(p)\n', allRules, 0), undefined);
  });
});

describe('partial parse: the same findings and fixes as a whole parse', () => {
  const cases: Record<string, string> = {
    'a save and its load in other functions (the safetensors fix rewrites both)': `import torch

def train(model):
    model.fit(data)
    torch.save(model.state_dict(), "models/m.pt")

def helper(values):
    total = 0
    for v in values:
        total += v * 2
    return total

def serve(model):
    model.load_state_dict(torch.load("models/m.pt"), strict=False)
`,
    'a module-level alias called in a function, a class with methods, a docstring-first body': `import pickle
from transformers import AutoModel
LOAD = pickle.load

class Service:
    def __init__(self, path):
        """Opens the model."""
        self.path = path
        self.cache = {}

    def model(self):
        return AutoModel.from_pretrained("org/name")

def read(f):
    values = [1, 2, 3]
    return LOAD(f)
`,
    'a save registered through log_artifact in another function': `import joblib
import mlflow
from sklearn.svm import SVC

def save():
    joblib.dump(SVC(), "model.joblib")
    joblib.dump(SVC(), "other.joblib")

def publish():
    mlflow.log_artifact("model.joblib")

def report(values):
    total = sum(values)
    return {"total": total, "mean": total / len(values)}

def register(run_id):
    mlflow.register_model(f"runs:/{run_id}/model.joblib", "churn")
`,
    'an Unpickler subclass that overrides find_class, beside a plain class': `import pickle

class Plain:
    """A helper."""
    def total(self, values):
        return sum(values)

class Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        raise ValueError(name)

def read(f):
    return Restricted(f).load()
`,
    'a module reached by its name (import_module) inside a function, beside a plain one': `import importlib

def plain(values):
    total = sum(values)
    return {"total": total}

def read(blob):
    return importlib.import_module("pickle").loads(blob)
`,
    'URL downloads beside plain helpers, a nested function': `import hashlib
import urllib.request

def fetch(url):
    def check(path):
        h = hashlib.sha256()
        return h.hexdigest()
    urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")
    return check("m.pt")

def unrelated(a, b):
    c = a + b
    return {"sum": c, "diff": a - b}
`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, async () => {
      assert.ok(leftOut(text).length > 0, 'the case leaves something out');
      const whole = await findings(text, false);
      assert.ok(whole.length > 0);
      assert.deepEqual(await findings(text, true), whole);
    });
  }
});
