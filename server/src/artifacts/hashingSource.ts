import { createHash, type Hash } from 'crypto';

import type { FileSource, Source } from './source';

const CHUNK = 1024 * 1024;

/**
 * A file source that computes the file's SHA-256 from the scanner's own reads: every read that
 * reaches the hash cursor feeds the hash and moves it on, so a pickle walked from its start is
 * read once for both. What the scanner skips (a tensor literal, a checkpoint's storages) is read
 * once by `finish`, from the cursor to the end; only what the scanner read ahead of the cursor
 * (a zip's central directory, its data.pkl) is read twice, and it is small.
 */
export class HashingSource implements Source {
  private readonly hash: Hash = createHash('sha256');
  private cursor = 0;

  constructor(private readonly file: FileSource) {}

  get size(): number {
    return this.file.size;
  }

  bytesRead(): number {
    return this.file.bytesRead();
  }

  private feed(pos: number, bytes: Uint8Array): void {
    const end = pos + bytes.length;
    if (pos > this.cursor || end <= this.cursor) return;
    this.hash.update(bytes.subarray(this.cursor - pos));
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

  /** Reads what the scan did not reach and returns the file's SHA-256 (lowercase hex). */
  finish(): string {
    const buf = Buffer.allocUnsafe(CHUNK);
    while (this.cursor < this.size) {
      const n = this.file.readInto(this.cursor, buf);
      if (n <= 0) throw new Error(`the file ended at byte ${this.cursor} of ${this.size} while it was hashed`);
      this.hash.update(buf.subarray(0, n));
      this.cursor += n;
    }
    return this.hash.digest('hex');
  }
}
