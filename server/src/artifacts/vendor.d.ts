// Type declarations for the untyped decompressors the scanner uses (bz2, lzma-alone).
declare module 'seek-bzip' {
  interface OutputStream {
    writeByte(byte: number): void;
  }
  const Bunzip: { decode(input: Buffer, output: OutputStream, multistream?: boolean): void };
  export = Bunzip;
}

declare module 'lzma' {
  const LZMA: { decompress(bytes: Uint8Array | number[]): string | number[] | Int8Array };
  export = LZMA;
}
