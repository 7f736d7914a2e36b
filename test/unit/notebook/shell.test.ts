import { strict as assert } from 'assert';

import { applyEdits } from '../../../server/src/analysis/applyFixes';
import { NotebookSource } from '../../../server/src/analysis/notebook/notebookSource';
import { NO_PROJECT, type ProjectFacts } from '../../../server/src/analysis/project';
import type { Finding } from '../../../server/src/analysis/types';
import { notebookShellFindings, type ShellCheck } from '../../../server/src/engine/notebookShell';
import { testParser } from '../../helpers/testParser';

interface Found {
  /** `cell:line:column severity` (1-based) */
  at: string;
  /** The underlined text of the cell. */
  text: string;
  finding: Finding;
}

async function shell(cells: string[], check: Partial<ShellCheck> = {}): Promise<Found[]> {
  const source = new NotebookSource(cells);
  const parser = await testParser();
  const trees: Array<ReturnType<typeof parser.parse>> = [];
  try {
    const findings = notebookShellFindings(source, () => trees[0] ?? (trees[0] = parser.parse(source.text))!, { project: NO_PROJECT, honourSuppressions: true, ...check });
    return findings.map((finding) => {
      const { cell, start, end } = source.rangeIn(finding.start, finding.end);
      const p = source.lines(cell).positionAt(start);
      return { at: `${cell + 1}:${p.line + 1}:${p.character + 1} ${finding.severity}`, text: cells[cell].slice(start, end), finding };
    });
  } finally {
    trees[0]?.delete();
  }
}

const at = (found: Found[]) => found.map((f) => f.at);

describe('shell commands in notebook cells (MLH206)', () => {
  it('flags the rules.md notebook cases n1, n2, n5, n6, n7 and not n3, n4', async () => {
    const found = await shell([
      '!wget https://host/model.pth\n',
      '!curl -L -o weights.ckpt "$URL"\n',
      '!wget https://host/data.csv\n',
      '%pip install transformers==4.44.0\n',
      '!huggingface-cli download org/model --revision main\n',
      '!git clone https://huggingface.co/org/model\n',
      '%%bash\nwget https://host/model.onnx -O m.onnx\n',
    ]);
    assert.deepEqual(at(found), ['1:1:7 warning', '2:1:26 warning', '5:1:48 warning', '6:1:12 warning', '7:2:6 information']);
    assert.deepEqual(found.map((f) => f.finding.code), ['MLH206', 'MLH206', 'MLH206', 'MLH206', 'MLH206']);
    assert.equal(found[0].text, 'https://host/model.pth');
  });

  it('reads x = !cmd, %sx, %%sh and %%script bash cells; not %%writefile or %%script python', async () => {
    const found = await shell([
      'out = !wget https://host/m.pt\n',
      '%sx wget https://host/n.pt\n',
      '%%sh\ncd /tmp\nwget https://host/o.pt\n',
      '%%script bash\nwget https://host/p.pt\n',
      '%%writefile get.sh\nwget https://host/q.pt\n',
      '%%script python\nprint("wget https://host/r.pt")\n',
    ]);
    assert.deepEqual(found.map((f) => f.text), ['https://host/m.pt', 'https://host/n.pt', 'https://host/o.pt', 'https://host/p.pt']);
  });

  it('resolves {name} and $name from earlier cells (n8), and underlines them where they are written', async () => {
    const found = await shell([
      'MODEL_URL = "https://host.example/models/resnet.pth"\nout = "weights"\n',
      '!wget {MODEL_URL} -O {out}/model.bin\n',
      'MODEL_URL = "https://host.example/data/table.csv"\n',
      '!wget $MODEL_URL\n',
    ]);
    assert.deepEqual(at(found), ['2:1:7 warning']);
    assert.equal(found[0].text, '{MODEL_URL}');
    assert.match(found[0].finding.message, /`model\.bin`.* from https:\/\/host\.example\/models\/resnet\.pth/);
  });

  it('does not take a value from a later cell, nor expand a %%bash body', async () => {
    const found = await shell(['!wget {URL} -O m.pt\n', 'URL = "https://host/data.csv"\n', '%%bash\nwget {URL} -O m.pt\n']);
    assert.deepEqual(found.map((f) => f.finding.message.includes('a URL not known here')), [true, true]);
  });

  it('honours # noqa: MLH206 on the line or the comment line above, and offers it as a fix', async () => {
    assert.deepEqual(await shell(['!wget https://host/m.pt  # noqa: MLH206\n', '%%bash\n# noqa: MLH206\nwget https://host/n.pt\n']), []);
    const cells = ['import os\n!wget https://host/m.pt\nx = 1\n'];
    const [found] = await shell(cells);
    const fix = found.finding.fixes[0];
    assert.equal(fix.title, 'Suppress MLH206 on this line (# noqa: MLH206)');
    const source = new NotebookSource(cells);
    const edits = source.cellEdits(fix.edits);
    assert.equal(applyEdits(cells[0], edits), 'import os\n!wget https://host/m.pt  # noqa: MLH206\nx = 1\n');
  });

  it('shows suppressed findings in an untrusted workspace, and takes trusted sources and severity from the check', async () => {
    const [shown] = await shell(['!wget https://host/m.pt  # noqa: MLH206\n'], { honourSuppressions: false });
    assert.equal(shown.finding.severity, 'information');
    assert.match(shown.finding.message, /^Suppressed by this repository \(# noqa: MLH206\)/);
    const trusted: ProjectFacts = { packages: new Map(), trustedSources: ['https://models.acme.example/'] };
    assert.deepEqual(await shell(['!wget https://models.acme.example/m.pt\n'], { project: trusted }), []);
    assert.deepEqual(at(await shell(['!wget https://host/m.pt\n'], { severity: 'error' })), ['1:1:7 error']);
  });
});
