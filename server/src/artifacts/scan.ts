import * as zlib from 'zlib';

import type { HashAlg } from '../catalog/schemaTypes';
import { ScanContext } from './context';
import { decompressSync, decompressXz, TooLarge } from './decompress';
import { HashingSource } from './hashingSource';
import { isHdf5 } from './hdf5';
import { scanHdf5, scanKerasConfig } from './keras';
import { isNpy, readNpyHeader } from './npy';
import { isOpcode, type Mode, walkPickles } from './pickle';
import { scanOnnx, scanSavedModel } from './protobuf';
import { DEFAULT_LIMITS, type Limits, type ScanResult, verdictOf } from './report';
import { checkSafetensors, looksSafetensors } from './safetensors';
import { BufferSource, FileSource, SliceSource, type Source } from './source';
import { isTar, readTar } from './tar';
import { memberHead, memberSource, readZip, strayLocalHeaders, type ZipArchive } from './zip';

/** Names whose content a loader unpickles (a member under any other name is a pickle only if it parses). */
const PICKLE_NAME = /(^|\/)(data|constants|bytecode)\.pkl$|\.(pkl|pickle|pck|joblib|dill|pt|pth|ckpt|bin|dat|data|npy)$|(^|\/)(pickle|storages|tensors|sys_info)$/i;

/** Protobuf models are recognised by name (their bytes have no magic); read whole up to this size. */
const MAX_PROTOBUF = 256 * 1024 * 1024;

export { ARTIFACT_EXTENSIONS, isArtifactPath } from './extensions';

interface Frame {
  ctx: ScanContext;
  /** The whole file decompressed, when it is xz (decompressed ahead, asynchronously), or why not. */
  xz?: Uint8Array | string;
  /** Format of the outermost container, set once. */
  format?: string;
  /** The file's path, whose name tells protobuf formats apart. */
  name: string;
}

function join(parent: string | undefined, child: string): string {
  return parent ? `${parent} > ${child}` : child;
}

function compression(head: Uint8Array): string | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(head[1])) return 'zlib';
  if (head[0] === 0x5a && head[1] === 0x46) return 'zf';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3] >= 0x31 && head[3] <= 0x39 && head[4] === 0x31 && head[5] === 0x41) return 'bz2';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a) return 'xz';
  if (head[0] === 0x5d && head[1] === 0x00 && head[2] === 0x00) return 'lzma';
  if (head[0] === 0x04 && head[1] === 0x22 && head[2] === 0x4d && head[3] === 0x18) return 'lz4';
  return undefined;
}

function inflate(f: Frame, src: Source, kind: string, depth: number, limit: number): Source | string {
  // NOTE: compressed joblib files and gzip-wrapped pickles are small next to checkpoints; the
  // output is capped, so a bomb stops at the cap instead of filling memory.
  if (kind === 'xz') {
    const xz = depth === 0 ? f.xz : undefined;
    if (typeof xz === 'string') return xz;
    if (xz) return new BufferSource(xz);
    return 'xz inside another container is not decompressed';
  }
  if (kind === 'lz4') return 'lz4 decompression is not supported';
  if (src.size > limit) return `it is larger than the ${limit >> 20} MB decompression limit`;
  try {
    return new BufferSource(decompressSync(kind, src.read(0, src.size), limit));
  } catch (err) {
    if (err instanceof TooLarge) return `it decompresses past the ${limit >> 20} MB limit (a decompression bomb?)`;
    return `its ${kind} data is corrupt (${(err as Error).message})`;
  }
}

