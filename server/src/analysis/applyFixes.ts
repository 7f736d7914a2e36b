import type { Finding, TextEdit } from './types';

function key(e: TextEdit): string {
  return `${e.start}:${e.end}:${e.newText}`;
}

/** Applies non-overlapping edits to a text (identical edits, such as one import, apply once). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const unique = [...new Map(edits.map((e) => [key(e), e])).values()].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of unique) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (key(a) === key(b)) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * The edits of every finding's preferred fix, skipping a fix whose edits overlap one already
 * taken (the next run picks it up), as "fix all" and `--fix` need.
 */
export function preferredEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken;
}
