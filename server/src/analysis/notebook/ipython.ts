/**
 * IPython syntax in a notebook cell turned into inert Python of the same length, so that the
 * cell parses and every offset of the Python around it still holds. What IPython would run as
 * shell is recorded, for the shell-command matcher.
 */

/** `[start, end)` in the cell's text. */
export interface Span {
  start: number;
  end: number;
}

/** A shell command of the cell: `!cmd`, `x = !cmd`, `%sx cmd`, `%pip ...` or a `%%bash` body. */
export interface ShellSpan extends Span {
  kind: 'line' | 'cell';
}

export interface MaskedCell {
  /** The cell with IPython syntax replaced (same length, line breaks kept). */
  code: string;
  /** The replaced ranges: no fix may edit them. */
  masked: Span[];
  shell: ShellSpan[];
}

/** Line magics whose argument is a Python statement (`%time sd = torch.load(p)`). */
const PYTHON_LINE_MAGICS = new Set(['time', 'timeit', 'prun']);
/** Cell magics whose body is Python run as usual. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'prun', 'capture', 'debug']);
/** Line magics that run their argument as a shell command (`%pip` runs pip). */
const SHELL_LINE_MAGICS = new Set(['sx', 'system', 'pip']);
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'sx', 'system', '!']);
const SCRIPT_SHELLS = /^(?:\/\S*\/)?(?:bash|sh|zsh|dash)$/;

