import { stringEnd, stringPrefix } from './codeRegions';

/** The statements of a `def` or `class`: from its first statement to the end of its last logical line. */
export interface DefinitionBody {
  first: number;
  end: number;
}

const DEF = /(?:(?:async[ \t]+)?def|class)[ \t]/y;
const INDENT = /[ \t\f]*/y;
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
    INDENT.lastIndex = i;
    const indentation = INDENT.exec(text)![0];
    const c = i + indentation.length;
    const end = lineEnd(text, c);
    if (end < 0) return undefined;
    const ch = text.charCodeAt(c);
    if (c < end && ch !== 35 /* # */ && ch !== 13 /* \r */) {
      const indent = /[\t\f]/.test(indentation) ? columns(indentation) : indentation.length;
      while (open.length && indent <= open[open.length - 1].indent) close(open.pop()!, lastEnd, bodies);
      const inner = open[open.length - 1];
      if (inner && inner.first < 0) inner.first = c;
      DEF.lastIndex = c;
      if (DEF.test(text) && lineEndsWithColon(text, end)) open.push({ indent, first: -1 });
      lastEnd = end;
    }
    i = end + 1;
  }
  while (open.length) close(open.pop()!, lastEnd, bodies);
  return bodies.sort((a, b) => a.first - b.first);
}

/** The column an indentation reaches, tabs to the next multiple of 8 as Python counts them. */
function columns(indentation: string): number {
  let indent = 0;
  for (const ch of indentation) indent = ch === '\t' ? (indent & ~7) + 8 : ch === '\f' ? 0 : indent + 1;
  return indent;
}

function close(def: { first: number }, end: number, bodies: DefinitionBody[]): void {
  if (def.first >= 0 && def.first < end) bodies.push({ first: def.first, end });
}

/** Where the comment of the last line lineEnd lexed starts, or -1: the code before it ends the line. */
let lastComment = -1;

/**
 * Where the logical line that starts at `from` ends: its `\n`, or the text's length; -1 inside
 * an unterminated string.
 */
export function lineEnd(text: string, from: number): number {
  let depth = 0;
  lastComment = -1;
  // NOTE: a regex finds the next character that matters: as fast as a loop over char codes once
  // optimised, and much faster before (each thread of the CLI runs this code cold).
  SPECIAL.lastIndex = from;
  for (let m = SPECIAL.exec(text); m; m = SPECIAL.exec(text)) {
    const k = m.index;
    switch (text.charCodeAt(k)) {
      case 10: // \n
        if (depth === 0) return k;
        lastComment = -1;
        break;
      case 35: {
        // #
        const nl = text.indexOf('\n', k);
        lastComment = k;
        SPECIAL.lastIndex = nl === -1 ? text.length : nl;
        break;
      }
      case 34: // "
      case 39: {
        // '
        const end = stringEnd(text, k, /[ft]/i.test(stringPrefix(text, k)));
        if (end < 0) return -1;
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
  return text.length;
}

/** Whether the code of the line lineEnd has just lexed, ending at `end`, ends with a colon (a compound statement's header). */
function lineEndsWithColon(text: string, end: number): boolean {
  return endsWithColon(text, lastComment >= 0 ? lastComment : end);
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
