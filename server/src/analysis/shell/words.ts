/**
 * A POSIX-ish command-line tokenizer for the shell commands Python code and notebooks run. It
 * never throws: unterminated quotes and substitutions run to the end of the text.
 */

/** An expansion whose value is not known here: `$URL`, `${out}`, `$(cmd)`, a backquote, IPython `{var}`. */
export interface Expansion {
  /** The text as written. */
  text: string;
  /** The variable name of a plain `$NAME` / `${NAME}`, which an earlier `NAME=value` may set. */
  name?: string;
}

/** A piece of a word: literal text, or an expansion. */
export type WordPart = string | Expansion;

/** One word, quotes removed, with its range in the command text. */
export interface Word {
  start: number;
  end: number;
  parts: WordPart[];
}

/** A redirection such as `> model.pt` or `2>/dev/null`. */
export interface Redirect {
  /** The operator without the file descriptor: `>`, `>>`, `<`, `&>`, `>&`, `<<<`. */
  op: string;
  /** The descriptor written before the operator, when one is (`2>`). */
  fd?: number;
  target: Word;
}

/** A simple command: its words (assignments and wrappers still in place) and redirections. */
export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
  /** True when more words may follow that are not known (a Python `[*extra]`). */
  open?: boolean;
}

/** A word's text with each unknown expansion written as `*` (so `{out}/model.bin` keeps its extension). */
export function wordPattern(word: Word): string {
  return word.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
}

/** A word's text when it is fully known, undefined otherwise (or when there is no word). */
export function wordText(word: Word | undefined): string | undefined {
  if (!word) return undefined;
  let out = '';
  for (const p of word.parts) {
    if (typeof p !== 'string') return undefined;
    out += p;
  }
  return out;
}

/** A word made of one known text. */
export function literalWord(text: string, start: number, end: number): Word {
  return { start, end, parts: [text] };
}

/** The rest of a word after its first `n` known characters (`-Ofile` → `file`). */
export function wordAfter(word: Word, n: number, raw?: string): Word {
  const parts: WordPart[] = [];
  let skip = n;
  for (const p of word.parts) {
    if (skip > 0 && typeof p === 'string') {
      if (p.length <= skip) {
        skip -= p.length;
        continue;
      }
      parts.push(p.slice(skip));
      skip = 0;
    } else {
      parts.push(p);
    }
  }
  // NOTE: the offset is exact only when the prefix is written without quotes or escapes.
  const plain = raw !== undefined && /^[\w=+-]*$/.test(raw.slice(0, n));
  return { start: plain ? word.start + n : word.start, end: word.end, parts };
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')', '\n'];
const REDIRECT = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<>|<&|>|<)/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits a command line into simple commands, at `;`, `&&`, `||`, `|`, `&`, parentheses and newlines. */
export function parseCommandLine(text: string): SimpleCommand[] {
  return new Tokenizer(text).run();
}

class Tokenizer {
  private i = 0;
  private readonly commands: SimpleCommand[] = [];
  private current: SimpleCommand = { words: [], redirects: [] };
  private pendingHeredocs: Array<{ delimiter: string; strip: boolean }> = [];

  constructor(private readonly text: string) {}

