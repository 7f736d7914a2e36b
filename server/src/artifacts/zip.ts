import * as zlib from 'zlib';

import { BufferSource, SliceSource, type Source } from './source';

/** One central-directory entry, read as PyTorch's miniz reader reads it (flags and CRC ignored). */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header in the source (after the prefix adjustment). */
  localOffset: number;
  /** The local header's own name, when it differs from the central one (CVE-2025-1944). */
  localName?: string;
  /** Where the member's data starts; -1 when the local header is unreadable. */
  dataOffset: number;
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** Bytes before the archive proper (a pickle+zip polyglot has its pickle there). */
  prefix: number;
  /** Problems with the directory itself. */
  problems: string[];
  /** Where the end-of-central-directory record is. */
  eocd: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 100_000;

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
}
function u64(b: Uint8Array, i: number): number {
  return u32(b, i) + u32(b, i + 4) * 0x100000000;
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** Finds the end-of-central-directory record in the last 64 KiB + 22 bytes; -1 if none. */
export function findEocd(src: Source): number {
  if (src.size < 22) return -1;
  const from = Math.max(0, src.size - 65557);
  const tail = src.read(from, src.size - from);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6 && u32(tail, i) === EOCD) {
      const commentLen = u16(tail, i + 20);
      if (i + 22 + commentLen <= tail.length) return from + i;
    }
  }
  return -1;
}

/** Reads the central directory; undefined when `src` is not a zip at all. */
export function readZip(src: Source): ZipArchive | undefined {
  const eocdAt = findEocd(src);
  if (eocdAt < 0) return undefined;
  const problems: string[] = [];
  const e = src.read(eocdAt, 22);
  let count = u16(e, 10);
  let cdSize = u32(e, 12);
  let cdOffset = u32(e, 16);
  let cdEnd = eocdAt;
  // ZIP64: the locator sits just before the EOCD.
  if (eocdAt >= 20) {
    const loc = src.read(eocdAt - 20, 20);
    if (u32(loc, 0) === EOCD64_LOCATOR) {
      const at = u64(loc, 8);
      const r = src.read(at, 56);
      if (r.length === 56 && u32(r, 0) === EOCD64) {
        count = u64(r, 32);
        cdSize = u64(r, 40);
        cdOffset = u64(r, 48);
        cdEnd = at;
      } else problems.push('the ZIP64 end record is missing or damaged');
    }
  }
  // Python's zipfile and miniz both allow bytes before the archive: offsets shift by the prefix.
  const prefix = Math.max(0, cdEnd - cdSize - cdOffset);
  const cdStart = cdOffset + prefix;
  if (cdStart + cdSize > src.size || cdSize > 256 * 1024 * 1024) {
    problems.push('the central directory lies outside the file');
    return { entries: [], prefix, problems, eocd: eocdAt };
  }
  const cd = src.read(cdStart, cdSize);
  const entries: ZipEntry[] = [];
  let i = 0;
  while (i + 46 <= cd.length && entries.length < Math.min(count || MAX_ENTRIES, MAX_ENTRIES)) {
    if (u32(cd, i) !== CENTRAL) {
      problems.push(`the central directory is damaged at entry ${entries.length + 1}`);
      break;
    }
    const flags = u16(cd, i + 8);
    const method = u16(cd, i + 10);
    const crc = u32(cd, i + 16);
    let compressedSize = u32(cd, i + 20);
    let size = u32(cd, i + 24);
    const nameLen = u16(cd, i + 28);
    const extraLen = u16(cd, i + 30);
    const commentLen = u16(cd, i + 32);
    let localOffset = u32(cd, i + 42);
    const rawName = cd.subarray(i + 46, i + 46 + nameLen);
    const name = flags & 0x800 ? utf8(rawName) : latin1(rawName);
    // ZIP64 extra field (id 1): the 0xffffffff fields, in order.
    let x = i + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd && x + 4 <= cd.length) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 1) {
        let f = x + 4;
        if (size === 0xffffffff && f + 8 <= x + 4 + len) (size = u64(cd, f)), (f += 8);
        if (compressedSize === 0xffffffff && f + 8 <= x + 4 + len) (compressedSize = u64(cd, f)), (f += 8);
        if (localOffset === 0xffffffff && f + 8 <= x + 4 + len) localOffset = u64(cd, f);
      }
      x += 4 + len;
    }
    const entry: ZipEntry = { name, method, flags, crc, compressedSize, size, localOffset: localOffset + prefix, dataOffset: -1 };
    const local = src.read(entry.localOffset, 30);
    if (local.length === 30 && u32(local, 0) === LOCAL) {
      const ln = u16(local, 26);
      const le = u16(local, 28);
      const localName = latin1(src.read(entry.localOffset + 30, ln));
      if (localName !== latin1(rawName)) entry.localName = localName;
      entry.dataOffset = entry.localOffset + 30 + ln + le;
    }
    entries.push(entry);
    i += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, prefix, problems, eocd: eocdAt };
}

/** Local headers that the central directory does not list (a decoy for streaming unzip, C17). */
export function strayLocalHeaders(src: Source, zip: ZipArchive): number[] {
  const listed = new Set(zip.entries.map((e) => e.localOffset));
  const stray: number[] = [];
  let p = zip.prefix;
  for (let steps = 0; steps < 1000 && p + 30 <= src.size; steps++) {
    const h = src.read(p, 30);
    if (u32(h, 0) !== LOCAL) break;
    if (!listed.has(p)) stray.push(p);
    const csize = u32(h, 18);
    if (csize === 0xffffffff || (u16(h, 6) & 0x8 && csize === 0)) break;
    p += 30 + u16(h, 26) + u16(h, 28) + csize;
  }
  return stray;
}

/**
 * The bytes of one member: a window of the file when stored, inflated (capped) when deflated.
 * Returns a reason string when it cannot be read.
 */
export function memberSource(src: Source, e: ZipEntry, maxInflate: number): Source | string {
  if (e.dataOffset < 0) return 'its local header is missing or damaged';
  if (e.dataOffset + e.compressedSize > src.size) return 'its data runs past the end of the file';
  if (e.method === 0) return new SliceSource(src, e.dataOffset, e.compressedSize);
  if (e.method === 8) {
    if (e.compressedSize > maxInflate) return `it is larger than the ${maxInflate >> 20} MB inflate limit`;
    try {
      const out = zlib.inflateRawSync(src.read(e.dataOffset, e.compressedSize), { maxOutputLength: maxInflate });
      return new BufferSource(out);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') return `it inflates past the ${maxInflate >> 20} MB limit (a decompression bomb?)`;
      return `its deflate data is corrupt (${(err as Error).message})`;
    }
  }
  return `it uses compression method ${e.method}, which neither PyTorch nor this scanner reads`;
}

/**
 * The first bytes of a member without inflating all of it (a deflated numeric array in an .npz
 * can be gigabytes): a prefix of the compressed data, flushed. Undefined when unreadable.
 */
export function memberHead(src: Source, e: ZipEntry, n: number): Uint8Array | undefined {
  if (e.dataOffset < 0) return undefined;
  if (e.method === 0) return src.read(e.dataOffset, Math.min(n, e.compressedSize));
  if (e.method !== 8) return undefined;
  try {
    const prefix = src.read(e.dataOffset, Math.min(e.compressedSize, 4 * n));
    return zlib.inflateRawSync(prefix, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 16 * n }).subarray(0, n);
  } catch {
    return undefined;
  }
}
