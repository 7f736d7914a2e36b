import { strict as assert } from 'assert';

import { applyEdits, preferredEdits } from '../../server/src/analysis/applyFixes';
import type { Finding, TextEdit } from '../../server/src/analysis/types';

/** The straightforward versions, as they were before they were made linear: the reference. */
function applyNaive(text: string, edits: readonly TextEdit[]): string {
  const key = (e: TextEdit) => `${e.start}:${e.end}:${e.newText}`;
  // Ascending and stable, applied back to front: inserts at one offset keep their array order (LSP).
  const unique = [...new Map(edits.map((e) => [key(e), e])).values()].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = text;
  for (const e of unique.reverse()) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function overlapsNaive(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start && a.end === b.end && a.newText === b.newText) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function preferredNaive(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix || f.suppressed || fix.edits.some((e) => taken.some((t) => overlapsNaive(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken;
}

function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

describe('applying fixes', () => {
  it('picks and applies the same edits as the quadratic reference, on random overlapping fixes', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const int = random(seed);
      const text = 'x'.repeat(40 + int(60));
      const findings = Array.from({ length: 1 + int(30) }, () => {
        // One fix's own edits never overlap (the engine makes them so); fixes may overlap.
        let from = int(text.length + 1);
        const edits = Array.from({ length: 1 + int(2) }, () => {
          const start = Math.min(text.length, from + int(10));
          // Zero-width insertions (imports) are common, and some repeat exactly.
          const end = int(3) === 0 ? start : Math.min(text.length, start + int(8));
          from = end + 1;
          return { start, end, newText: int(4) === 0 ? 'import yaml\n' : `<${int(5)}>` };
        });
        return { fixes: [{ title: 't', preferred: true, edits }] } as unknown as Finding;
      });
      const expected = preferredNaive(findings);
      assert.deepEqual(preferredEdits(findings), expected, `seed ${seed}`);
      assert.equal(applyEdits(text, expected), applyNaive(text, expected), `seed ${seed}`);
    }
  });

  it('keeps inserts at one offset in their array order, as LSP editors apply them', () => {
    // A migration adds an import and a note above the statement right after the imports.
    const text = 'import joblib\nm = joblib.load(p)\n';
    const edits = [
      { start: 14, end: 14, newText: 'import skops.io\n' },
      { start: 14, end: 14, newText: '# note\n' },
      { start: 18, end: 32, newText: 'skops.io.load(p, trusted=[])' },
    ];
    const expected = 'import joblib\nimport skops.io\n# note\nm = skops.io.load(p, trusted=[])\n';
    assert.equal(applyEdits(text, edits), expected);
    assert.equal(applyNaive(text, edits), expected);
  });

  it('applies thousands of fixes in linear time', () => {
    const text = 'torch.load(p)\n'.repeat(20_000);
    const edits = Array.from({ length: 20_000 }, (_, i) => ({ start: i * 14 + 12, end: i * 14 + 12, newText: ', weights_only=True' }));
    const t0 = Date.now();
    const out = applyEdits(text, preferredEdits(edits.map((e) => ({ fixes: [{ preferred: true, edits: [e] }] }) as unknown as Finding)));
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.equal(out.split('weights_only=True').length - 1, 20_000);
  });
});
