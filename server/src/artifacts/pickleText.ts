/** Decoding the text arguments of pickle opcodes the way CPython's unpickler does (never eval). */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8, as `GLOBAL`/`INST` lines and `BINUNICODE` need; undefined when invalid. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Python's `codecs.escape_decode` of a `STRING` argument (quotes already removed). */
export function decodeEscapes(bytes: Uint8Array): string | undefined {
  const s = decodeLatin1(bytes);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = s[++i];
    if (d === undefined) return undefined; // CPython: "Trailing \ in string"
    if (d in SIMPLE) out += SIMPLE[d];
    else if (d === 'x') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (/[0-7]/.test(d)) {
      let oct = d;
      while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
    } else out += `\\${d}`;
  }
  return out;
}

/** Python's `raw-unicode-escape` decoding of a `UNICODE` line. */
export function decodeRawUnicodeEscape(bytes: Uint8Array): string | undefined {
  const s = decodeLatin1(bytes);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    // Only an odd run of backslashes before u/U escapes; `\\u` stays literal.
    if (s[i] === '\\' && (s[i + 1] === 'u' || s[i + 1] === 'U')) {
      let run = 1;
      while (i - run >= 0 && s[i - run] === '\\') run++;
      if (run % 2 === 1) {
        const n = s[i + 1] === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) return undefined;
        out += String.fromCodePoint(cp);
        i += 1 + n;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A name that could be a Python module or attribute path. */
export function identifierShaped(s: string): boolean {
  return IDENT.test(s);
}

/** A printable rendering of an untrusted name for a message (control characters escaped, capped). */
export function printable(s: string): string {
  const cut = s.length > 120 ? `${s.slice(0, 120)}…` : s;
  return cut.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
