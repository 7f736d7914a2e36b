import * as fs from 'fs';

/**
 * Bytes the scanner reads by position: a file read with positioned reads, a buffer, or a window
 * of either. Nothing reads a whole source unless it is small; a read past the end returns fewer
 * bytes.
 */
export interface Source {
  readonly size: number;
  /** Up to `len` bytes at `pos` (fewer at the end). The result may be a view: copy to keep it. */
  read(pos: number, len: number): Uint8Array;
  /** Bytes actually fetched from the backing store so far (for the report). */
  bytesRead(): number;
  /** Fills `target` from `pos` (fewer bytes at the end); returns the count. Sources that can avoid a fresh buffer per read have it. */
  readInto?(pos: number, target: Uint8Array): number;
}

export class BufferSource implements Source {
  readonly size: number;
  private fetched = 0;
  constructor(private readonly buf: Uint8Array) {
    this.size = buf.length;
  }
  read(pos: number, len: number): Uint8Array {
    const start = Math.max(0, Math.min(pos, this.size));
    const end = Math.max(start, Math.min(this.size, pos + len));
    this.fetched += end - start;
    return this.buf.subarray(start, end);
  }
  bytesRead(): number {
    return this.fetched;
  }
}

/** A file read with positioned reads; the caller closes it. */
export class FileSource implements Source {
  readonly size: number;
  private fetched = 0;
  private constructor(private readonly fd: number, size: number) {
    this.size = size;
  }
  static open(path: string): FileSource {
    const fd = fs.openSync(path, 'r');
    try {
      return new FileSource(fd, fs.fstatSync(fd).size);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }
  read(pos: number, len: number): Uint8Array {
    const n = Math.max(0, Math.min(len, this.size - pos));
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, out, got, n - got, pos + got);
      if (r <= 0) break;
      got += r;
    }
    this.fetched += got;
    return got === n ? out : out.subarray(0, got);
  }
  bytesRead(): number {
    return this.fetched;
  }
  readInto(pos: number, target: Uint8Array): number {
    const n = Math.max(0, Math.min(target.length, this.size - pos));
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, target, got, n - got, pos + got);
      if (r <= 0) break;
      got += r;
    }
    this.fetched += got;
    return got;
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

/** A window `[start, start+size)` of another source (a zip member, the body of an `.npy`). */
export class SliceSource implements Source {
  constructor(private readonly inner: Source, private readonly start: number, readonly size: number) {}
  read(pos: number, len: number): Uint8Array {
    const n = Math.max(0, Math.min(len, this.size - pos));
    return n === 0 ? new Uint8Array(0) : this.inner.read(this.start + pos, n);
  }
  bytesRead(): number {
    return this.inner.bytesRead();
  }
  get readInto(): ((pos: number, target: Uint8Array) => number) | undefined {
    const inner = this.inner;
    if (!inner.readInto) return undefined;
    return (pos, target) => inner.readInto!(this.start + pos, target.subarray(0, Math.max(0, Math.min(target.length, this.size - pos))));
  }
}

/** Reads `len` bytes at `pos`, copying them out of any shared window. */
export function readCopy(src: Source, pos: number, len: number): Uint8Array {
  return Uint8Array.from(src.read(pos, len));
}
