import { strict as assert } from 'assert';

import { applyEdits, preferredEdits } from '../../../server/src/analysis/applyFixes';
import { NotebookSource } from '../../../server/src/analysis/notebook/notebookSource';
import { findingsOf } from '../../helpers/testParser';

/** Findings of a notebook as `cell:line:column CODE` (all 1-based, as the CLI prints them). */
async function notebookFindings(cells: string[]): Promise<string[]> {
  const nb = new NotebookSource(cells);
  const findings = await findingsOf(nb.text);
  return findings.map((f) => {
    const { cell, start } = nb.rangeIn(f.start, f.end);
    const p = nb.lines(cell).positionAt(start);
    return `${cell + 1}:${p.line + 1}:${p.character + 1} ${f.code}`;
  });
}

describe('a notebook as one module', () => {
  it('joins code cells in order, adding a line break only where a cell has none', () => {
    const nb = new NotebookSource(['import torch', '', 'x = 1\n', 'y = 2\r\n', '!ls']);
    assert.equal(nb.text, 'import torch\n\nx = 1\ny = 2\r\n_  \n');
    assert.deepEqual(nb.cells.map((c) => c.start), [0, 13, 14, 20, 27]);
  });

  it('maps offsets both ways, the added line break belonging to the end of its cell', () => {
    const cells = ['import torch', 'a = 1\nb = torch.load(p)\n', '', 'c = 2'];
    const nb = new NotebookSource(cells);
    for (let cell = 0; cell < cells.length; cell++) {
      for (let offset = 0; offset <= cells[cell].length; offset++) {
        const joined = nb.offsetOf(cell, offset);
        const back = nb.locate(joined);
        // NOTE: the end of a cell that ends with its own line break is the start of the next.
        if (offset === cells[cell].length && cells[cell].endsWith('\n')) assert.equal(back.offset, 0);
        else assert.deepEqual(back, { cell, offset }, `cell ${cell} offset ${offset}`);
      }
    }
    assert.deepEqual(nb.locate(12), { cell: 0, offset: 12 }, 'the added line break after cell 1');
    assert.deepEqual(nb.locate(nb.text.indexOf('torch.load')), { cell: 1, offset: 10 });
    assert.deepEqual(nb.lines(1).positionAt(10), { line: 1, character: 4 });
    assert.deepEqual(nb.locate(nb.text.length), { cell: 3, offset: 5 });
  });

  it('reads an import in one cell as governing a call in a later one (n9) and shadowing (n10)', async () => {
    assert.deepEqual(await notebookFindings(['import torch as T\n', 'sd = T.load(p)\n']), ['2:1:6 MLH110']);
    assert.deepEqual(await notebookFindings(['import torch\n', 'from safetensors.torch import load_file as load\n', 'sd = load(p)\n']), []);
  });

  it('leaves markdown out (n11) and reads the statement after %time (n12)', async () => {
    // The caller passes code cells only: the markdown cell `pickle.load(f)` is not among them.
    assert.deepEqual(await notebookFindings(['import pickle\n', 'x = 1\n']), []);
    assert.deepEqual(await notebookFindings(['import torch\n', '%time sd = torch.load(p)\n']), ['2:1:12 MLH110']);
  });

  it('honours # nosec in a cell (n13) and keeps findings around magics on the right lines', async () => {
    assert.deepEqual(await notebookFindings(['import torch\n', 'model = torch.load(p)  # nosec B614\n']), []);
    const cells = ['%matplotlib inline\nimport torch\n!wget https://host/m.pt', '%%time\nfor p in paths:\n    !echo {p}\n    sd = torch.load(p)\n'];
    assert.deepEqual(await notebookFindings(cells), ['2:4:10 MLH110']);
  });

  it('maps a fix back to the cells, and never offers one that would write into a magic', async () => {
    const cells = ['import torch\n', '%time sd = torch.load(p)'];
    const nb = new NotebookSource(cells);
    const findings = nb.applicable(await findingsOf(nb.text));
    const edits = nb.cellEdits(preferredEdits(findings));
    assert.ok(edits.length > 0 && edits.every((e) => e.cell === 1));
    assert.equal(applyEdits(cells[1], edits), '%time sd = torch.load(p, weights_only=True)');
    const magic = { code: 'X', name: 'x', severity: 'warning' as const, message: '', start: 13, end: 14, fixes: [{ title: 't', preferred: true, edits: [{ start: 13, end: 14, newText: '!' }] }] };
    assert.deepEqual(nb.applicable([magic])[0].fixes, []);
  });
});
