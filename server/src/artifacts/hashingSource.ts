import { blake3 } from '@noble/hashes/blake3.js';
import { createHash } from 'crypto';

import type { HashAlg } from '../catalog/schemaTypes';
import type { FileSource, Source } from './source';

/** One running digest, whatever computes it. */
interface Digest {
  update(bytes: Uint8Array): void;
  hex(): string;
}

function digestOf(alg: HashAlg): Digest {
  if (alg === 'BLAKE3') {
    const h = blake3.create();
    return { update: (b) => void h.update(b), hex: () => Buffer.from(h.digest()).toString('hex') };
  }
  const h = createHash(alg === 'SHA-512' ? 'sha512' : 'sha256');
  return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
}

const CHUNK = 1024 * 1024;

/**
 * A file source that computes the file's digests (SHA-256, and SHA-512 or BLAKE3 when a catalog
 * entry records those) from the scanner's own reads: every read that
 * reaches the hash cursor feeds the hash and moves it on, so a pickle walked from its start is
 * read once for both. What the scanner skips (a tensor literal, a checkpoint's storages) is read
 * once by `finish`, from the cursor to the end; only what the scanner read ahead of the cursor
 * (a zip's central directory, its data.pkl) is read twice, and it is small.
 */
export class HashingSource implements Source {
  private readonly digests: Array<{ alg: HashAlg; digest: Digest }>;
  private cursor = 0;

  constructor(
    private readonly file: FileSource,
    algs: readonly HashAlg[] = ['SHA-256'],
  ) {
    this.digests = [...new Set(algs)].map((alg) => ({ alg, digest: digestOf(alg) }));
  }

  get size(): number {
    return this.file.size;
  }

  bytesRead(): number {
    return this.file.bytesRead();
  }

  private feed(pos: number, bytes: Uint8Array): void {
    const end = pos + bytes.length;
    if (pos > this.cursor || end <= this.cursor) return;
    this.update(bytes.subarray(this.cursor - pos));
    this.cursor = end;
  }

  read(pos: number, len: number): Uint8Array {
    const out = this.file.read(pos, len);
    this.feed(pos, out);
    return out;
  }

  readInto(pos: number, target: Uint8Array): number {
    const n = this.file.readInto(pos, target);
    this.feed(pos, target.subarray(0, n));
    return n;
  }

  private update(bytes: Uint8Array): void {
    for (const { digest } of this.digests) digest.update(bytes);
  }

  /** Reads what the scan did not reach and returns the file's digests (lowercase hex). */
  finish(): Partial<Record<HashAlg, string>> {
    const buf = Buffer.allocUnsafe(CHUNK);
    while (this.cursor < this.size) {
      const n = this.file.readInto(this.cursor, buf);
      if (n <= 0) throw new Error(`the file ended at byte ${this.cursor} of ${this.size} while it was hashed`);
      this.update(buf.subarray(0, n));
      this.cursor += n;
    }
    return Object.fromEntries(this.digests.map(({ alg, digest }) => [alg, digest.hex()]));
  }
}
