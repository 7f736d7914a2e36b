import { strict as assert } from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

import { applyEdits } from '../../server/src/analysis/applyFixes';
import { findingsOf } from '../helpers/testParser';
import { runPython, tempTree, venvPython } from './python';

/** A port nothing listens on now (the OS picks it; the server binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers a request for `file`. */
async function serving(port: number, file: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error(`http.server exited with ${server.exitCode}`);
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: `/${file}` }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('http.server did not start');
}

/**
 * The SHA-256 verification quick-fix of MLH205, run for real: a model file served on 127.0.0.1 by
 * `python -m http.server`, downloaded by the rewritten code with the right digest filled in (it
 * runs) and with a wrong one (it raises before the file is used).
 */
describe('python tier: the SHA-256 check inserted after a URL download', function () {
  this.timeout(60_000);
  const model = randomBytes(300_000);
  const digest = createHash('sha256').update(model).digest('hex');
  let served: string;
  let server: ChildProcess | undefined;
  let port: number;

  before(async function () {
    this.timeout(15 * 60_000);
    served = tempTree({});
    fs.writeFileSync(path.join(served, 'model.pt'), model);
    port = await freePort();
    server = spawn(venvPython(), ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', served], { stdio: 'ignore' });
    await serving(port, 'model.pt', server);
  });

  after(() => {
    server?.kill();
    fs.rmSync(served, { recursive: true, force: true });
  });

  /** Applies the "Verify the SHA-256" fix of the file's MLH205 finding and returns the new text. */
  async function verify(source: string, what: 'file' | 'bytes'): Promise<string> {
    const finding = (await findingsOf(source)).find((f) => f.code === 'MLH205');
    assert.ok(finding, `no MLH205 finding in:\n${source}`);
    const fix = finding.fixes.find((f) => f.title.startsWith(`Verify the SHA-256 of the downloaded ${what}`));
    assert.ok(fix, `no SHA-256 fix among: ${finding.fixes.map((f) => f.title).join(' | ')}`);
    assert.equal(fix.preferred, false, 'the placeholder digest must be filled in by the user');
    const fixed = applyEdits(source, fix.edits);
    assert.equal(fixed.split('"<expected sha256>"').length, 2, 'one placeholder to fill in');
    return fixed;
  }

  function runWith(dir: string, fixed: string, expected: string): ReturnType<typeof runPython> {
    fs.writeFileSync(path.join(dir, 'fetch.py'), fixed.replace('<expected sha256>', expected));
    fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'cache'));
    return runPython(['fetch.py', String(port)], dir);
  }

  it('urlretrieve into a file, inside a function and an if block: the right digest passes, a wrong one raises', async () => {
    const source = 'import os\nimport sys\nimport urllib.request\n\n\ndef fetch(port, dest):\n    if not os.path.exists(dest):\n        urllib.request.urlretrieve(f"http://127.0.0.1:{port}/model.pt", dest)\n    return dest\n\n\npath = fetch(sys.argv[1], os.path.join("cache", "model.pt"))\nprint("loaded", os.path.getsize(path))\n';
    const dir = tempTree({});
    const fixed = await verify(source, 'file');
    assert.match(fixed, /^import hashlib$/m);
    assert.match(fixed, /\n {8}urllib\.request\.urlretrieve\(.*\)\n {8}with open\(dest, "rb"\) as downloaded:\n {12}if hashlib\.file_digest\(downloaded, "sha256"\)\.hexdigest\(\) != "<expected sha256>":\n {16}raise ValueError\(/);

    const good = runWith(dir, fixed, digest);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout.trim(), `loaded ${model.length}`);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'cache', 'model.pt')), model);

    const bad = runWith(dir, fixed, digest.replace(/^./, (c) => (c === '0' ? '1' : '0')));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /ValueError: cache\/model\.pt does not have the expected SHA-256: it is not the file that was vetted/);
    assert.doesNotMatch(bad.stdout, /loaded/);
  });

  it('urlopen bytes kept in memory: the right digest passes, a wrong one raises', async () => {
    const source = 'import sys\nfrom urllib.request import urlopen\n\ndata = urlopen(f"http://127.0.0.1:{sys.argv[1]}/model.pt").read()\nprint("loaded", len(data))\n';
    const dir = tempTree({});
    const fixed = await verify(source, 'bytes');
    assert.match(fixed, /\ndata = urlopen\(.*\)\.read\(\)\nif hashlib\.sha256\(data\)\.hexdigest\(\) != "<expected sha256>":\n {4}raise ValueError\(/);

    const good = runWith(dir, fixed, digest);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout.trim(), `loaded ${model.length}`);

    const bad = runWith(dir, fixed, '0'.repeat(64));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /ValueError: the downloaded bytes do not have the expected SHA-256/);
    assert.doesNotMatch(bad.stdout, /loaded/);
  });
});