  run(): SimpleCommand[] {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.i++;
      } else if (c === '\\' && t[this.i + 1] === '\n') {
        this.i += 2;
      } else if (c === '\\' && t[this.i + 1] === '\r' && t[this.i + 2] === '\n') {
        this.i += 3;
      } else if (c === '#') {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
      } else if (this.redirect()) {
        // consumed
      } else {
        const op = OPERATORS.find((o) => t.startsWith(o, this.i));
        if (op) {
          this.i += op.length;
          this.finish();
          if (op === '\n') this.skipHeredocs();
        } else {
          const word = this.word();
          if (word) this.current.words.push(word);
          else this.i++;
        }
      }
    }
    this.finish();
    return this.commands;
  }

  private finish(): void {
    if (this.current.words.length > 0 || this.current.redirects.length > 0) this.commands.push(this.current);
    this.current = { words: [], redirects: [] };
  }

  private redirect(): boolean {
    const m = REDIRECT.exec(this.text.slice(this.i, this.i + 8));
    if (!m) return false;
    // `2>x` only at a word start; a word such as `a2` does not reach here.
    this.i += m[0].length;
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
    const target = this.word() ?? literalWord('', this.i, this.i);
    if ((m[2] === '<<' || m[2] === '<<-') && target) this.pendingHeredocs.push({ delimiter: wordPattern(target), strip: m[2] === '<<-' });
    this.current.redirects.push({ op: m[2], fd: m[1] ? Number(m[1]) : undefined, target });
    return true;
  }

  /** Skips the bodies of here-documents that start after the newline just read. */
  private skipHeredocs(): void {
    for (const { delimiter, strip } of this.pendingHeredocs) {
      while (this.i < this.text.length) {
        const end = this.text.indexOf('\n', this.i);
        const line = this.text.slice(this.i, end < 0 ? this.text.length : end);
        this.i = end < 0 ? this.text.length : end + 1;
        if ((strip ? line.replace(/^\t+/, '') : line).replace(/\r$/, '') === delimiter) break;
      }
    }
    this.pendingHeredocs = [];
  }

  /** Reads one word at the cursor, or undefined when there is none. */
  private word(): Word | undefined {
    const t = this.text;
    const start = this.i;
    const parts: WordPart[] = [];
    const lit = (s: string): void => {
      if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += s;
      else parts.push(s);
    };
    while (this.i < t.length) {
      const c = t[this.i];
      if (' \t\r\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        const next = t[this.i + 1];
        if (next === '\n') this.i += 2;
        else if (next === undefined) this.i++;
        else {
          lit(next);
          this.i += 2;
        }
      } else if (c === "'") {
        const end = t.indexOf("'", this.i + 1);
        lit(t.slice(this.i + 1, end < 0 ? t.length : end));
        this.i = end < 0 ? t.length : end + 1;
      } else if (c === '$' && t[this.i + 1] === "'") {
        const end = t.indexOf("'", this.i + 2);
        lit(t.slice(this.i + 2, end < 0 ? t.length : end));
        this.i = end < 0 ? t.length : end + 1;
      } else if (c === '"') {
        this.i++;
        this.doubleQuoted(parts, lit);
      } else if (c === '$' || c === '`' || c === '{') {
        this.expansionOr(c, parts, lit);
      } else {
        lit(c);
        this.i++;
      }
    }
    return this.i > start ? { start, end: this.i, parts } : undefined;
  }

  private doubleQuoted(parts: WordPart[], lit: (s: string) => void): void {
    const t = this.text;
    while (this.i < t.length && t[this.i] !== '"') {
      const c = t[this.i];
      const next = t[this.i + 1];
      if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
        if (next !== '\n') lit(next);
        this.i += 2;
      } else if (c === '$' || c === '`' || c === '{') {
        this.expansionOr(c, parts, lit);
      } else {
        lit(c);
        this.i++;
      }
    }
    this.i++;
  }

  /** Reads an expansion at the cursor, or else the character as text. */
  private expansionOr(c: string, parts: WordPart[], lit: (s: string) => void): void {
    const exp = this.expansion();
    if (exp) {
      parts.push(exp);
    } else {
      lit(c);
      this.i++;
    }
  }

  /**
   * An expansion at the cursor: `$NAME`, `${...}`, `$(...)`, `$((...))`, a backquoted command, or
   * IPython's `{expr}` (IPython expands it in `!` lines, inside quotes too).
   */
  private expansion(): Expansion | undefined {
    const t = this.text;
    const start = this.i;
    const c = t[this.i];
    if (c === '`') {
      const end = t.indexOf('`', this.i + 1);
      this.i = end < 0 ? t.length : end + 1;
      return { text: t.slice(start, this.i) };
    }
    if (c === '{') {
      const m = /^\{[^\s{}]*\}/.exec(t.slice(this.i, this.i + 200));
      if (!m) return undefined;
      this.i += m[0].length;
      return { text: m[0] };
    }
    const next = t[this.i + 1];
    if (next === '{' || next === '(') {
      this.i = this.balanced(this.i + 1, next, next === '{' ? '}' : ')');
      const body = t.slice(start, this.i);
      const name = /^\$\{([A-Za-z_]\w*)\}$/.exec(body)?.[1];
      return name ? { text: body, name } : { text: body };
    }
    const m = NAME.exec(t.slice(this.i + 1, this.i + 200));
    if (m) {
      this.i += 1 + m[0].length;
      return { text: `$${m[0]}`, name: m[0] };
    }
    if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      this.i += 2;
      return { text: t.slice(start, this.i) };
    }
    return undefined;
  }

  /** The index after the bracket that closes the one at `open`, skipping quoted text. */
  private balanced(open: number, left: string, right: string): number {
    const t = this.text;
    let depth = 0;
    for (let i = open; i < t.length; i++) {
      const c = t[i];
      if (c === '\\') i++;
      else if (c === "'") {
        const end = t.indexOf("'", i + 1);
        if (end < 0) return t.length;
        i = end;
      } else if (c === left) depth++;
      else if (c === right && --depth === 0) return i + 1;
    }
    return t.length;
  }
}
