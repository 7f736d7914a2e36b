import { strict as assert } from 'assert';

import { applyEdits, preferredEdits } from '../../server/src/analysis/applyFixes';
import { findingsOf, testParser } from '../helpers/testParser';

const HEAD = 'import torch, pickle\n';

/** Findings of a source and the milliseconds the analysis took (parser warmed up first). */
async function timed(source: string): Promise<{ codes: string[]; ms: number }> {
  await testParser();
  const t0 = Date.now();
  const findings = await findingsOf(source);
  return { codes: findings.map((f) => f.code), ms: Date.now() - t0 };
}

/**
 * Regressions found by scripts/fuzz.mjs: tree-sitter's `.parent` walks down from the root, so
 * every climb was quadratic in the depth. The bounds are generous (a slow CI machine); the bugs
 * took 1 to 3 s on a fast one.
 */
describe('deeply nested code stays fast', function () {
  this.timeout(30_000);

  it('a finding inside 5,000 nested brackets (was 3 s)', async () => {
    const r = await timed(`${HEAD}x = ${'('.repeat(5000)}torch.load(p)${')'.repeat(5000)}\n`);
    assert.deepEqual(r.codes, ['MLH110']);
    assert.ok(r.ms < 750, `${r.ms} ms`);
  });

  it('a finding inside 10,000 nested lambdas, whose noqa fix looks for an enclosing string (was 1.1 s)', async () => {
    const r = await timed(`${HEAD}x = ${'lambda: '.repeat(10_000)}pickle.loads(b)\n`);
    assert.deepEqual(r.codes, ['MLH101']);
    assert.ok(r.ms < 750, `${r.ms} ms`);
  });

  it('a finding under 2,000 nested if blocks', async () => {
    let source = HEAD;
    for (let i = 0; i < 2000; i++) source += `${' '.repeat(i)}if x${i}:\n`;
    const r = await timed(`${source}${' '.repeat(2000)}y = torch.load(p)\n`);
    assert.deepEqual(r.codes, ['MLH110']);
    assert.ok(r.ms < 750, `${r.ms} ms`);
  });

  it('fixes 2,000 findings on one line of nested calls', async () => {
    const source = `${HEAD}x = ${'torch.load(p)['.repeat(2000)}0${']'.repeat(2000)}\n`;
    const findings = await findingsOf(source);
    assert.equal(findings.length, 2000);
    const fixed = applyEdits(source, preferredEdits(findings));
    assert.equal(fixed.split('weights_only=True').length - 1, 2000);
  });
});
