import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { applyEdits } from '../../server/src/analysis/applyFixes';
import { findingsOf } from '../helpers/testParser';
import { tempTree, venvPython } from './python';

const FIRST = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const SECOND = '1b2c3d4e5f60718293a4b5c6d7e8f90123456789';

/** A cache folder as huggingface_hub lays it out: a snapshot per commit, `refs/main` naming one. */
function writeSnapshot(cache: string, sha: string, config: string): void {
  const snapshot = path.join(cache, 'models--org--tiny', 'snapshots', sha);
  fs.mkdirSync(snapshot, { recursive: true });
  fs.writeFileSync(path.join(snapshot, 'config.json'), config);
}

function setMain(cache: string, sha: string): void {
  fs.mkdirSync(path.join(cache, 'models--org--tiny', 'refs'), { recursive: true });
  fs.writeFileSync(path.join(cache, 'models--org--tiny', 'refs', 'main'), sha);
}

/**
 * The "Pin to cached commit" fix, checked against the real huggingface_hub: the SHA it inserts is
 * the commit huggingface_hub itself resolves `main` to from the same cache, and after `main` moves
 * the pinned script keeps loading that commit's files while the original follows the new one.
 */
describe('python tier: pin to the commit in the Hugging Face cache, with the real huggingface_hub', function () {
  this.timeout(60_000);
  let saved: string | undefined;

  before(function () {
    this.timeout(15 * 60_000);
    venvPython();
    saved = process.env.HF_HUB_CACHE;
  });

  after(() => {
    if (saved === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = saved;
  });

  it('inserts the SHA huggingface_hub resolves main to, and the pinned load keeps that commit when main moves', async () => {
    const script = 'from huggingface_hub import hf_hub_download\n\nprint(open(hf_hub_download("org/tiny", "config.json")).read())\n';
    const dir = tempTree({ 'load.py': script });
    const cache = path.join(dir, 'hf-cache');
    writeSnapshot(cache, FIRST, '{"commit": "first"}');
    writeSnapshot(cache, SECOND, '{"commit": "second"}');
    setMain(cache, FIRST);
    const run = (file: string) => {
      // NOTE: offline, so the library reads only the cache (no network is reachable here anyway).
      const r = spawnSync(venvPython(), [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1', PYTHONDONTWRITEBYTECODE: '1' } });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    assert.equal(run('load.py'), '{"commit": "first"}');

    process.env.HF_HUB_CACHE = cache;
    const finding = (await findingsOf(script)).find((f) => f.code === 'MLH201');
    const fix = finding?.fixes.find((f) => f.title.startsWith('Pin to cached commit'));
    assert.ok(fix, `no cached-commit fix among: ${finding?.fixes.map((f) => f.title).join(' | ')}`);
    assert.equal(fix.title, `Pin to cached commit ${FIRST.slice(0, 7)}… (refs/main in the local Hugging Face cache)`);
    fs.writeFileSync(path.join(dir, 'pinned.py'), applyEdits(script, fix.edits));
    assert.match(fs.readFileSync(path.join(dir, 'pinned.py'), 'utf8'), new RegExp(`revision="${FIRST}"`));
    assert.deepEqual((await findingsOf(fs.readFileSync(path.join(dir, 'pinned.py'), 'utf8'))).filter((f) => f.code === 'MLH201'), []);

    setMain(cache, SECOND);
    assert.equal(run('load.py'), '{"commit": "second"}', 'the unpinned load follows main');
    assert.equal(run('pinned.py'), '{"commit": "first"}', 'the pinned load keeps its commit');
  });
});
