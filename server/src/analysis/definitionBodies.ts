import { stringEnd, stringPrefix } from './codeRegions';

/** The statements of a `def` or `class`: from its first statement to the end of its last logical line. */
export interface DefinitionBody {
  first: number;
  end: number;
}

const DEF = /(?:(?:async[ \t]+)?def|class)[ \t]/y;
const SPECIAL = /[#'"()[\]{}\\\n]/g;

/**
 * The bodies of the `def` and `class` statements of a module, nested ones too, in the order they
 * start, found from indentation alone: a logical line (brackets, strings and backslashes join
 * physical lines) ends a body when it is indented no deeper than its header. A one-line
 * `def f(): ...` has none. Undefined when the text ends inside a string: the lexer cannot tell
 * lines apart then.
 */
export function definitionBodies(text: string): DefinitionBody[] | undefined {
  const bodies: DefinitionBody[] = [];
  // The defs whose body has not ended yet, innermost last; `first` is -1 until a statement comes.
  const open: Array<{ indent: number; first: number }> = [];
  let lastEnd = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    let indent = 0;
    let c = i;
    for (; c < n; c++) {
      const ch = text.charCodeAt(c);
      if (ch === 32) indent++;
      else if (ch === 9) indent = (indent & ~7) + 8;
      else if (ch === 12) indent = 0;
      else break;
    }
    const line = lineEnd(text, c);
    if (!line) return undefined;
    const ch = text.charCodeAt(c);
    if (c < line.end && ch !== 35 /* # */ && ch !== 13 /* \r */) {
      while (open.length && indent <= open[open.length - 1].indent) close(open.pop()!, lastEnd, bodies);
      const inner = open[open.length - 1];
      if (inner && inner.first < 0) inner.first = c;
      DEF.lastIndex = c;
      if (line.colon && DEF.test(text)) open.push({ indent, first: -1 });
      lastEnd = line.end;
    }
    i = line.end + 1;
  }
  while (open.length) close(open.pop()!, lastEnd, bodies);
  return bodies.sort((a, b) => a.first - b.first);
}

function close(def: { first: number }, end: number, bodies: DefinitionBody[]): void {
  if (def.first >= 0 && def.first < end) bodies.push({ first: def.first, end });
}

/**
 * Where the logical line that starts at `from` ends (its `\n`, or the text's length), and whether
 * its code ends with a colon (a compound statement's header). Undefined inside an unterminated string.
 */
export function lineEnd(text: string, from: number): { end: number; colon: boolean } | undefined {
  let depth = 0;
  // Where the last physical line's comment starts: the code before it is what ends the line.
  let comment = -1;
  // NOTE: a regex finds the next character that matters: as fast as a loop over char codes once
  // optimised, and much faster before (each thread of the CLI runs this code cold).
  SPECIAL.lastIndex = from;
  for (let m = SPECIAL.exec(text); m; m = SPECIAL.exec(text)) {
    const k = m.index;
    switch (text.charCodeAt(k)) {
      case 10: // \n
        if (depth === 0) return { end: k, colon: endsWithColon(text, comment >= 0 ? comment : k) };
        comment = -1;
        break;
      case 35: {
        // #
        const nl = text.indexOf('\n', k);
        comment = k;
        SPECIAL.lastIndex = nl === -1 ? text.length : nl;
        break;
      }
      case 34: // "
      case 39: {
        // '
        const end = stringEnd(text, k, /[ft]/i.test(stringPrefix(text, k)));
        if (end < 0) return undefined;
        SPECIAL.lastIndex = end;
        break;
      }
      case 92: // \ joins the next character, a line break too
        SPECIAL.lastIndex = text.charCodeAt(k + 1) === 13 && text.charCodeAt(k + 2) === 10 ? k + 3 : k + 2;
        break;
      case 40:
      case 91:
      case 123:
        depth++;
        break;
      default:
        if (depth > 0) depth--;
    }
  }
  return { end: text.length, colon: endsWithColon(text, comment >= 0 ? comment : text.length) };
}

function endsWithColon(text: string, before: number): boolean {
  let i = before - 1;
  while (i >= 0) {
    const ch = text.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 13 && ch !== 12) break;
    i--;
  }
  return text.charCodeAt(i) === 58; /* : */
}
