/**
 * Where values sit in a JSON text already known to be valid (JSON.parse accepted it): enough to
 * find a notebook's cell sources and map their characters to the file, without decoding the rest
 * (outputs may be megabytes of base64 that the analysis never needs).
 */

/** `[start, end)` of a value in the JSON text (a string's range includes its quotes). */
export interface JsonRange {
  start: number;
  end: number;
}

const WS = /[ \t\r\n]*/y;
const SCALAR = /-?[\d.eE+-]+|true|false|null/y;

function skipWs(text: string, i: number): number {
  WS.lastIndex = i;
  WS.exec(text);
  return WS.lastIndex;
}

/** The end of the string literal that starts at `i` (its opening quote). */
function stringEnd(text: string, i: number): number {
  for (let j = text.indexOf('"', i + 1); j !== -1; j = text.indexOf('"', j + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
  }
  return text.length;
}

/**
 * The end of the value that starts at `i`. Containers are skipped by counting brackets outside
 * strings, without recursion: an output may nest deeper than the call stack allows.
 */
export function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 34 /* " */) j = stringEnd(text, j) - 1;
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return j + 1;
    }
    return text.length;
  }
  SCALAR.lastIndex = i;
  return SCALAR.exec(text) ? SCALAR.lastIndex : i + 1;
}

/** The members of the object at `i`: each key (decoded) with its value's range; a repeated key keeps its last value, as JSON.parse does. */
export function objectMembers(text: string, i: number): Map<string, JsonRange> {
  const members = new Map<string, JsonRange>();
  let j = skipWs(text, i + 1);
  while (j < text.length && text[j] !== '}') {
    const keyEnd = stringEnd(text, j);
    const key = JSON.parse(text.slice(j, keyEnd)) as string;
    const start = skipWs(text, skipWs(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    members.set(key, { start, end });
    j = skipWs(text, end);
    if (text[j] === ',') j = skipWs(text, j + 1);
  }
  return members;
}

/** The ranges of the elements of the array at `i`. */
export function arrayElements(text: string, i: number): JsonRange[] {
  const elements: JsonRange[] = [];
  let j = skipWs(text, i + 1);
  while (j < text.length && text[j] !== ']') {
    const end = valueEnd(text, j);
    elements.push({ start: j, end });
    j = skipWs(text, end);
    if (text[j] === ',') j = skipWs(text, j + 1);
  }
  return elements;
}

/**
 * A JSON string literal decoded, with the map from offsets in the decoded text to offsets in the
 * file: escapes (`\n`, `\"`, `\u00e9`) are longer in the file than in the text.
 */
export class JsonString {
  readonly value: string;
  /** After each escape: [decoded offset, file offset]. */
  private readonly marks: Array<[number, number]>;

  constructor(text: string, readonly range: JsonRange) {
    this.value = JSON.parse(text.slice(range.start, range.end)) as string;
    this.marks = [[0, range.start + 1]];
    let decoded = 0;
    let last = range.start + 1;
    for (let j = text.indexOf('\\', last); j !== -1 && j < range.end - 1; j = text.indexOf('\\', last)) {
      decoded += j - last + 1;
      last = j + (text[j + 1] === 'u' ? 6 : 2);
      this.marks.push([decoded, last]);
    }
  }

  /** The file offset of a decoded offset (0 … value.length). */
  fileOffset(offset: number): number {
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.marks[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const [d, f] = this.marks[lo];
    return f + (offset - d);
  }
}
