import { strict as assert } from 'assert';

import { mayHaveFindings } from '../../server/src/analysis/analyzer';
import { CodeRegions } from '../../server/src/analysis/codeRegions';
import { allRules } from '../../server/src/rules';

/** The text with what is not code blanked to spaces, as the pre-filter sees it. */
function masked(text: string): string {
  const regions = new CodeRegions(text);
  return [...text].map((ch, i) => (ch === '\n' || regions.isCode(i) ? ch : ' ')).join('');
}

describe('pre-filter: comments and prose strings do not count', () => {
  it('blanks comments and prose strings, keeps offsets, newlines, f-string fields and dotted names', () => {
    const text = [
      'import torch  # torch.load(f) is unsafe',
      '"""Example:',
      '>>> model = AutoModel.from_pretrained("gpt2")',
      '"""',
      'x = f"{d["k"]} {pickle.loads(b)!r:>{w}}" + rb\'\\\'.pt\' + "{{not a field}}"',
      'y = getattr(torch, "load"), import_module(\'pickle.x\'), "two words"',
      "z = '''it''' + 'a\\'b'",
    ].join('\n');
    const code = masked(text);
    assert.equal(code.length, text.length);
    assert.deepEqual([...code.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
    assert.ok(!code.includes('torch.load') && !code.includes('from_pretrained') && !code.includes('not a field'));
    assert.ok(code.includes('pickle.loads(b)') && code.includes('d["k"]'));
    assert.ok(code.includes('"load"') && code.includes("'pickle.x'"));
    assert.ok(!code.includes('two words') && !code.includes('.pt'));
    assert.ok(code.startsWith('import torch  '));
  });

  it('counts everything from a string the text ends inside as code', () => {
    assert.equal(masked('# c\nx = """never closed\nimport pickle\n'), '   \nx = """never closed\nimport pickle\n');
    assert.equal(masked('x = f"{pickle.loads(b)'), 'x = f"{pickle.loads(b)');
    assert.equal(masked('x = "one line\ny = 1\n'), 'x = "        \ny = 1\n');
  });

  it('a file that names a sink only in docstrings and comments is not parsed; real calls still are', () => {
    const may = (text: string) => mayHaveFindings(text, allRules);
    assert.equal(may('from transformers import AutoModel\n"""AutoModel.from_pretrained("gpt2")"""\n'), false);
    assert.equal(may('import torch\n# torch.load(path)\n'), false);
    assert.equal(may('import torch\nEXAMPLE = """\n>>> torch.load(path)\n"""\n'), false);
    assert.equal(may('from transformers import AutoModel\nm = AutoModel.from_pretrained("gpt2")\n'), true);
    assert.equal(may('import torch\nf = getattr(torch, "load")\n'), true);
    assert.equal(may('import importlib\nm = importlib.import_module("pickle")\nm.loads(b)\n'), true);
    assert.equal(may('import pickle\ns = f"{pickle.loads(b)}"\n'), true);
    assert.equal(may('import pickle\nx = """unclosed\npickle.loads(b)\n'), true);
  });

  it('needs the called name where a call can reach it: after a dot, in an import, in a string, or with a star import', () => {
    const may = (text: string) => mayHaveFindings(text, allRules);
    // diffusers pipelines import transformers and name a local `pipeline`: not transformers.pipeline.
    assert.equal(may('from transformers import CLIPTextModel\npipeline = make()\npipeline(prompt)\n'), false);
    assert.equal(may('import torch\nload = 1\nprint(load)\n'), false);
    assert.equal(may('from transformers import pipeline\np = pipeline("text-classification")\n'), true);
    assert.equal(may('from transformers import (\n    AutoModel,\n    pipeline as make,\n)\nmake("x")\n'), true);
    assert.equal(may('from transformers import AutoModel, \\\n    pipeline\n'), true);
    assert.equal(may('import transformers as t\np = t .\\\n  pipeline("x")\n'), true);
    assert.equal(may('import transformers\nmake = getattr(transformers, "pipeline")\n'), true);
    assert.equal(may('from transformers import *\np = pipeline("x")\n'), true);
    assert.equal(may('def f():\n    from torch import load\n    return load(path)\n'), true);
    // Session and client methods, and six.moves.urllib, are reached through the same names.
    assert.equal(may('import aiohttp\nasync def f():\n    async with aiohttp.ClientSession() as s:\n        return await s.get(u)\n'), true);
    assert.equal(may('from six.moves.urllib.request import urlretrieve\nurlretrieve(u, "m.pt")\n'), true);
    assert.equal(may('import aiohttp\nsession = aiohttp.ClientSession()\n'), false);
    // An import in a docstring does not count; a name after a dot in a comment does not either.
    assert.equal(may('import torch\n"""\nfrom torch import load\n"""\nload = 1  # torch.load\n'), false);
  });
});