/** Options of `%time`/`%timeit`/`%prun` before the statement (`-n 10 -r3 -q`). */
const MAGIC_OPTIONS = /^(?:[ \t]+-(?:[nrpslTD][ \t]*\S+|[tcqo]))*/;
const HELP_END = /^%{0,2}[A-Za-z_*][\w*]*(?:\.[A-Za-z_*][\w*]*)*\?\??$/;
const ASSIGN = /^([A-Za-z_][\w.[\]'" ,]*?[ \t]*=[ \t]*)([!%])/;

interface Line {
  start: number;
  /** End of the text, before `\r\n` or `\n`. */
  end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const stop = nl === -1 ? text.length : nl;
    lines.push({ start, end: stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

/** Tracks strings, brackets and continuations, to know which lines start a logical line. */
class Lexer {
  private quote: string | undefined;
  private depth = 0;
  private continued = false;

  atLogicalStart(): boolean {
    return this.quote === undefined && this.depth === 0 && !this.continued;
  }

  /** After an escaped command (its continuation lines included), a new logical line starts. */
  reset(): void {
    this.continued = false;
  }

  scan(text: string, line: Line): void {
    this.continued = false;
    for (let i = line.start; i < line.end; i++) {
      const c = text[i];
      if (this.quote !== undefined) {
        if (c === '\\') i++;
        else if (text.startsWith(this.quote, i)) {
          i += this.quote.length - 1;
          this.quote = undefined;
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") this.quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      if (this.quote?.length === 3) i += 2;
      else if (c === '(' || c === '[' || c === '{') this.depth++;
      else if (c === ')' || c === ']' || c === '}') this.depth = Math.max(0, this.depth - 1);
      else if (c === '\\' && i === line.end - 1) this.continued = true;
    }
    // NOTE: a one-quote string ends at the line break unless a backslash continues it.
    if (this.quote?.length === 1 && text[line.end - 1] !== '\\') this.quote = undefined;
  }
}

class Masker {
  readonly chars: string[];
  readonly masked: Span[] = [];
  readonly shell: ShellSpan[] = [];

  constructor(readonly text: string) {
    this.chars = text.split('');
  }

  /** Blanks `[start, end)` (line breaks kept), with `_` first when `name` (an expression). */
  blank(start: number, end: number, name: boolean): void {
    if (end <= start) return;
    for (let i = start; i < end; i++) if (this.chars[i] !== '\n' && this.chars[i] !== '\r') this.chars[i] = ' ';
    if (name) this.chars[start] = '_';
    const last = this.masked[this.masked.length - 1];
    if (last && last.end === start) last.end = end;
    else this.masked.push({ start, end });
  }

  result(): MaskedCell {
    return { code: this.chars.join(''), masked: this.masked, shell: this.shell };
  }
}

/** The first line that is not blank (IPython drops leading empty lines before looking for `%%`). */
function firstCodeLine(text: string, lines: Line[]): number {
  const i = lines.findIndex((l) => text.slice(l.start, l.end).trim() !== '');
  return i === -1 ? lines.length : i;
}

/** Handles a `%%magic` cell: true when the body is Python that still has to be read. */
function cellMagic(m: Masker, lines: Line[], first: number): boolean {
  const head = lines[first];
  const line = m.text.slice(head.start, head.end);
  const [, name = '', args = ''] = /^%%(\S+)[ \t]*(.*)$/.exec(line) ?? [];
  if (PYTHON_CELL_MAGICS.has(name)) {
    m.blank(head.start, head.end, true);
    return true;
  }
  m.blank(head.start, m.text.length, true);
  const shell = SHELL_CELL_MAGICS.has(name) || (name === 'script' && SCRIPT_SHELLS.test(args.split(/\s+/)[0] ?? ''));
  const body = lines[first + 1];
  if (shell && body) m.shell.push({ start: body.start, end: m.text.length, kind: 'cell' });
  return false;
}

/** The end of an escaped command: its line, and the lines its trailing backslashes join. */
function commandEnd(text: string, lines: Line[], i: number): number {
  let j = i;
  while (j + 1 < lines.length && lines[j].end > lines[j].start && text[lines[j].end - 1] === '\\') j++;
  return j;
}

/** Masks `%name ...` from `at` to `end`: a Python statement after `%time` is kept. */
function lineMagic(m: Masker, at: number, end: number): void {
  const rest = m.text.slice(at, end);
  const name = /^%(\w+)/.exec(rest)?.[1] ?? '';
  if (PYTHON_LINE_MAGICS.has(name) && !rest.endsWith('?')) {
    const options = MAGIC_OPTIONS.exec(rest.slice(name.length + 1))?.[0] ?? '';
    const stmt = at + 1 + name.length + options.length;
    if (m.text.slice(stmt, end).trim() !== '') {
      m.blank(at, stmt, false);
      return;
    }
  }
  m.blank(at, end, true);
  if (SHELL_LINE_MAGICS.has(name) && !rest.endsWith('?')) {
    const start = name === 'pip' ? at + 1 : at + 1 + name.length + (/^%\w+([ \t]*)/.exec(rest)?.[1].length ?? 0);
    if (start < end) m.shell.push({ start, end, kind: 'line' });
  }
}

/** Masks the IPython escape that starts at `at` (after indentation), if there is one. */
function escapedLine(m: Masker, lines: Line[], i: number, at: number): number | undefined {
  const text = m.text;
  const line = lines[i];
  const rest = text.slice(at, line.end);
  const c = rest[0];
  if (c === '!' || c === '%' || c === '?' || c === ',' || c === ';' || c === '/') {
    const last = commandEnd(text, lines, i);
    const end = lines[last].end;
    if (c === '%' && rest[1] !== '%') lineMagic(m, at, end);
    else {
      m.blank(at, end, true);
      if (c === '!') {
        const start = at + (rest[1] === '!' ? 2 : 1);
        if (start < end) m.shell.push({ start, end, kind: 'line' });
      }
    }
    return last;
  }
  const assign = ASSIGN.exec(rest);
  if (assign) {
    const from = at + assign[1].length;
    const last = commandEnd(text, lines, i);
    const end = lines[last].end;
    if (assign[2] === '%') lineMagic(m, from, end);
    else {
      m.blank(from, end, true);
      const start = from + (text[from + 1] === '!' ? 2 : 1);
      if (start < end) m.shell.push({ start, end, kind: 'line' });
    }
    return last;
  }
  if (HELP_END.test(rest.trimEnd())) {
    m.blank(at, line.end, true);
    return i;
  }
  return undefined;
}

/** Turns one code cell's IPython syntax into inert Python of the same length. */
export function maskCell(text: string): MaskedCell {
  const m = new Masker(text);
  // NOTE: most cells hold no IPython syntax at all; they are returned as they are.
  if (!/^[ \t]*[!%?,;/]|\?[ \t]*\r?$|=[ \t]*[!%]/m.test(text)) return m.result();
  const lines = linesOf(text);
  let i = firstCodeLine(text, lines);
  if (i < lines.length && text.startsWith('%%', lines[i].start)) {
    if (!cellMagic(m, lines, i)) return m.result();
    i++;
  }
  const lexer = new Lexer();
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (lexer.atLogicalStart()) {
      const at = line.start + (/^[ \t]*/.exec(text.slice(line.start, line.end))?.[0].length ?? 0);
      const last = escapedLine(m, lines, i, at);
      if (last !== undefined) {
        lexer.reset();
        i = last;
        continue;
      }
    }
    lexer.scan(text, line);
  }
  return m.result();
}
