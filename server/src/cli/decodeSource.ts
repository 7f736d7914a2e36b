/**
 * Turning a Python file's bytes into text the way CPython would accept them, or saying why not.
 * Python reads source as UTF-8 unless a PEP 263 coding line says otherwise, and refuses NUL bytes
 * and UTF-16; the CLI follows it, so "could not decode" means "Python could not run it either".
 */

import { isUtf8 } from 'buffer';

/** The decoded text, or the reason the file cannot be analysed (reported as MLH002). */
export type Decoded =
  | { text: string; encoding: string; problem?: undefined }
  | { text?: undefined; encoding?: undefined; problem: string };

/** PEP 263: `coding[:=]\s*name` in a comment on line 1 or 2. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Encodings WHATWG's TextDecoder knows under Python's names (a file in another one is MLH002). */
const ALIASES: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-sig': 'utf-8',
  'latin-1': 'latin1', latin1: 'latin1', 'iso-8859-1': 'latin1', 'iso8859-1': 'latin1', l1: 'latin1',
  cp1252: 'windows-1252', 'windows-1252': 'windows-1252', ascii: 'utf-8', 'us-ascii': 'utf-8',
  'iso-8859-15': 'iso-8859-15', latin9: 'iso-8859-15', cp1251: 'windows-1251', 'shift-jis': 'shift_jis', sjis: 'shift_jis',
  'euc-jp': 'euc-jp', gbk: 'gbk', gb2312: 'gbk', big5: 'big5', 'euc-kr': 'euc-kr', 'koi8-r': 'koi8-r',
};

function declaredCoding(bytes: Uint8Array): string | undefined {
  // NOTE: the coding line is ASCII by definition, so reading the head as latin1 is exact for it.
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const m = CODING.exec(line);
    if (m) return m[1].toLowerCase().replace(/_/g, '-');
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

/** Decodes a Python source file as CPython would, or explains why it cannot be. */
export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { problem: 'the file is UTF-16 (it starts with a UTF-16 byte order mark); Python source must be UTF-8 or declare an 8-bit encoding' };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: `the file contains a NUL byte (at byte ${nul}), so it is not Python source` };
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const declared = declaredCoding(bytes);
  const name = declared ? ALIASES[declared] ?? ALIASES[declared.replace(/-/g, '')] : 'utf-8';
  if (!name) return { problem: `the file declares the encoding "${declared}", which ML Hygiene cannot decode` };
  if (hasBom && name !== 'utf-8') return { problem: `the file starts with a UTF-8 byte order mark but declares "${declared}"` };
  if ((declared === 'ascii' || declared === 'us-ascii') && bytes.some((b) => b > 0x7f)) {
    return { problem: `the file declares the encoding "${declared}" but holds bytes above 127` };
  }
  // NOTE: the BOM is kept in the text, so that --fix writes it back and columns stay as before.
  // Valid UTF-8 (nearly every file) is checked and decoded natively, at several times the speed.
  if (name === 'utf-8' && isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: name };
  try {
    const text = new TextDecoder(name, { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: name };
  } catch {
    return { problem: invalidUtf8Reason(bytes, name) };
  }
}

function invalidUtf8Reason(bytes: Uint8Array, name: string): string {
  if (name !== 'utf-8') return `the file is not valid ${name}`;
  // Find the first bad byte, so the user can locate it.
  let ok = 0;
  for (let lo = 0, hi = bytes.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      ok = mid;
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  const line = Buffer.from(bytes.subarray(0, ok)).toString('latin1').split('\n').length;
  return `the file is not valid UTF-8 (first bad byte near line ${line}) and declares no other encoding (PEP 263)`;
}
