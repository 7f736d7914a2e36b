import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('model-file scanner fuzzing (scripts/fuzz-artifacts.mjs)', function () {
  // About 20 s of work on an idle 2-core machine; CI machines are shared.
  this.timeout(300_000);

  it('scans 100 000 mutated pickles, archives and compressed files without a crash, a hang or a blown bound', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'fuzz-artifacts.mjs'), '--seed', '1', '--cases', '100000'], { cwd: ROOT, encoding: 'utf8' });
    const summary = r.stdout.trim().split('\n').pop() ?? '';
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(summary, /^fuzz-artifacts: seed 1, 100000 cases in .* 0 failures$/);
    // The mutations reach every verdict: the fuzzer is exercising the scanner, not its error path.
    const [dangerous, suspicious, clean] = [/(\d+) dangerous/, /(\d+) suspicious/, /(\d+) clean/].map((re) => Number(re.exec(summary)?.[1]));
    assert.ok(dangerous > 10_000 && suspicious > 10_000 && clean > 1_000, summary);
  });
});