/** ONNX and SavedModel files, which only their names tell apart from other protobuf. */
function scanProtobuf(f: Frame, src: Source, member: string | undefined, name: string, setFormat: (fmt: string) => void): boolean {
  const kind = name.endsWith('.onnx') ? 'onnx' : name === 'saved_model.pb' ? 'tf-savedmodel' : name === 'keras_metadata.pb' ? 'keras-metadata' : undefined;
  if (!kind) return false;
  setFormat(kind);
  if (src.size > MAX_PROTOBUF) {
    f.ctx.add({ kind: 'inconclusive', level: 'medium', message: `The ${kind} file is over ${MAX_PROTOBUF >> 20} MB and was not scanned`, member });
    return true;
  }
  const buf = src.read(0, src.size);
  if (kind === 'keras-metadata') {
    // The Keras layer configs are JSON strings inside the protobuf.
    const text = Buffer.from(buf).toString('latin1');
    if (/"class_name":\s*"(Lambda|TFOpLambda)"/.test(text)) {
      f.ctx.add({ kind: 'keras', level: 'high', message: 'keras_metadata.pb describes a Lambda layer: its Python function runs when the SavedModel is loaded as a Keras model', member, name: 'Lambda' });
    }
    return true;
  }
  for (const x of kind === 'onnx' ? scanOnnx(buf, member) : scanSavedModel(buf, member)) f.ctx.add(x);
  return true;
}

/** Whether the first pickle stream at offset 0 reaches its STOP past `offset` (a dry run). */
function pickleEndsAfter(src: Source, offset: number, limits: Limits): boolean {
  const probe = new ScanContext({ ...limits, opcodes: Math.min(limits.opcodes, 2 * src.size + 1000) });
  const s = walkPickles(src, probe, { mode: 'maybe', depth: 0, maxStreams: 1 });
  return s.streams === 1 && s.end > offset;
}

/** Scans one source: the format by content, then every interpretation a loader might use. */
function scanAny(f: Frame, src: Source, member: string | undefined, depth: number, mode: Mode): void {
  const ctx = f.ctx;
  if (ctx.outOfTime()) return;
  const setFormat = (fmt: string) => {
    f.format ??= fmt;
    ctx.containers.push(member ? `${fmt}:${member}` : fmt);
  };
  if (src.size === 0) {
    setFormat('empty');
    if (mode === 'definite') ctx.add({ kind: 'inconclusive', level: 'medium', message: 'The file is empty: not a model, and nothing to scan (pickle.load raises EOFError)', member });
    return;
  }
  const head = src.read(0, 16);
  const zip = readZip(src);
  const isLocal = head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
  // A pickle whose first stream runs past the zip's end record holds the zip in a literal: it is a
  // pickle (and every loader reads it as one), not a polyglot.
  const zipInsidePickle = zip && !isLocal && isOpcode(head[0]) && pickleEndsAfter(src, zip.eocd, ctx.limits);
  if (zip && zip.entries.length > 0 && !zipInsidePickle) {
    scanZip(f, src, zip, member, depth, setFormat);
    // torch.load checks only for PK\3\4 at 0; anything else goes down the pickle path (C15).
    if (!isLocal && isOpcode(head[0])) {
      const before = zip.prefix > 0 ? new SliceSource(src, 0, zip.prefix) : src;
      const s = walkPickles(before, ctx, { member: join(member, 'bytes before the zip'), mode: 'maybe', depth, maxStreams: 8 });
      if (s.imports > 0 || s.streams > 0) {
        ctx.add({ kind: 'anomaly', level: 'high', message: `Polyglot: the file is a pickle at offset 0 and a zip at offset ${zip.prefix}; pickle.load and a legacy torch.load run the pickle, zip tools and scanners see the zip`, member, offset: 0 });
      }
    }
    return;
  }
  if (isNpy(head)) {
    setFormat('npy');
    const h = readNpyHeader(src);
    if (h.problem) ctx.add({ kind: 'inconclusive', level: 'medium', message: `The .npy header cannot be read: ${h.problem}`, member });
    else if (h.hasObject) {
      ctx.add({ kind: 'anomaly', level: 'low', message: `The array has an object dtype (${h.descr}): numpy.load(allow_pickle=True) unpickles its body`, member });
      walkPickles(new SliceSource(src, h.dataOffset, src.size - h.dataOffset), ctx, { member: join(member, 'object array'), mode: 'definite', depth });
    }
    return;
  }
  if (head[0] === 0x37 && head[1] === 0x7a && head[2] === 0xbc && head[3] === 0xaf && head[4] === 0x27 && head[5] === 0x1c) {
    setFormat('7z');
    ctx.add({ kind: 'inconclusive', level: 'medium', message: 'A 7z archive: its members were not scanned (7z-wrapped PyTorch models hid payloads from scanners, nullifAI 2025)', member });
    return;
  }
  const codec = compression(head);
  if (codec) {
    setFormat(codec);
    if (depth >= ctx.limits.depth + 2) {
      ctx.add({ kind: 'inconclusive', level: 'medium', message: `Compressed data nested too deep (${codec}) was not scanned`, member });
      return;
    }
    const inner = inflate(f, src, codec, depth, ctx.limits.inflate);
    if (typeof inner === 'string') {
      ctx.add({ kind: 'inconclusive', level: 'medium', message: `The ${codec}-compressed content was not scanned: ${inner}`, member });
      return;
    }
    scanAny(f, inner, join(member, `${codec} content`), depth + 1, 'definite');
    return;
  }
  if (isTar(src)) {
    setFormat('tar');
    const { members, problem } = readTar(src);
    if (problem) ctx.add({ kind: 'inconclusive', level: 'medium', message: `The tar archive is damaged: ${problem}`, member });
    const legacy = members.some((m) => m.name === 'pickle') && members.some((m) => m.name === 'storages');
    if (legacy) ctx.add({ kind: 'anomaly', level: 'low', message: 'A legacy PyTorch tar checkpoint (before 0.1.10): torch.load unpickles its sys_info, pickle, storages and tensors members', member });
    for (const m of members) {
      if (depth >= ctx.limits.depth + 2) break;
      scanAny(f, new SliceSource(src, m.offset, m.size), join(member, m.name), depth + 1, PICKLE_NAME.test(m.name) ? 'definite' : 'maybe');
    }
    return;
  }
  if (looksSafetensors(src)) {
    setFormat('safetensors');
    for (const x of checkSafetensors(src, member)) ctx.add(x);
    return;
  }
  if (isHdf5(head)) {
    setFormat('hdf5');
    for (const x of scanHdf5(src, member)) ctx.add(x);
    return;
  }
  const name = (member ?? f.name).split(/[\\/]/).pop()!.toLowerCase();
  if (!isOpcode(head[0]) && scanProtobuf(f, src, member, name, setFormat)) return;
  setFormat('pickle');
  const s = walkPickles(src, ctx, { member, mode, depth });
  if (!s.parsed && mode === 'maybe') f.format = f.format === 'pickle' && !member ? 'unknown' : f.format;
}

