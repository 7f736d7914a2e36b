import { strict as assert } from 'assert';

import { applyEdits } from '../../../server/src/analysis/applyFixes';
import { type Ipynb, readIpynb } from '../../../server/src/analysis/notebook/ipynb';
import { fileOffset, sourceEdits } from '../../../server/src/analysis/notebook/storedSource';
import { notebookJson } from '../../helpers/notebooks';

function read(text: string): Ipynb {
  const nb = readIpynb(text);
  if ('problem' in nb) throw new Error(nb.problem);
  return nb;
}

/** Rewrites cell `index` of a notebook file to `next`, as --fix does, and checks it reads back. */
function rewrite(text: string, index: number, next: string): string {
  const nb = read(text);
  const out = applyEdits(text, sourceEdits(text, nb.cells[index].stored, next));
  assert.equal(read(out).cells[index].text, next);
  return out;
}

describe('reading .ipynb files', () => {
  it('reads each cell with its kind and text, from a list or a string, escapes decoded', () => {
    const text = notebookJson([{ type: 'markdown', source: '# T\n' }, 'a = "\\u00e9\\t"\nb = 1', { type: 'raw', source: 'raw' }]);
    const nb = read(text);
    assert.deepEqual(nb.cells.map((c) => [c.kind, c.text]), [['markdown', '# T\n'], ['code', 'a = "\\u00e9\\t"\nb = 1'], ['raw', 'raw']]);
    assert.equal(nb.language, 'python');
  });

  it('maps every character of a cell to where the file stores it, escapes included', () => {
    const source = 'x = "q\\"uote" # é\t\u{1F600}\ny = 2\n';
    const text = notebookJson([source]).replace('é', '\\u00e9');
    const stored = read(text).cells[0].stored;
    for (let i = 0; i < source.length; i++) {
      const at = fileOffset(stored, i);
      const ch = source[i];
      const escaped = ({ '"': '\\"', '\\': '\\\\', '\t': '\\t', '\n': '\\n', 'é': '\\u00e9' } as Record<string, string>)[ch] ?? ch;
      assert.ok(text.startsWith(escaped, at), `offset ${i} (${JSON.stringify(ch)}) at ${JSON.stringify(text.slice(at, at + 6))}`);
    }
    // The end of the first line is the end of its stored string; the start of the next, its start.
    const eol = source.indexOf('\n') + 1;
    assert.equal(text[fileOffset(stored, eol, true)], '"');
    assert.equal(text.slice(fileOffset(stored, eol), fileOffset(stored, eol) + 5), 'y = 2');
  });

  it('ignores keys and strings inside outputs and metadata, however large', () => {
    const big = { output_type: 'stream', name: 'stdout', text: ['"source": ["x"]\\', 'z'.repeat(2_000_000)] };
    const text = notebookJson([{ source: 'import torch\n', outputs: [big] }, 'x = 1\n']);
    assert.deepEqual(read(text).cells.map((c) => c.text), ['import torch\n', 'x = 1\n']);
  });

  it('reads past metadata nested deeper than the call stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"cells": [{"cell_type": "code", "metadata": {"x": ${deep}}, "outputs": [], "source": ["x = 1"]}], "nbformat": 4}`;
    assert.deepEqual(read(text).cells.map((c) => c.text), ['x = 1']);
  });

  it('names the problem of a file that is not a notebook', () => {
    const problem = (t: string) => (readIpynb(t) as { problem: string }).problem;
    assert.match(problem('[1, 2]'), /not an object/);
    assert.match(problem('{"cells": [1]}'), /cell 1 is not a JSON object/);
    assert.match(problem('{"cells": [{"source": "x"}]}'), /cell 1 has no valid "cell_type"/);
    assert.match(problem('{"cells": [{"cell_type": "code", "source": ["a", 1]}]}'), /cell 1: "source" must be a string or a list of strings/);
    assert.match(problem('{"cells": [}'), /not valid JSON/);
  });

  it('reads a file with a byte order mark', () => {
    assert.equal(read(`\uFEFF${notebookJson(['x = 1\n'])}`).cells[0].text, 'x = 1\n');
  });
});

describe('rewriting a cell source in the file', () => {
  const text = notebookJson(['import torch\nx = torch.load(p)\ny = 2\n', 'z = 3']);

  it('changes only the characters that changed inside a line', () => {
    const out = rewrite(text, 0, 'import torch\nx = torch.load(p, weights_only=True)\ny = 2\n');
    assert.equal(out, text.replace('torch.load(p)', 'torch.load(p, weights_only=True)'));
  });

  it('adds and removes lines in the list layout of the file', () => {
    const added = rewrite(text, 0, 'import torch\nimport safetensors.torch\nx = torch.load(p)\ny = 2\n');
    assert.equal(added, text.replace('"import torch\\n",\n', '"import torch\\n",\n    "import safetensors.torch\\n",\n'));
    const first = rewrite(text, 0, '# header\nimport torch\nx = torch.load(p)\ny = 2\n');
    assert.equal(first, text.replace('"import torch\\n",\n', '"# header\\n",\n    "import torch\\n",\n'));
    const removed = rewrite(text, 0, 'import torch\ny = 2\n');
    assert.equal(removed, text.replace('    "x = torch.load(p)\\n",\n', ''));
    const both = rewrite(text, 0, 'import torch\na = 1\nb = 2\ny = 2\n');
    assert.equal(both, text.replace('"x = torch.load(p)\\n"', '"a = 1\\n",\n    "b = 2\\n"'));
    rewrite(text, 1, 'z = 3\nw = 4');
    rewrite(text, 1, '');
    rewrite(notebookJson([{ source: [] }]), 0, 'import os\nx = 1');
  });

  it('rewrites a single-string source in place', () => {
    const single = notebookJson(['a = 1\nb = yaml.load(s)\n'], { asString: true });
    assert.equal(rewrite(single, 0, 'a = 1\nb = yaml.safe_load(s)\n'), single.replace('yaml.load', 'yaml.safe_load'));
  });
});
