/**
 * Model files as bytes, for tests and for the example workspace (scripts/examples/model-files.ts
 * writes the example's copies): nothing here is ever unpickled.
 */

import * as zlib from 'zlib';

/** A zip of the members, stored (method 0) or deflated (8), read by its central directory. */
export function storedZip(members: [string, Uint8Array][], method = 0): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const [name, raw] of members) {
    const data = method === 8 ? zlib.deflateRawSync(raw) : raw;
    const nb = Buffer.from(name);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(method, 8);
    l.writeUInt32LE(zlib.crc32(raw), 14);
    l.writeUInt32LE(data.length, 18);
    l.writeUInt32LE(raw.length, 22);
    l.writeUInt16LE(nb.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(zlib.crc32(raw), 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(nb.length, 28);
    c.writeUInt32LE(off, 42);
    locals.push(l, nb, Buffer.from(data));
    central.push(c, nb);
    off += 30 + nb.length + data.length;
  }
  const cd = Buffer.concat(central);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(members.length, 8);
  e.writeUInt16LE(members.length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, e]);
}

/**
 * A protocol-2 pickle whose GLOBAL imports `os.system` and calls it with `echo <word>`: what
 * `pickle.dumps` writes for an object whose `__reduce__` returns `(os.system, ("echo …",))`.
 */
export function dangerousPickle(word = 'FIXTURE'): Buffer {
  const arg = Buffer.from(`echo ${word}`, 'latin1');
  return Buffer.concat([
    Buffer.from('\x80\x02cos\nsystem\nq\x00X', 'latin1'),
    Buffer.from([arg.length, 0, 0, 0]),
    arg,
    Buffer.from('q\x01\x85q\x02Rq\x03.', 'latin1'),
  ]);
}

/** A NumPy `.npy` (version 1.0) of little-endian float64 values: numbers only, nothing to unpickle. */
export function benignNpy(values: readonly number[]): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  // NOTE: numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1')]);
  const body = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => body.writeDoubleLE(v, 8 * i));
  return Buffer.concat([prefix, body]);
}
