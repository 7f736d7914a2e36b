import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { scanFile } from '../../../server/src/artifacts/scan';
import { dangerousPickle, storedZip } from '../../helpers/modelFiles';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('model-file scanner: the SHA-256 computed in the same read as the scan', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-hash-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('reads a pickle once for both, and skips nothing the hash needs', async () => {
    // A protocol-4 pickle holding 3 MB of bytes: the walker skips the literal, the hash reads it.
    const big = Buffer.alloc(3 * 2 ** 20, 0x5a);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(big.length));
    const bytes = Buffer.concat([Buffer.from([0x80, 4, 0x8e]), len, big, Buffer.from([0x94, 0x2e]), dangerousPickle()]);
    const file = write('big.pkl', bytes);
    const r = await scanFile(file, { hash: true });
    assert.equal(r.sha256, sha256(bytes));
    assert.ok(r.imports.some((i) => i.module === 'os' && i.name === 'system'), 'the pickle after the literal is scanned');
    assert.ok(r.bytesRead >= bytes.length && r.bytesRead <= bytes.length + 2 ** 20, `${r.bytesRead} bytes read for a ${bytes.length}-byte file`);
  });

  it('hashes a checkpoint whose tensors the scan never reads, reading them once', async () => {
    const storage = Buffer.alloc(2 * 2 ** 20, 7);
    const bytes = storedZip([['archive/data.pkl', dangerousPickle()], ['archive/data/0', storage], ['archive/version', Buffer.from('3\n')]]);
    const file = write('model.pt', bytes);
    const unhashed = await scanFile(file);
    assert.equal(unhashed.sha256, undefined);
    assert.ok(unhashed.bytesRead < 256 * 1024, `without a hash only the directory and data.pkl are read (${unhashed.bytesRead} bytes)`);
    const r = await scanFile(file, { hash: true });
    assert.equal(r.sha256, sha256(bytes));
    assert.equal(r.format, 'pytorch-zip');
    assert.ok(r.bytesRead >= bytes.length && r.bytesRead <= bytes.length + unhashed.bytesRead, `${r.bytesRead} bytes read for a ${bytes.length}-byte file`);
  });

  it('hashes an empty file and a file that is not a model', async () => {
    assert.equal((await scanFile(write('empty.pkl', Buffer.alloc(0)), { hash: true })).sha256, sha256(Buffer.alloc(0)));
    const text = Buffer.from('not a model at all\n'.repeat(1000));
    assert.equal((await scanFile(write('notes.bin', text), { hash: true })).sha256, sha256(text));
  });
});