function scanZip(f: Frame, src: Source, zip: ZipArchive, member: string | undefined, depth: number, setFormat: (fmt: string) => void): void {
  const ctx = f.ctx;
  const names = zip.entries.map((e) => e.name);
  const root = names[0]?.includes('/') ? names[0].slice(0, names[0].indexOf('/') + 1) : '';
  const isTorch = names.some((n) => n === `${root}data.pkl` || n.endsWith('/data.pkl') || n === 'data.pkl');
  const isKeras = names.includes('config.json') && (names.includes('metadata.json') || names.some((n) => n.endsWith('.weights.h5')));
  const isNpz = !isTorch && names.length > 0 && names.some((n) => n.endsWith('.npy'));
  setFormat(isTorch ? (names.some((n) => n.endsWith('constants.pkl')) ? 'torchscript-zip' : 'pytorch-zip') : isKeras ? 'keras' : isNpz ? 'npz' : 'zip');
  for (const p of zip.problems) ctx.add({ kind: 'inconclusive', level: 'medium', message: `The zip archive is damaged: ${p}`, member });
  // Archives whose loaders run Python source they carry (artifacts.md §3.11).
  const sources = names.filter((n) => n.endsWith('.py'));
  if (names.some((n) => n.endsWith('.data/extern_modules'))) {
    ctx.add({ kind: 'anomaly', level: 'high', message: `A torch.package archive: PackageImporter imports the Python modules it carries (${sources.length} .py file(s)) and unpickles with them`, member });
  } else if (names.some((n) => /(^|\/)MAR-INF\/MANIFEST\.json$/.test(n))) {
    ctx.add({ kind: 'anomaly', level: 'high', message: `A TorchServe .mar archive: the server runs its handler code (${sources.length} .py file(s)) when the model is registered`, member });
  } else if (isTorch && sources.some((n) => /(^|\/)code\//.test(n))) {
    ctx.add({ kind: 'anomaly', level: 'low', message: 'A TorchScript archive: torch.jit.load compiles and runs the TorchScript in its code/ folder (a restricted language, but review it)', member });
  }
  if (zip.prefix > 0) ctx.add({ kind: 'anomaly', level: 'medium', message: `${zip.prefix} bytes precede the zip archive`, member, offset: 0 });
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const [n, c] of counts) {
    if (c > 1) ctx.add({ kind: 'anomaly', level: 'high', message: `The zip lists "${n}" ${c} times: readers disagree on which copy they load (every copy was scanned)`, member: join(member, n) });
  }
  for (const off of strayLocalHeaders(src, zip).slice(0, 20)) {
    ctx.add({ kind: 'anomaly', level: 'medium', message: `A local zip header at offset ${off} is not in the central directory: a decoy that streaming unzip tools read and PyTorch does not`, member, offset: off });
  }
  const storage = new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}data/\\d+$`);
  let i = 0;
  for (const e of zip.entries) {
    i++;
    if (ctx.outOfTime()) return;
    if (e.name.endsWith('/')) continue;
    const label = join(member, counts.get(e.name)! > 1 ? `${e.name} (copy ${names.slice(0, i).filter((n) => n === e.name).length})` : e.name);
    const tamper: string[] = [];
    if (e.flags & 0x41) tamper.push('marks it encrypted (flag bits 0x1/0x40)');
    if (e.flags & 0x20) tamper.push('sets the "patched data" flag 0x20');
    if (e.localName !== undefined) tamper.push(`its local header names it "${e.localName}"`);
    if (tamper.length) ctx.add({ kind: 'anomaly', level: 'medium', message: `Tampered zip entry: the archive ${tamper.join(' and ')}; PyTorch ignores this and loads it, Python's zipfile refuses it (CVE-2025-1944/1945)`, member: label });
    if (isTorch && storage.test(e.name) && e.method === 0) {
      // Raw tensor storage: not a pickle, unless it starts like one (a hidden pickle_file=...).
      const h = src.read(e.dataOffset, 2);
      if (!(h[0] === 0x80 && h[1] >= 2 && h[1] <= 5)) continue;
    }
    if (depth >= ctx.limits.depth + 2) {
      ctx.add({ kind: 'inconclusive', level: 'medium', message: 'Archives nested too deep were not scanned', member: label });
      return;
    }
    if (e.method === 8 && e.size > 1024 * 1024) {
      // A large deflated numeric array (.npz) needs only its header read: no pickle follows it.
      const head = memberHead(src, e, 64 * 1024);
      if (head && isNpy(head)) {
        const h = readNpyHeader(new BufferSource(head));
        if (!h.problem && !h.hasObject) {
          ctx.containers.push(`npy:${label}`);
          continue;
        }
      }
    }
    const body = memberSource(src, e, ctx.limits.inflate);
    if (typeof body === 'string') {
      ctx.add({ kind: 'inconclusive', level: 'medium', message: `The zip member could not be read: ${body}`, member: label });
      continue;
    }
    // PyTorch never checks CRCs, Python's zipfile raises on them (CVE-2025-10156): note a mismatch.
    if (body.size <= 64 * 1024 * 1024 && zlib.crc32(body.read(0, body.size)) >>> 0 !== e.crc) {
      ctx.add({ kind: 'anomaly', level: 'medium', message: `Tampered zip entry: its CRC (0x${e.crc.toString(16)}) does not match its data; PyTorch loads it anyway, Python's zipfile refuses it (CVE-2025-10156)`, member: label });
    }
    if (isKeras && e.name === 'config.json') {
      if (body.size > 64 * 1024 * 1024) ctx.add({ kind: 'inconclusive', level: 'medium', message: 'config.json is over 64 MB and was not read', member: label });
      else for (const x of scanKerasConfig(Buffer.from(body.read(0, body.size)).toString('utf8'), label)) ctx.add(x);
      continue;
    }
    // NOTE: a .keras archive's weights file is HDF5 with weights only: its configuration is config.json.
    if (isKeras && /\.h5$/i.test(e.name) && isHdf5(body.read(0, 8))) continue;
    if (/\.(json|txt|py|md|yaml|yml|h5)$/i.test(e.name) && !body.read(0, 1).some(isOpcode)) continue;
    scanAny(f, body, label, depth + 1, PICKLE_NAME.test(e.name) ? 'definite' : 'maybe');
  }
}

