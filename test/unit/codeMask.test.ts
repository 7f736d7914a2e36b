import { strict as assert } from 'assert';

import { mayHaveFindings } from '../../server/src/analysis/analyzer';
import { maskStringsAndComments } from '../../server/src/analysis/codeMask';
import { allRules } from '../../server/src/rules';

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
    const masked = maskStringsAndComments(text)!;
    assert.equal(masked.length, text.length);
    assert.deepEqual([...masked.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
    assert.ok(!masked.includes('torch.load') && !masked.includes('from_pretrained') && !masked.includes('not a field'));
    assert.ok(masked.includes('pickle.loads(b)') && masked.includes('d["k"]'));
    assert.ok(masked.includes('"load"') && masked.includes("'pickle.x'"));
    assert.ok(!masked.includes('two words') && !masked.includes('.pt'));
    assert.ok(masked.startsWith('import torch  '));
  });

  it('gives up (undefined) when the text ends inside a string, so the caller keeps the whole text', () => {
    assert.equal(maskStringsAndComments('x = """never closed\nimport pickle\n'), undefined);
    assert.equal(maskStringsAndComments('x = f"{pickle.loads(b)'), undefined);
    assert.equal(maskStringsAndComments('x = "one line\ny = 1\n'), 'x = "        \ny = 1\n');
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
});
