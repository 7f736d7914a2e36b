import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

import type { ScanResult } from '../../../server/src/artifacts/report';
import { scanFile, scanSource } from '../../../server/src/artifacts/scan';
import { BufferSource } from '../../../server/src/artifacts/source';
import { storedZip } from '../../helpers/modelFiles';

// Pickle bytes built by hand (the python tier builds the full catalogue with CPython).
const B = (...parts: (string | number[] | Uint8Array)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const su = (s: string) => B([0x8c, Buffer.byteLength(s)], s);
const sg = (m: string, n: string) => B(su(m), [0x94], su(n), [0x94, 0x93, 0x94]);
const gadget = (m: string, n: string) => B([0x80, 4], sg(m, n), su('echo FIXTURE'), [0x85, 0x52, 0x2e]);
const MAL = gadget('os', 'system');

const scan = (bytes: Uint8Array): ScanResult => scanSource(new BufferSource(bytes), 'test.pkl');
const imports = (r: ScanResult) => r.imports.map((i) => `${i.module}.${i.name}`);

describe('model-file scanner: the pickle walker', () => {
  it('resolves STACK_GLOBAL through the memo as pickle.load does: MEMOIZE writes the next free key', () => {
    // BINPUT 5 then MEMOIZE: the MEMOIZE key is 1 (the number of keys), not 6.
    const r = scan(B([0x80, 4], su('os'), [0x71, 5], su('system'), [0x94, 0x30, 0x30], [0x68, 5, 0x68, 1, 0x93], su('x'), [0x85, 0x52, 0x2e]));
    assert.deepEqual(imports(r), ['os.system']);
    assert.equal(r.verdict, 'dangerous');
  });

  it('reports an operand it cannot resolve as critical, and goes on after a memo miss', () => {
    const r = scan(B([0x80, 4, 0x4b, 5, 0x94], su('system'), [0x93, 0x30, 0x68, 9, 0x30], MAL.subarray(2)));
    assert.ok(r.findings.some((f) => f.kind === 'dangerous-import' && /cannot be resolved \(module is a number/.test(f.message)));
    assert.ok(r.findings.some((f) => f.kind === 'anomaly' && /memo key 9/.test(f.message)));
    assert.ok(imports(r).includes('os.system'));
  });

  it('keeps what it found before a broken stream and calls the file inconclusive, never clean', () => {
    const r = scan(MAL.subarray(0, MAL.length - 1));
    assert.equal(r.verdict, 'dangerous');
    assert.equal(r.inconclusive, true);
    const benignBroken = scan(B([0x80, 4, 0x5d, 0x4b, 1]));
    assert.equal(benignBroken.verdict, 'suspicious');
    assert.ok(benignBroken.findings.some((f) => f.kind === 'inconclusive' && /before the pickle's STOP/.test(f.message)));
  });

  it('scans every pickle in a file, and finds one after junk', () => {
    const benign = B([0x80, 4, 0x7d, 0x2e]);
    assert.ok(imports(scan(B(benign, MAL))).includes('os.system'));
    const r = scan(B(benign, '\n\n\t\t\x00', MAL));
    assert.ok(imports(r).includes('os.system'));
    assert.ok(r.findings.some((f) => /sequential pickle.load calls would stop before it/.test(f.message)));
  });

  it('never allocates from a length field and stops at its bounds', () => {
    const huge = scan(B([0x80, 4, 0x8d], [0, 0, 0, 0, 0, 0, 0, 0x40], 'abc'));
    assert.equal(huge.inconclusive, true);
    assert.match(huge.findings[0].message, /runs past the end of the data/);
    const marks = scan(B([0x80, 4], Buffer.alloc(200_000, 0x28), [0x2e]));
    assert.equal(marks.inconclusive, true);
    assert.ok(marks.findings.some((f) => /more than 10000 nested MARKs/.test(f.message)));
    // A hostile memo key far away does not size the memo.
    const before = process.memoryUsage().heapUsed;
    const far = scan(B([0x80, 4, 0x4e, 0x72], [0xff, 0xff, 0xff, 0x7f], [0x4e, 0x72], [0xfe, 0xff, 0xff, 0x7f], [0x2e]));
    assert.equal(far.verdict, 'clean');
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 2 ** 20);
  });

  it('flags an expansion bomb of shared references without materialising it', () => {
    let dag = B([0x80, 4], su('x'), [0x94]);
    for (let i = 0; i < 40; i++) dag = B(dag, [0x68, i, 0x68, i, 0x86, 0x94]);
    const r = scan(B(dag, [0x2e]));
    assert.equal(r.verdict, 'suspicious');
    assert.ok(r.findings.some((f) => /Expansion bomb/.test(f.message)));
  });

  it('reports an opcode that crosses its frame, and walks on from the frame end', () => {
    const r = scan(B([0x80, 5, 0x95, 4, 0, 0, 0, 0, 0, 0, 0], 'cos\nsystem\n', su('x'), [0x85, 0x52, 0x2e]));
    assert.ok(r.findings.some((f) => f.kind === 'anomaly' && f.level === 'high' && /runs past the end of its frame/.test(f.message)));
    assert.ok(imports(r).includes('os.system'));
  });

  it('scans the bytes given to pickle.loads as a nested pickle', () => {
    const r = scan(B([0x80, 4], sg('pickle', 'loads'), [0x43, MAL.length], MAL, [0x85, 0x52, 0x2e]));
    const nested = r.findings.find((f) => f.module === 'os');
    assert.ok(nested);
    assert.match(nested.member ?? '', /bytes at \d+ passed to pickle\.loads/);
  });

  it('skips the raw bytes joblib writes after an array wrapper, and scans what follows', () => {
    const wrapper = B([0x80, 4], sg('joblib.numpy_pickle', 'NumpyArrayWrapper'), [0x29, 0x81, 0x7d, 0x28], su('shape'), [0x4b, 2, 0x85], su('dtype'), sg('numpy', 'dtype'), su('f8'), [0x85, 0x52], su('numpy_array_alignment_bytes'), [0x4b, 16, 0x75, 0x62]);
    const raw = B('cos\nsystem\n', Buffer.alloc(5));
    const benign = scan(B(wrapper, [3, 0xff, 0xff, 0xff], raw, [0x2e]));
    assert.equal(benign.verdict, 'clean', benign.findings.map((f) => f.message).join('\n'));
    const mal = scan(B(wrapper, [3, 0xff, 0xff, 0xff], raw, [0x30], sg('os', 'system'), su('x'), [0x85, 0x52, 0x2e]));
    assert.equal(mal.verdict, 'dangerous');
  });
});

describe('model-file scanner: containers', () => {
  it('reads a zip through its central directory whatever its flags, and flags duplicate members', () => {
    const zip = storedZip([['archive/data.pkl', B([0x80, 2, 0x7d, 0x2e])], ['archive/data.pkl', MAL]]);
    zip.writeUInt16LE(0x41, 6); // encryption flags on the first local header
    const r = scan(zip);
    assert.equal(r.format, 'pytorch-zip');
    assert.ok(imports(r).includes('os.system'));
    assert.ok(r.findings.some((f) => /lists "archive\/data.pkl" 2 times/.test(f.message)));
  });

  it('scans the pickle at offset 0 of a pickle+zip polyglot as well as the zip', () => {
    const r = scan(B(MAL, storedZip([['archive/data.pkl', B([0x80, 2, 0x7d, 0x2e])]])));
    assert.ok(imports(r).includes('os.system'));
    assert.ok(r.findings.some((f) => /Polyglot/.test(f.message)));
  });

  it('reads a pickle that holds a zip in a bytes literal as a pickle, not as a polyglot', () => {
    const inner = storedZip([['a.txt', Buffer.from('hello')]]);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(inner.length);
    const r = scan(B([0x80, 4, 0x42], len, inner, [0x2e]));
    assert.equal(r.format, 'pickle');
    assert.equal(r.verdict, 'clean', r.findings.map((f) => f.message).join('\n'));
  });

  it('decides by content: a gzip-wrapped pickle, an .npy object array, a pickle named .safetensors', () => {
    assert.equal(scan(zlib.gzipSync(MAL)).verdict, 'dangerous');
    let header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    header += `${' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64)}\n`;
    const npy = B('\x93NUMPY', [1, 0, header.length, 0], header, MAL);
    const r = scan(npy);
    assert.equal(r.format, 'npy');
    assert.ok(imports(r).includes('os.system'));
    const floats = B('\x93NUMPY', [1, 0, header.length, 0], header.replace('|O', '<f8'), 'cos\nsystem\n\x00\x00\x00\x00\x00');
    assert.equal(scan(floats).verdict, 'clean');
  });

  it('reads only the central directory and the pickle of a large checkpoint, never its tensors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-art-'));
    const file = path.join(dir, 'big.pt');
    const zip = storedZip([['archive/data.pkl', B([0x80, 2, 0x7d, 0x2e])], ['archive/data/0', Buffer.alloc(1)], ['archive/version', Buffer.from('3\n')]]);
    // Rewrite the storage member as 64 MB (a hole in the file): offsets after it shift.
    const storage = 64 * 2 ** 20;
    const fd = fs.openSync(file, 'w');
    const firstTwo = zip.indexOf(Buffer.from('PK\x03\x04', 'latin1'), 40);
    const storageData = firstTwo + 30 + 'archive/data/0'.length;
    fs.writeSync(fd, zip, 0, storageData, 0);
    const tail = zip.subarray(storageData + 1);
    const shifted = Buffer.from(tail);
    // Patch sizes of the storage entry (local and central) and offsets after it.
    const localSizes = firstTwo + 18;
    const head = Buffer.from(zip.subarray(0, storageData));
    head.writeUInt32LE(storage, localSizes);
    head.writeUInt32LE(storage, localSizes + 4);
    fs.writeSync(fd, head, 0, head.length, 0);
    let p = shifted.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    let entry = 0;
    while (p >= 0) {
      if (entry === 1) (shifted.writeUInt32LE(storage, p + 20), shifted.writeUInt32LE(storage, p + 24));
      if (entry === 2) shifted.writeUInt32LE(shifted.readUInt32LE(p + 42) + storage - 1, p + 42);
      entry++;
      p = shifted.indexOf(Buffer.from('PK\x01\x02', 'latin1'), p + 4);
    }
    const eocd = shifted.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    shifted.writeUInt32LE(shifted.readUInt32LE(eocd + 16) + storage - 1, eocd + 16);
    fs.writeSync(fd, shifted, 0, shifted.length, storageData + storage);
    fs.closeSync(fd);
    const r = await scanFile(file);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.format, 'pytorch-zip');
    assert.equal(r.verdict, 'clean', r.findings.map((f) => f.message).join('\n'));
    assert.ok(r.bytesRead < 200_000, `${r.bytesRead} bytes read of ${storage}`);
  });

  it('reads only the header of a large deflated numeric array in an .npz, and all of a deflated object array', () => {
    const npy = (descr: string, body: Uint8Array) => {
      let header = `{'descr': ${descr}, 'fortran_order': False, 'shape': (1,), }`;
      header += `${' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64)}\n`;
      return B('\x93NUMPY', [1, 0, header.length, 0], header, body);
    };
    const r = scan(storedZip([['big.npy', npy("'<f8'", Buffer.alloc(32 * 2 ** 20))], ['obj.npy', npy("'|O'", MAL)]], 8));
    assert.equal(r.format, 'npz');
    assert.ok(r.containers.includes('npy:big.npy'), r.containers.join());
    assert.ok(r.bytesRead < 2 ** 20, `${r.bytesRead} bytes read`);
    assert.ok(r.findings.some((f) => f.module === 'os' && f.member === 'obj.npy > object array'));
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (i * 7) % 600 }, rand));
      const r = scan(bytes);
      assert.ok(['clean', 'suspicious', 'dangerous'].includes(r.verdict));
    }
  });
});
