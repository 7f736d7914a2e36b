// NOTE: shared sticky scanners; every use sets lastIndex first, so recursion cannot confuse them.
const SPECIAL = /[\\\n'"]/g;
const F_SPECIAL = /[\\\n'"{]/g;
const NAME_LIKE = /^['"]{0,2}[\w.]*['"]{0,2}$/;
const NEXT = /[#"']/g;

/**
 * Where the code is, for the pre-filter: comments and plain string literals (other than dotted
 * names) are not code, so a method name inside a docstring or an example string (diffusers'
 * `EXAMPLE_DOC_STRING`) never makes a file worth parsing. f- and t-strings count as code: their
 * `{...}` parts are. The text is lexed lazily, only as far as the positions asked about, and no
 * masked copy is built: a file is usually decided by its first few candidate words.
 * From a string the text ends inside, everything counts as code.
 */
export class CodeRegions {
  /** Blanked runs [from, to), in order. */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  /** Everything before this offset is lexed. */
  private lexed = 0;
  private brokenAt = Infinity;

  constructor(private readonly text: string) {}

  /** False when `offset` is inside a comment or a prose string. */
  isCode(offset: number): boolean {
    while (this.lexed <= offset) this.step();
    if (offset >= this.brokenAt) return true;
    return !inRuns(this.from, this.to, offset);
  }

  /** Lexes the next comment or string literal. */
  private step(): void {
    const text = this.text;
    NEXT.lastIndex = this.lexed;
    if (!NEXT.exec(text)) {
      this.lexed = Infinity;
      return;
    }
    const i = NEXT.lastIndex - 1;
    if (text.charCodeAt(i) === 35 /* # */) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      this.blank(i, end);
      this.lexed = end;
      return;
    }
    const isF = /[ft]/i.test(stringPrefix(text, i));
    const end = stringEnd(text, i, isF);
    if (end < 0) {
      this.brokenAt = i;
      this.lexed = Infinity;
      return;
    }
    // NOTE: a string that could name a module or attribute (`getattr(torch, "load")`,
    // `import_module("pickle")`) counts as code: only prose and code samples do not.
    const contentEnd = text[end - 1] === text[i] && end - 1 > i ? end - 1 : end;
    if (!isF && !NAME_LIKE.test(text.slice(i + 1, contentEnd))) this.blank(i + 1, contentEnd);
    this.lexed = end;
  }

  private blank(from: number, to: number): void {
    if (to <= from) return;
    this.from.push(from);
    this.to.push(to);
  }
}

let last: { text?: string; regions?: CodeRegions } = {};

/** The regions of `text`, shared with the last caller that asked for the same text (the pre-filter, then the partial parse). */
export function codeRegionsOf(text: string): CodeRegions {
  if (last.text !== text || !last.regions) last = { text, regions: new CodeRegions(text) };
  return last.regions!;
}

/** True when `offset` is inside one of the runs [from[i], to[i]) (in order, not overlapping). */
export function inRuns(from: readonly number[], to: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = from.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (from[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && offset < to[lo - 1];
}

/** The prefix letters before a quote at `q` (`rb`, `f`), or '' when they do not start a token. */
export function stringPrefix(text: string, q: number): string {
  let s = q;
  while (s > 0 && s > q - 3 && /[rRbBuUfFtT]/.test(text[s - 1])) s--;
  // NOTE: letters that continue an identifier (`elf"` in invalid code) are not a prefix.
  return s > 0 && /\w/.test(text[s - 1]) ? '' : text.slice(s, q);
}

/**
 * The index just past the string literal whose opening quote is at `q`, or -1 when the text ends
 * inside it. In an f-string, `{...}` fields are lexed as code (they may hold strings with the
 * same quote, PEP 701) and `{{` is a literal brace.
 */
export function stringEnd(text: string, q: number, isF: boolean): number {
  const quote = text[q];
  const triple = text.startsWith(quote.repeat(3), q);
  const close = triple ? quote.repeat(3) : quote;
  let i = q + close.length;
  const n = text.length;
  const special = isF ? F_SPECIAL : SPECIAL;
  while (i < n) {
    special.lastIndex = i;
    if (!special.exec(text)) return -1;
    i = special.lastIndex - 1;
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (!triple && ch === '\n') return i; // unterminated one-line string: the lexer stops there too
    if (text.startsWith(close, i)) return i + close.length;
    if (isF && ch === '{') {
      if (text[i + 1] === '{') {
        i += 2;
        continue;
      }
      const end = fieldEnd(text, i + 1);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    i++;
  }
  return -1;
}

/** Past the `}` that closes an f-string field starting at `i`, skipping nested brackets and strings. */
function fieldEnd(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const prefix = stringPrefix(text, i);
      const end = stringEnd(text, i, /[ft]/i.test(prefix));
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return -1;
}
