// NOTE: shared sticky scanners; every use sets lastIndex first, so recursion cannot confuse them.
const SPECIAL = /[\\\n'"]/g;
const F_SPECIAL = /[\\\n'"{]/g;
const NAME_LIKE = /^['"]{0,2}[\w.]*['"]{0,2}$/;

/**
 * The text with comments and plain string literals (other than dotted names) blanked to spaces
 * (newlines kept, so offsets and lines hold), for the pre-filter: a method name inside a docstring or an
 * example string (diffusers' `EXAMPLE_DOC_STRING`) is never a call, and parsing a file only for
 * those cost a third of the CLI's time. f- and t-strings are kept whole: their `{...}` parts are code.
 * Returns undefined when the lexer ends inside a string, so that callers fall back to the text.
 */
export function maskStringsAndComments(text: string): string | undefined {
  const pieces: string[] = [];
  let kept = 0;
  const n = text.length;
  let i = 0;
  const blank = (from: number, to: number) => {
    if (to <= from) return;
    const inner = text.slice(from, to);
    // NOTE: most blanked runs are one line; only multi-line ones need their newlines kept.
    pieces.push(text.slice(kept, from), inner.includes('\n') || inner.includes('\r') ? inner.replace(/[^\r\n]/g, ' ') : ' '.repeat(inner.length));
    kept = to;
  };
  const next = /[#"']/g;
  while (i < n) {
    next.lastIndex = i;
    if (!next.exec(text)) break;
    i = next.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === 34 || c === 39) {
      const prefix = stringPrefix(text, i);
      const end = stringEnd(text, i, /[ft]/i.test(prefix));
      if (end < 0) return undefined;
      // NOTE: a string that could name a module or attribute (`getattr(torch, "load")`,
      // `import_module("pickle")`) is kept: only prose and code samples are blanked.
      const contentEnd = text[end - 1] === text[i] && end - 1 > i ? end - 1 : end;
      if (!/[ft]/i.test(prefix) && !NAME_LIKE.test(text.slice(i + 1, contentEnd))) blank(i + 1, contentEnd);
      i = end;
      continue;
    }
  }
  pieces.push(text.slice(kept));
  return pieces.join('');
}

/** The prefix letters before a quote at `q` (`rb`, `f`), or '' when they do not start a token. */
function stringPrefix(text: string, q: number): string {
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
function stringEnd(text: string, q: number, isF: boolean): number {
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
