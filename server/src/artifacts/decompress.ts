import Bunzip from 'seek-bzip';
import * as zlib from 'zlib';

/** Thrown when the output passes the cap: a decompression bomb, or simply too large to scan. */
export class TooLarge extends Error {}

/** A byte sink that grows by doubling and refuses to pass `cap`. */
class CappedOutput {
  private buf = Buffer.alloc(64 * 1024);
  private pos = 0;
  constructor(private readonly cap: number) {}
  writeByte(b: number): void {
    if (this.pos >= this.buf.length) {
      if (this.pos >= this.cap) throw new TooLarge();
      const next = Buffer.alloc(Math.min(this.cap, this.buf.length * 2));
      this.buf.copy(next);
      this.buf = next;
    }
    this.buf[this.pos++] = b;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function lzmaAlone(input: Uint8Array, cap: number): Uint8Array {
  // The .lzma header declares the size (or -1): refuse what would pass the cap before decoding.
  const declared = Buffer.from(input.subarray(5, 13));
  const unknown = declared.every((b) => b === 0xff);
  const size = unknown ? -1 : Number(declared.readBigUInt64LE(0));
  if (size > cap || (unknown && input.length * 200 > cap)) throw new TooLarge();
  // NOTE: the package's entry point requires its worker by a computed path, which a bundle
  // cannot follow; the worker file itself exports the decoder.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const LZMA = (require('lzma/src/lzma_worker.js') as { LZMA_WORKER: typeof import('lzma') }).LZMA_WORKER;
  const out = LZMA.decompress(input);
  // NOTE: LZMA-JS returns a string when the output happens to be valid UTF-8.
  const bytes = typeof out === 'string' ? Buffer.from(out, 'utf8') : Buffer.from(Int8Array.from(out).buffer);
  if (bytes.length > cap) throw new TooLarge();
  return bytes;
}

/** Decompresses synchronously, never past `cap` bytes; xz needs {@link decompressXz}. */
export function decompressSync(kind: string, input: Uint8Array, cap: number): Uint8Array {
  try {
    if (kind === 'gzip') return zlib.gunzipSync(input, { maxOutputLength: cap });
    if (kind === 'zlib') return zlib.inflateSync(input, { maxOutputLength: cap });
    // joblib < 0.9.3: "ZF", the length in hex padded to 19 characters, then zlib.
    if (kind === 'zf') return zlib.inflateSync(input.subarray(21), { maxOutputLength: cap });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge();
    throw err;
  }
  if (kind === 'bz2') {
    const out = new CappedOutput(cap);
    // NOTE: seek-bzip calls the deprecated Buffer constructor; bundled, Node would print DEP0005
    // to the user's terminal for a library detail.
    const quiet = process.noDeprecation;
    process.noDeprecation = true;
    try {
      Bunzip.decode(Buffer.from(input), out, true);
    } finally {
      process.noDeprecation = quiet;
    }
    return out.result();
  }
  if (kind === 'lzma') return lzmaAlone(input, cap);
  throw new Error(`${kind} is not supported`);
}

/** Decompresses an xz stream (WebAssembly, asynchronous), never past `cap` bytes. */
export async function decompressXz(input: Uint8Array, cap: number): Promise<Uint8Array> {
  const { XzReadableStream } = await import('xz-decompress');
  const { Blob } = await import('buffer');
  const stream = new XzReadableStream(new Blob([input]).stream() as unknown as ReadableStream<Uint8Array>);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      await reader.cancel();
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
