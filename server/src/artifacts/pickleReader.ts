import type { ScanContext } from './context';
import { decodeLatin1, printable } from './pickleText';
import { MAX_LINE, MAX_NAME, StreamError, WINDOW } from './pickleSymbols';
import type { Source } from './source';

/**
 * The bytes of one pickle stream, read through a window that is refilled from the source (a
 * pooled buffer for files): the opcodes' fixed-size arguments, newline-terminated text arguments,
 * literals skipped without being read. NOTE: the walker extends this class rather than holding
 * one, so that reading a byte stays a field access on the walker itself (the opcode loop's hot path).
 */
export class PickleReader {
  protected buf: Uint8Array = new Uint8Array(0);
  protected bufPos = 0;
  protected bufLen = 0;
  /** This stream's reusable window, for sources that can fill one (files). */
  protected own?: Uint8Array;
  protected pos: number;

  constructor(
    protected readonly src: Source,
    protected readonly ctx: ScanContext,
    start: number,
  ) {
    this.pos = start;
  }

  protected ensure(n: number): void {
    if (this.pos + n <= this.bufPos + this.bufLen) return;
    if (this.pos + n > this.src.size) throw new StreamError(`the file ends inside an opcode (${n} bytes needed at offset ${this.pos})`, true);
    this.refill(Math.max(n, WINDOW));
  }

  /** Moves the window to start at `pos`, holding at least `want` bytes (or up to the end). */
  protected refill(want: number): void {
    const readInto = this.src.readInto;
    if (readInto) {
      const size = Math.min(want, this.src.size - this.pos);
      if (!this.own || this.own.length < size) {
        const pooled = this.ctx.windows.pop();
        this.own = pooled && pooled.length >= size ? pooled : new Uint8Array(Math.max(size, Math.min(WINDOW, this.src.size - this.pos)));
      }
      this.buf = this.own;
      this.bufLen = readInto.call(this.src, this.pos, this.own.subarray(0, Math.min(this.own.length, this.src.size - this.pos)));
    } else {
      this.buf = this.src.read(this.pos, want);
      this.bufLen = this.buf.length;
    }
    this.bufPos = this.pos;
  }

  protected u8(): number {
    if (this.pos >= this.bufPos + this.bufLen) this.ensure(1);
    return this.buf[this.pos++ - this.bufPos];
  }

  protected u16(): number {
    this.ensure(2);
    const i = this.pos - this.bufPos;
    this.pos += 2;
    return this.buf[i] | (this.buf[i + 1] << 8);
  }

  protected u32(): number {
    this.ensure(4);
    const i = this.pos - this.bufPos;
    this.pos += 4;
    return (this.buf[i] | (this.buf[i + 1] << 8) | (this.buf[i + 2] << 16)) + this.buf[i + 3] * 0x1000000;
  }

  protected i32(): number {
    const v = this.u32();
    return v >= 0x80000000 ? v - 0x100000000 : v;
  }

  /** A u64 length; anything beyond 2^53 is larger than any file. */
  protected u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x100000000 + lo;
  }

  /** Skips a literal of `len` bytes without reading it; returns where it starts. */
  protected skip(len: number): number {
    const at = this.pos;
    if (len < 0 || at + len > this.src.size) throw new StreamError(`a literal of ${len} bytes at offset ${at} runs past the end of the data`, true);
    this.pos = at + len;
    return at;
  }

  /** A newline-terminated argument: its [start, end) without the newline. */
  protected line(): [number, number] {
    let want = 256;
    for (;;) {
      this.ensure(Math.min(want, this.src.size - this.pos) || 1);
      const i0 = this.pos - this.bufPos;
      const nl = this.buf.subarray(0, this.bufLen).indexOf(0x0a, i0);
      if (nl >= 0) {
        const start = this.pos;
        const end = this.bufPos + nl;
        this.pos = end + 1;
        return [start, end];
      }
      if (this.bufPos + this.bufLen >= this.src.size) throw new StreamError(`the file ends inside a text argument at offset ${this.pos}`, true);
      if (want >= MAX_LINE) throw new StreamError(`a text argument at offset ${this.pos} is longer than ${MAX_LINE} bytes`);
      want = Math.min(MAX_LINE, Math.max(want * 4, this.bufLen - i0 + 1));
      this.refill(Math.max(want, WINDOW));
    }
  }

  protected bytesAt(start: number, end: number): Uint8Array {
    if (start >= this.bufPos && end <= this.bufPos + this.bufLen) return this.buf.subarray(start - this.bufPos, end - this.bufPos);
    return this.src.read(start, end - start);
  }

  protected lineText(): string {
    const [s, e] = this.line();
    return decodeLatin1(this.bytesAt(s, Math.min(e, s + MAX_NAME)));
  }

  protected lineInt(what: string): number {
    const text = this.lineText().trim().replace(/L$/, '');
    if (!/^[+-]?\d+$/.test(text)) throw new StreamError(`${what} argument "${printable(text)}" is not an integer`);
    return Number(text);
  }
}
