import type { Source } from './source';

export interface TarMember {
  name: string;
  offset: number;
  size: number;
}

export function isTar(src: Source): boolean {
  const magic = Buffer.from(src.read(257, 5)).toString('latin1');
  return magic === 'ustar';
}

function octal(b: Uint8Array): number {
  const s = Buffer.from(b).toString('latin1').replace(/\0.*$/s, '').trim();
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : -1;
}

/** The regular files of a tar (ustar, GNU and PAX names), at most 10 000. */
export function readTar(src: Source): { members: TarMember[]; problem?: string } {
  const members: TarMember[] = [];
  let p = 0;
  let longName: string | undefined;
  while (p + 512 <= src.size && members.length < 10_000) {
    const h = src.read(p, 512);
    if (h.every((b) => b === 0)) break;
    const size = octal(h.subarray(124, 136));
    if (size < 0) return { members, problem: `a tar header at offset ${p} is damaged` };
    const type = String.fromCharCode(h[156]);
    const prefix = Buffer.from(h.subarray(345, 500)).toString('utf8').replace(/\0.*$/s, '');
    const base = Buffer.from(h.subarray(0, 100)).toString('utf8').replace(/\0.*$/s, '');
    const data = p + 512;
    if (data + size > src.size) return { members, problem: `the tar member "${base}" runs past the end of the file` };
    if (type === 'L' || type === 'x') {
      const text = Buffer.from(src.read(data, Math.min(size, 65536))).toString('utf8');
      longName = type === 'L' ? text.replace(/\0.*$/s, '') : /\d+ path=([^\n]*)\n/.exec(text)?.[1] ?? longName;
    } else {
      if (type === '0' || type === '\0' || type === '7') members.push({ name: longName ?? (prefix ? `${prefix}/${base}` : base), offset: data, size });
      longName = undefined;
    }
    p = data + Math.ceil(size / 512) * 512;
  }
  return { members };
}