export interface ScanOptions {
  limits?: Limits;
  /** The source decompressed ahead when it is xz (see scanFile), or why it could not be. */
  xz?: Uint8Array | string;
  /** scanFile also gives the file's SHA-256 (or these digests), computed from the same reads (HashingSource). */
  hash?: boolean | readonly HashAlg[];
}

/** Scans bytes (a file's, or a test's) and reports; never throws for bad input. */
export function scanSource(src: Source, path: string, options: ScanOptions = {}): ScanResult {
  const started = Date.now();
  const limits = options.limits ?? DEFAULT_LIMITS;
  // NOTE: an opcode is at least a byte, so a large file gets a budget that its size needs.
  const ctx = new ScanContext({ ...limits, opcodes: Math.max(limits.opcodes, 2 * src.size), ms: Math.max(limits.ms, src.size / 2 ** 20 * 50) });
  const frame: Frame = { ctx, xz: options.xz, name: path };
  ctx.nested = (inner, member, depth, hint) => {
    if (depth > ctx.limits.depth) return;
    ctx.containers.push(`nested:${member}`);
    if (hint === 'torch' || readZip(inner)) scanAny(frame, inner, member, depth + 1, 'definite');
    else walkPickles(inner, ctx, { member, mode: 'definite', depth });
  };
  try {
    scanAny(frame, src, undefined, 0, 'definite');
  } catch (err) {
    ctx.add({ kind: 'inconclusive', level: 'medium', message: `The scan stopped on an internal error (${(err as Error).message}); the file is not known to be safe` });
  }
  const findings = ctx.findings;
  return {
    path,
    format: frame.format ?? 'unknown',
    verdict: verdictOf(findings),
    inconclusive: ctx.inconclusive,
    findings,
    imports: [...ctx.imports.values()],
    containers: ctx.containers,
    bytesRead: src.bytesRead(),
    ms: Date.now() - started,
  };
}

