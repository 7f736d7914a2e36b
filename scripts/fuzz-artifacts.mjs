// Robustness fuzzing of the model-file scanner: `node scripts/fuzz-artifacts.mjs [--seed N]
// [--cases N] [--timeout MS] [--out DIR]`. Mutates seed files (pickles of every protocol, gadgets,
// memo and frame tricks, a PyTorch zip, npy, joblib wrappers, gzip/zlib/bz2/lzma wrappers, tar,
// safetensors, Keras, HDF5) with bit flips, byte insertions and deletions, splices, truncations and
// inflated length fields, and scans each in this process. A case fails if the scan throws, takes
// more than --timeout ms of CPU (default 2000), reports more than 10 000 findings, or grows the
// heap past 512 MB. The seed makes a run reproducible; failing inputs are saved to --out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';

import { bundleSources } from './bench/lib.mjs';

const opts = { seed: 1, cases: 100_000, timeout: 2000, out: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts)) {
    console.error(`fuzz-artifacts: unknown option ${argv[i]}`);
    process.exit(2);
  }
  opts[key] = key === 'out' ? argv[++i] : Number(argv[++i]);
}

/** mulberry32: small, fast, seedable. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

const B = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const su = (s) => B([0x8c, Buffer.byteLength(s)], s);
const sg = (m, n) => B(su(m), [0x94], su(n), [0x94, 0x93, 0x94]);
const gadget = (m, n) => B([0x80, 4], sg(m, n), su('echo FIXTURE'), [0x85, 0x52, 0x2e]);

function storedZip(members) {
  const locals = [];
  const central = [];
  let off = 0;
  for (const [name, data] of members) {
    const nb = Buffer.from(name);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt32LE(zlib.crc32(data), 14);
    l.writeUInt32LE(data.length, 18);
    l.writeUInt32LE(data.length, 22);
    l.writeUInt16LE(nb.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt32LE(zlib.crc32(data), 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nb.length, 28);
    c.writeUInt32LE(off, 42);
    locals.push(l, nb, data);
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

function npy(descr, body) {
  let h = `{'descr': ${descr}, 'fortran_order': False, 'shape': (1,), }`;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(h.length);
  return B('\x93NUMPY', [1, 0], len, h, body);
}

function tar(members) {
  const parts = [];
  for (const [name, data] of members) {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('0', 156);
    h.write('ustar\0', 257);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

const MAL = gadget('os', 'system');
const TENSOR = Buffer.from('800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271015806000000776569676874710263746f7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f72616765710463746f7263680a466c6f617453746f726167650a71055801000000307106580300000063707571074b04747108514b004b04854b01858968002952710974710a52710b732e', 'hex');
const header = JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
const stLen = Buffer.alloc(8);
stLen.writeBigUInt64LE(BigInt(header.length));
const joblib = B([0x80, 4], sg('joblib.numpy_pickle', 'NumpyArrayWrapper'), [0x29, 0x81, 0x7d, 0x28], su('shape'), [0x4b, 2, 0x85], su('dtype'), sg('numpy', 'dtype'), su('f8'), [0x85, 0x52], su('numpy_array_alignment_bytes'), [0x4b, 16, 0x75, 0x62, 3, 0xff, 0xff, 0xff], Buffer.alloc(16), MAL);

// Two legacy Keras .h5 files made with h5py (a Lambda layer in model_config; compact attributes
// under superblock 0, dense attributes under superblock 3), gzipped and base64-encoded.
const H5_COMPACT = zlib.gunzipSync(Buffer.from('H4sIAAAAAAACA+v0cHHj5ZLiYgABDg4GFgYBBmTwHwoYJND4UJAApRmhdAeUXsEEE2cBy0G1A02HmK/ADOFvgIqHBLm6IpuPbs8oGNnAw9UxAERHQPkcUPoEE6o6WDoMoJK9gtD0ip6ueRg8oPbxMogAXZObn5KaE5+cn5eWmQ4Sl2RkAOsUgLuJA8V9nUieYASb5wBlM4HNy4aqk2RkJNocptFkMgpGwSggAbg7+/swMkALGPRyBQiqlZJzEouL4/MSc1OVrBSUglMLS1PzSjITc5R0FJQg5R1QvFopJ7EytagYyIxG1+KTmJuUkoimHCYJNiatNC+5JDM/D6RbyaTc1REomFeakwMhY2trgYgBtYwbrO6DgQ18o2lrFIyCUTAKRsEoGAWjYBSMglEwCkbB4AEAGA6stAAYAAA=', 'base64'));
const H5_DENSE = zlib.gunzipSync(Buffer.from('H4sIAAAAAAACA+v0cHHj5ZLiYubgYICB/1DAIAPhG0DFP386dtHfwyWIifETI5MQskoY4GJiYGRgEBViYGFg0GOC6DoApRn2MDKMgqELzM/c5XAL8ghgACUUJgYBBoz0sgQawc9gMc6CRkMBN5E2siDphBitAaIlYGLzY+M1nEI8XIAuAtooCBRJ0bBghtkBs+VWr7KTWzBQFQPMfYwMqDTCvgCGCqAdMBkLVoi4NAMqvZF94zKnEB83oL2vQCpNQEHAwLDbVVyEoQlJ4L14gDJDHQNCYI7Xf1OGTUgCazJLbRm8kASmyU8JZZBCMuPpqR+1DHKgALWDCLxgmd/AIIakZfHehj0M25C07Og+f4LhGZKK45Labxj8kFRsnbDy/3MlFY3RRE02cAsOdoUndEZgyooBs2OMMphGA2cUDBng7uzvAy7tBLCXiUxoZWUFlGZGk6+oQC3qmeHiEAlWtKqgAirBBuWzIomDJNihfDZkcaAErJXCjiJewcAJ5XOgildwQfmcaOIVaHVRJ5SuVkrOSSwujs9LzE1VslJQCk4tLE3NK8lMzFHSUVBKzs9Ly0wHilcr5SRWphYVA5nR6Fp8EnOTUhLRlMMkwcakleYll2Tm54F0K5mUuzoCBfNKc3IgZGxtLRChxUMC32haHQWjYBSMglEwCkbBKBgFo2AUjIJRQD5w83Bxgg/Vg8Fv4bO/mIH9dxFQXz3RgEGSETI4IAAfBeCA9/ph3W1GcI8fpscQpx5GJD1MKHqMcOphQtLDjKLHGKceZiQ9LCh6THDqYUHSw4qixxSnHlYkPWwoesxw6mFD0sOOosccpx52JD0cKHoscOrhQNLDiaLHEqceTiQ9XGA9vBA9ufkpqTnxkPEMoG5GrLo7kXRzj2atIQEACM7eewAcAAA=', 'base64'));

const SEEDS = [
  MAL,
  TENSOR,
  B("S'os'\nS'system'\n\x93S'echo'\n\x85R."),
  B("(S'echo'\nios\nsystem\n."),
  B('\x80\x04U\x02osq\x00U\x06systemq\x01', su('a'), [0x94], su('b'), [0x94], '0000h\x00h\x01\x93', su('x'), [0x85, 0x52, 0x2e]),
  B([0x80, 5, 0x95, 4, 0, 0, 0, 0, 0, 0, 0], 'cos\nsystem\n', su('x'), [0x85, 0x52, 0x2e]),
  B([0x80, 4], sg('pickle', 'loads'), [0x43, MAL.length], MAL, [0x85, 0x52, 0x2e]),
  B([0x80, 2, 0x82, 1, 0x2e]),
  B([0x80, 4], su('x'), [0x94], Array.from({ length: 20 }, (_, i) => [0x68, i, 0x68, i, 0x86, 0x94]).flat(), [0x2e]),
  B('c__builtin__\nxrange\n(I0\nI3\ntR.'),
  B('\x80\x03]q\x00(K\x01G?\xf0\x00\x00\x00\x00\x00\x00X\x01\x00\x00\x00aq\x01e.'),
  storedZip([['archive/data.pkl', MAL], ['archive/data/0', Buffer.alloc(16)], ['archive/version', Buffer.from('3\n')]]),
  storedZip([['arr_0.npy', npy("'|O'", MAL)]]),
  B(MAL, storedZip([['archive/data.pkl', TENSOR]])),
  npy("[('a', '<f8'), ('b', '|O')]", MAL),
  joblib,
  zlib.gzipSync(MAL),
  zlib.deflateSync(MAL),
  B('ZF', '0x2a'.padEnd(19), zlib.deflateSync(MAL)),
  tar([['sys_info', TENSOR], ['pickle', MAL], ['storages', B([0x80, 2, 0x4b, 0, 0x2e])]]),
  B(stLen, header, Buffer.alloc(8)),
  storedZip([['config.json', Buffer.from(JSON.stringify({ class_name: 'Lambda', module: 'builtins', config: { name: 'l' } }))], ['metadata.json', Buffer.from('{}')]]),
  H5_COMPACT,
  H5_DENSE,
];

function mutate(r, seed) {
  let b = Buffer.from(seed);
  const rounds = 1 + r.int(4);
  for (let k = 0; k < rounds; k++) {
    const m = r.int(8);
    const at = b.length ? r.int(b.length) : 0;
    if (m === 0 && b.length) b[at] ^= 1 << r.int(8);
    else if (m === 1 && b.length) b[at] = r.int(256);
    else if (m === 2) b = Buffer.concat([b.subarray(0, at), Buffer.from([r.int(256)]), b.subarray(at)]);
    else if (m === 3 && b.length) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + r.int(8))]);
    else if (m === 4) b = b.subarray(0, at);
    else if (m === 5) {
      const other = SEEDS[r.int(SEEDS.length)];
      const from = r.int(other.length);
      b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + 1 + r.int(64)), b.subarray(at)]);
    } else if (m === 6 && b.length > 4) {
      // An inflated length field: a huge little-endian number where a length may be.
      const v = [0xff, 0x7f, 0x80, 0xfe][r.int(4)];
      for (let i = 0; i < 4 && at + i < b.length; i++) b[at + i] = v;
    } else if (m === 7) {
      const from = r.int(b.length + 1);
      b = Buffer.concat([b, b.subarray(from, from + 1 + r.int(256))]);
    }
  }
  return b;
}

const tmp = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-fuzz-artifacts-'));
const outDir = opts.out ?? join(tmp, 'failures');
try {
  const bundle = await bundleSources(["export { scanSource } from './server/src/artifacts/scan';", "export { BufferSource } from './server/src/artifacts/source';"], join(tmp, 'scanner.cjs'));
  const { scanSource, BufferSource } = createRequire(bundle)(bundle);
  const r = rng(opts.seed);
  const failures = [];
  const verdicts = { clean: 0, suspicious: 0, dangerous: 0 };
  let slowest = 0;
  let heapPeak = 0;
  const started = Date.now();
  const fail = (i, bytes, problem) => {
    failures.push({ i, problem });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `case-${i}.bin`), bytes);
  };
  for (let i = 0; i < opts.cases; i++) {
    const bytes = mutate(r, SEEDS[r.int(SEEDS.length)]);
    const c0 = process.cpuUsage();
    try {
      const res = scanSource(new BufferSource(bytes), `case-${i}`, {});
      verdicts[res.verdict]++;
      if (res.findings.length > 10_000) fail(i, bytes, `${res.findings.length} findings`);
    } catch (err) {
      fail(i, bytes, `threw: ${err.stack}`);
    }
    const cpu = process.cpuUsage(c0);
    const ms = (cpu.user + cpu.system) / 1000;
    slowest = Math.max(slowest, ms);
    if (ms > opts.timeout) fail(i, bytes, `took ${ms.toFixed(0)} ms of CPU`);
    if ((i & 1023) === 0) {
      const heap = process.memoryUsage().heapUsed;
      heapPeak = Math.max(heapPeak, heap);
      if (heap > 512 * 2 ** 20) fail(i, bytes, `heap at ${(heap / 2 ** 20).toFixed(0)} MB`);
    }
    if (failures.length >= 20) break;
  }
  for (const f of failures) console.log(`FAIL case ${f.i}: ${f.problem.slice(0, 500)}`);
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz-artifacts: seed ${opts.seed}, ${opts.cases} cases in ${s} s (${verdicts.dangerous} dangerous, ${verdicts.suspicious} suspicious, ${verdicts.clean} clean); slowest ${slowest.toFixed(1)} ms CPU; heap peak ${(heapPeak / 2 ** 20).toFixed(0)} MB; ${failures.length} failures${failures.length ? `, inputs saved in ${outDir}` : ''}`);
  process.exitCode = failures.length ? 1 : 0;
} finally {
  if (!opts.out && process.exitCode !== 1) rmSync(tmp, { recursive: true, force: true });
}
