import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { analyze } from '../../../server/src/analysis/analyzer';
import { maskCell } from '../../../server/src/analysis/notebook/ipython';
import { NotebookSource } from '../../../server/src/analysis/notebook/notebookSource';
import { NO_PROJECT } from '../../../server/src/analysis/project';
import { checkNotebookBytes } from '../../../server/src/cli/checkNotebook';
import { notebookShellFindings } from '../../../server/src/engine/notebookShell';
import { allRules } from '../../../server/src/rules';
import { notebookJson } from '../../helpers/notebooks';
import { testParser } from '../../helpers/testParser';

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['!', '!!', '%', '%%', '?', '??', '{', '}', '$', '"', "'", '"""', '\\', '\n', '\r\n', '(', ')', '=', ' ', '    ', '#', ',', ';', '/', 'wget ', 'x', 'torch.load(p)', '%%bash\n', '%time ', 'import torch as T\n'];

function randomCell(rand: () => number): string {
  let s = '';
  for (let n = Math.floor(rand() * 30); n > 0; n--) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

describe('notebooks never break the engine', function () {
  this.timeout(60_000);

  it('masks random IPython-ish cells to the same length, and the joined module analyses', async () => {
    const rand = rng(7);
    const parser = await testParser();
    for (let i = 0; i < 300; i++) {
      const cells = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => randomCell(rand));
      for (const c of cells) assert.equal(maskCell(c).code.length, c.length, JSON.stringify(c));
      const source = new NotebookSource(cells);
      const tree = parser.parse(source.text);
      assert.ok(tree, 'a tree');
      try {
        const findings = [...analyze(tree, source.text, { rules: allRules }), ...notebookShellFindings(source, () => tree, { project: NO_PROJECT, honourSuppressions: true })];
        for (const f of findings) assert.ok(f.start >= 0 && f.end <= source.text.length && f.start <= f.end);
      } finally {
        tree.delete();
      }
    }
  });

  it('checks randomly damaged notebook files without throwing: findings, or one MLH003', async () => {
    const parser = await testParser();
    const rand = rng(11);
    const base = notebookJson(['import torch as T\n!wget https://h/m.pt\n', { type: 'markdown', source: '# Notes' }, 'sd = T.load(p)\n%%bash\n']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-nb-fuzz-'));
    const file = path.join(dir, 'nb.ipynb');
    try {
      for (let i = 0; i < 300; i++) {
        const at = Math.floor(rand() * base.length);
        const cut = Math.floor(rand() * 6);
        const insert = rand() < 0.5 ? '' : ['"', '{', ']', ',', '\\', '\n', 'null', '"source": 1'][Math.floor(rand() * 8)];
        const text = rand() < 0.1 ? base.slice(0, at) : base.slice(0, at) + insert + base.slice(at + cut);
        fs.writeFileSync(file, text);
        const result = checkNotebookBytes(parser, file, Buffer.from(text), { fix: rand() < 0.3 });
        const codes = result.findings.map((f) => f.code);
        assert.ok(!codes.includes('MLH003') || codes.length === 1, `${codes.join()} for ${JSON.stringify(text)}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
