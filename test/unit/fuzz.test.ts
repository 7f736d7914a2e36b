import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

describe('robustness fuzzing (scripts/fuzz.mjs)', function () {
  // Ten seconds of cases, plus the cases in flight, the CLI batches and start-up.
  this.timeout(180_000);

  it('runs random, mutated, truncated, deeply nested, huge, NUL and non-UTF-8 files through the engine and the CLI with zero failures', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'fuzz.mjs'), '--seed', '1', '--seconds', '10', '--workers', '1'], { cwd: ROOT, encoding: 'utf8' });
    const summary = r.stdout.trim().split('\n').pop() ?? '';
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(summary, /^fuzz: seed 1, \d+ cases .* 0 failures$/);
    assert.ok(Number(/, (\d+) cases/.exec(summary)?.[1]) >= 20, summary);
  });
});
