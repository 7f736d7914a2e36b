import type { Source } from './source';

/** The parts of an `.npy` header the scanner needs. */
export interface NpyHeader {
  /** Where the array data starts. */
  dataOffset: number;
  /** Some field of the dtype is `O` (Python objects): the body is a pickle. */
  hasObject: boolean;
  descr: string;
  problem?: string;
}

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpy(head: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => head[i] === b);
}

/**
 * Parses the header (a Python dict literal) without evaluating it: only `descr` matters, and an
 * `O` typestr anywhere in it (also inside a structured dtype, C21) means the body is a pickle.
 */
export function readNpyHeader(src: Source): NpyHeader {
  const head = src.read(0, 12);
  const major = head[6];
  const fail = (problem: string): NpyHeader => ({ dataOffset: src.size, hasObject: false, descr: '', problem });
  if (head.length < 10) return fail('the header is truncated');
  let len: number;
  let start: number;
  if (major === 1) {
    len = head[8] | (head[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (head.length < 12) return fail('the header is truncated');
    len = (head[8] | (head[9] << 8) | (head[10] << 16)) + head[11] * 0x1000000;
    start = 12;
  } else return fail(`format version ${major} is unknown`);
  if (start + len > src.size) return fail('the header runs past the end of the file');
  if (len > 1 << 20) return fail('the header is over 1 MB');
  const text = Buffer.from(src.read(start, len)).toString(major === 3 ? 'utf8' : 'latin1');
  const m = /['"]descr['"]\s*:\s*/.exec(text);
  if (!m) return { ...fail("the header has no 'descr'"), dataOffset: start + len };
  const descr = literalAt(text, m.index + m[0].length);
  // Every quoted typestr in descr: `'|O'`, `'<f8'`, and field names, which are not typestrs.
  const typestrs = [...descr.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]);
  const hasObject = typestrs.some((t) => /^[|<>=]?O\d*$/.test(t));
  return { dataOffset: start + len, hasObject, descr };
}

/** The text of the Python literal starting at `i` (balanced brackets, quoted strings). */
function literalAt(text: string, i: number): string {
  let depth = 0;
  let quote = '';
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) {
        quote = '';
        if (depth === 0) return text.slice(i, j + 1);
      }
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth <= 0) return text.slice(i, j + 1);
    } else if (c === ',' && depth === 0) return text.slice(i, j);
  }
  return text.slice(i);
}