/** Scans a file with positioned reads (never loading it whole). */
export async function scanFile(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const file = FileSource.open(path);
  const algs = options.hash === true ? (['SHA-256'] as const) : options.hash || [];
  const hashing = algs.length ? new HashingSource(file, algs) : undefined;
  const src: Source = hashing ?? file;
  try {
    const head = src.read(0, 6);
    const limit = (options.limits ?? DEFAULT_LIMITS).inflate;
    let xz: Uint8Array | string | undefined;
    // NOTE: the only asynchronous decoder (WebAssembly streams) runs before the synchronous scan.
    if (compression(head) === 'xz' && src.size <= limit) {
      xz = await decompressXz(src.read(0, src.size), limit).catch((err: Error) =>
        err instanceof TooLarge ? `it decompresses past the ${limit >> 20} MB limit (a decompression bomb?)` : `its xz data is corrupt (${err.message})`);
    }
    const result = scanSource(src, path, { ...options, xz });
    if (!hashing) return result;
    const hashed = Date.now();
    const digests = hashing.finish();
    // NOTE: the report's figures cover the whole pass, the hash's reads included.
    return { ...result, ...(digests['SHA-256'] ? { sha256: digests['SHA-256'] } : {}), digests, bytesRead: file.bytesRead(), ms: result.ms + Date.now() - hashed };
  } finally {
    file.close();
  }
}
