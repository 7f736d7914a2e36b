import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { runCli, tempTree } from './runCli';

const FILES = {
  'a.py': 'import torch\nstate = torch.load("m.pt")\n',
  'b.py': 'import pickle\nobj = pickle.load(f)\n',
  'clean.py': 'x = 1\n',
};

/** The cache's store files (one per tool build and rule selection). */
function stores(dir: string): string[] {
  const base = path.join(dir, '.ml-hygiene-cache', 'v1');
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base).filter((f) => f.endsWith('.json')).map((f) => path.join(base, f));
}

/** Every entry of every store: one per checked file. */
function entries(dir: string): string[] {
  return stores(dir).flatMap((f) => Object.keys(JSON.parse(fs.readFileSync(f, 'utf8'))));
}

/** Marks every entry so that a later read shows whether it was served from the cache. */
function poison(dir: string): void {
  for (const file of stores(dir)) {
    const store = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const entry of Object.values(store) as Array<{ result: { findings: Array<{ message: string }> } }>) {
      for (const f of entry.result.findings) f.message = `CACHED ${f.message}`;
    }
    fs.writeFileSync(file, JSON.stringify(store));
  }
}

describe('result cache', function () {
  this.timeout(30_000);

  it('stores one entry per checked file under .ml-hygiene-cache; a second run gives identical output from it', () => {
    const dir = tempTree(FILES);
    const first = runCli(['check', '.'], dir);
    assert.equal(entries(dir).length, 3);
    assert.ok(fs.existsSync(path.join(dir, '.ml-hygiene-cache', '.gitignore')), 'the cache ignores itself for git');
    const second = runCli(['check', '.'], dir);
    assert.deepEqual(second, first);
    for (const format of ['json', 'sarif']) {
      assert.equal(runCli(['check', '.', '--format', format], dir).stdout, runCli(['check', '.', '--format', format, '--no-cache'], dir).stdout);
    }
    poison(dir);
    assert.match(runCli(['check', '.'], dir).stdout, /MLH110 \[warning\] CACHED/, 'the second run is served from the cache');
  });

  it('is invalidated by a changed file, the configuration, dependency facts and the rule selection', () => {
    const dir = tempTree(FILES);
    runCli(['check', '.'], dir);
    poison(dir);
    fs.appendFileSync(path.join(dir, 'a.py'), '# touched\n');
    let out = runCli(['check', '.'], dir).stdout;
    assert.match(out, /a\.py:2:9: MLH110 \[warning\] `torch/, 'changed file re-checked');
    assert.match(out, /b\.py:2:7: MLH101 \[warning\] CACHED/, 'unchanged file still served');

    poison(dir);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ml-hygiene]\nseverity = { MLH101 = "error" }\n');
    out = runCli(['check', '.'], dir).stdout;
    assert.match(out, /b\.py:2:7: MLH101 \[error\] `pickle/, 'configuration change re-checks');

    poison(dir);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'torch>=2.6\n');
    out = runCli(['check', '.'], dir).stdout;
    assert.match(out, /a\.py:2:9: MLH110 \[info\] `torch/, 'dependency facts change re-checks');

    poison(dir);
    out = runCli(['check', '.', '--select', 'MLH101'], dir).stdout;
    assert.doesNotMatch(out, /CACHED|MLH110/, 'a different selection has its own entries');
    out = runCli(['check', '.', '--ignore', 'MLH110'], dir).stdout;
    assert.doesNotMatch(out, /CACHED/);
  });

  it('serves a file whose size and modification time are unchanged, and compares the content when they moved', () => {
    const dir = tempTree(FILES);
    runCli(['check', '.'], dir);
    poison(dir);
    const later = (s: number) => new Date(Date.now() + s * 1000);
    // Other content of the same size, modified later: checked again.
    fs.writeFileSync(path.join(dir, 'a.py'), 'import torch\nstate = torch.load("n.pt")\n');
    fs.utimesSync(path.join(dir, 'a.py'), later(5), later(5));
    // Only touched: its stat moved but its content did not, so the content key still serves it.
    fs.utimesSync(path.join(dir, 'b.py'), later(5), later(5));
    const out = runCli(['check', '.'], dir).stdout;
    assert.match(out, /a\.py:2:9: MLH110 \[warning\] `torch\.load` without/, 'rewritten in place: checked again');
    assert.match(out, /b\.py:2:7: MLH101 \[warning\] CACHED/, 'touched: served');
    poison(dir);
    assert.match(runCli(['check', '.'], dir).stdout, /a\.py:2:9: MLH110 \[warning\] CACHED/, 'and recorded with its new stat');
  });

  it('--no-cache neither reads nor writes; --cache-dir puts it elsewhere; corrupt entries are ignored', () => {
    const dir = tempTree(FILES);
    runCli(['check', '.', '--no-cache'], dir);
    assert.equal(entries(dir).length, 0);
    runCli(['check', '.'], dir);
    poison(dir);
    assert.doesNotMatch(runCli(['check', '.', '--no-cache'], dir).stdout, /CACHED/);

    const other = tempTree({});
    runCli(['check', '.', '--cache-dir', path.join(other, 'c')], dir);
    assert.ok(fs.readdirSync(path.join(other, 'c', 'v1')).some((f) => f.endsWith('.json')));

    const clean = runCli(['check', '.', '--no-cache'], dir).stdout;
    const [store] = stores(dir);
    const good = JSON.parse(fs.readFileSync(store, 'utf8'));
    // NOTE: by name, not by position: the store lists files in the order their results arrived.
    const first = Object.keys(good).find((k) => k.endsWith('a.py'))!;
    const second = Object.keys(good).find((k) => k.endsWith('b.py'))!;
    const broken = [{ ...good, [first]: null, [second]: { key: good[second].key, result: { findings: 'x' } } }, '{"key":', '', '\0\0\0', '[]', 'null'];
    for (const bad of broken) {
      fs.writeFileSync(store, typeof bad === 'string' ? bad : JSON.stringify(bad));
      assert.equal(runCli(['check', '.'], dir).stdout, clean);
      assert.equal(runCli(['check', '.'], dir).stdout, clean, 'and rewritten');
    }
  });

  it('--fix never trusts the cache for a file it changes, and stores the fixed result', () => {
    const dir = tempTree(FILES);
    runCli(['check', '.'], dir);
    poison(dir);
    const fixed = runCli(['check', '.', '--fix'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), 'import torch\nstate = torch.load("m.pt", weights_only=True)\n');
    assert.match(fixed.stdout, /Fixed 1 problem/);
    assert.doesNotMatch(fixed.stdout, /a\.py/);
    const again = runCli(['check', '.'], dir).stdout;
    assert.equal(again, runCli(['check', '.', '--no-cache'], dir).stdout.replace(/MLH101 \[warning\] /, 'MLH101 [warning] CACHED '));
  });
});
