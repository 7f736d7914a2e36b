/**
 * IPython expands `{expr}` and `$name` in a `!` line with the values of Python variables before
 * the shell sees it (`{{`, `}}` and `$$` stay literal, and `$` inside single quotes is left
 * alone). Here the variables whose values are known are substituted, and the others left as
 * written, so the shell matcher reads what would run; offsets map back to the line as written.
 */

/** A substituted stretch: `[start, end)` of the line as written, `[at, at + length)` of the expanded text. */
interface Piece {
  start: number;
  end: number;
  at: number;
  length: number;
}

export interface ExpandedCommand {
  text: string;
  /** The offset in the command as written of an offset in the expanded text (a substituted value maps to its `{name}`). */
  original(offset: number, isEnd?: boolean): number;
}

const NAME = /[A-Za-z_][\w]*/y;

/** The known value of a name, or undefined. */
export type Resolve = (name: string) => string | undefined;

/** Substitutes the known `{name}` and `$name` of a `!` line's command. */
export function expandCommand(command: string, resolve: Resolve): ExpandedCommand {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let cursor = 0;
  let length = 0;
  let single = false;
  const emit = (start: number, end: number, value: string) => {
    parts.push(command.slice(cursor, start), value);
    length += start - cursor;
    pieces.push({ start, end, at: length, length: value.length });
    length += value.length;
    cursor = end;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") single = !single;
    if (c === '{' && command[i + 1] === '{') i++;
    else if (c === '$' && command[i + 1] === '$') i++;
    else if (c === '{' || (c === '$' && !single)) {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(command)?.[0];
      const end = name ? i + 1 + name.length + (c === '{' ? 1 : 0) : i;
      if (!name || (c === '{' && command[end - 1] !== '}')) continue;
      const value = resolve(name);
      if (value !== undefined) emit(i, end, value);
      i = end - 1;
    }
  }
  parts.push(command.slice(cursor));
  const text = parts.join('');
  return {
    text,
    original(offset: number, isEnd = false): number {
      let shift = 0;
      for (const p of pieces) {
        if (offset < p.at || (isEnd && offset === p.at)) break;
        if (offset < p.at + p.length || (isEnd && offset === p.at + p.length)) return isEnd ? p.end : p.start;
        shift = p.end - (p.at + p.length);
      }
      return offset + shift;
    },
  };
}
