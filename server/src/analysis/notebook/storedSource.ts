import type { TextEdit } from '../types';
import type { StoredSource } from './ipynb';
import type { JsonString } from './jsonText';

/**
 * The file offset of an offset in a cell's text. At the boundary of two stored strings (the end
 * of one line, the start of the next) a start goes to the next string and an end stays on the
 * line it ends.
 */
export function fileOffset(stored: StoredSource, offset: number, isEnd = false): number {
  let base = 0;
  for (let i = 0; i < stored.parts.length; i++) {
    const part = stored.parts[i];
    const len = part.value.length;
    const last = i === stored.parts.length - 1;
    if (offset < base + len || (offset === base + len && (isEnd || last))) return part.fileOffset(offset - base);
    base += len;
  }
  return stored.range.start + 1;
}

/** JSON string content for a text (quotes not included), escaped as JSON.stringify does. */
function escape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** The smallest edit of one stored string that turns its text into `next`. */
function partEdit(part: JsonString, next: string): TextEdit | undefined {
  const prev = part.value;
  if (prev === next) return undefined;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  let a = prev.length;
  let b = next.length;
  while (a > start && b > start && prev[a - 1] === next[b - 1]) {
    a--;
    b--;
  }
  return { start: part.fileOffset(start), end: part.fileOffset(a), newText: escape(next.slice(start, b)) };
}

/** The lines of a text, each with its line break, as Jupyter stores a source list. */
function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/**
 * Edits of the notebook file that turn a cell's stored source into `next`, touching only what
 * changed: the changed characters inside a string, or, when lines are added or removed from a
 * source list, the changed lines, written in the list's own layout (separator and indentation).
 */
export function sourceEdits(fileText: string, stored: StoredSource, next: string): TextEdit[] {
  if (stored.form === 'string') return [partEdit(stored.parts[0], next)].filter((e): e is TextEdit => !!e);
  const old = stored.parts;
  const lines = splitLines(next);
  let head = 0;
  while (head < old.length && head < lines.length && old[head].value === lines[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < lines.length - head && old[old.length - 1 - tail].value === lines[lines.length - 1 - tail]) tail++;
  const removed = old.slice(head, old.length - tail);
  const added = lines.slice(head, lines.length - tail);
  if (removed.length === added.length) {
    return removed.map((p, i) => partEdit(p, added[i])).filter((e): e is TextEdit => !!e);
  }
  const separator = listSeparator(fileText, stored);
  const quoted = added.map((l) => `"${escape(l)}"`);
  if (old.length === 0) {
    return [{ start: stored.range.start, end: stored.range.end, newText: `[${quoted.join(', ')}]` }];
  }
  if (removed.length === 0) {
    // Insert after the last kept line before the change, or before the first line.
    if (head > 0) return [{ start: old[head - 1].range.end, end: old[head - 1].range.end, newText: quoted.map((q) => `${separator}${q}`).join('') }];
    return [{ start: old[0].range.start, end: old[0].range.start, newText: quoted.map((q) => `${q}${separator}`).join('') }];
  }
  const start = removed[0].range.start;
  const end = removed[removed.length - 1].range.end;
  if (added.length > 0) return [{ start, end, newText: quoted.join(separator) }];
  // Every changed line removed: the separator before (or after) them goes too.
  if (head > 0) return [{ start: old[head - 1].range.end, end, newText: '' }];
  return [{ start, end: tail > 0 ? old[old.length - tail].range.start : end, newText: '' }];
}

/** What separates two lines of a source list in this file (`,\n    ` in Jupyter's layout). */
function listSeparator(fileText: string, stored: StoredSource): string {
  const parts = stored.parts;
  if (parts.length >= 2) return fileText.slice(parts[0].range.end, parts[1].range.start);
  const before = fileText.slice(stored.range.start + 1, parts[0]?.range.start ?? stored.range.start + 1);
  return `,${before}`;
}
