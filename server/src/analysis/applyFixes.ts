import type { Finding, TextEdit } from './types';

function key(e: TextEdit): string {
  return `${e.start}:${e.end}:${e.newText}`;
}

/** Applies non-overlapping edits to a text (identical edits, such as one import, apply once). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // NOTE: a stable sort, so inserts at one offset keep their order in the array, as LSP editors
  // apply them (an import, then a comment above the statement that follows the imports).
  const unique = [...new Map(edits.map((e) => [key(e), e])).values()].sort((a, b) => a.start - b.start || a.end - b.end);
  // NOTE: built front to back from pieces, as applying the edits back to front would give: one
  // string per edit made `--fix` quadratic (3,800 fixes in a 50k-line file took 3 s).
  const parts: string[] = [];
  let cursor = 0;
  for (const e of unique) {
    if (e.start > cursor) parts.push(text.slice(cursor, e.start));
    parts.push(e.newText);
    cursor = Math.max(cursor, e.end);
  }
  parts.push(text.slice(cursor));
  return parts.join('');
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
  // The same edits ordered by (start, end): taken edits never overlap, so their ends are ordered
  // too, and only the neighbours of a new edit's position can overlap it (no scan of them all).
  const sorted: TextEdit[] = [];
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    if (fix.edits.some((e) => clashes(sorted, e))) continue;
    for (const e of fix.edits) sorted.splice(lowerBound(sorted, e), 0, e);
    taken.push(...fix.edits);
  }
  return taken;
}

/**
 * The `# noqa` edits of every finding not already silenced, as `--add-noqa` applies them:
 * findings whose comment goes to the same place share one edit listing their codes.
 */
export function noqaEdits(findings: readonly Finding[]): TextEdit[] {
  const groups = new Map<string, { edit: TextEdit; code: string; codes: Set<string> }>();
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.noqa);
    if (finding.suppressed || !fix?.noqa || fix.edits.length !== 1) continue;
    const [edit] = fix.edits;
    const key = `${edit.start}:${edit.end}`;
    const group = groups.get(key);
    if (group) group.codes.add(fix.noqa);
    else groups.set(key, { edit, code: fix.noqa, codes: new Set([fix.noqa]) });
  }
  return [...groups.values()].map(({ edit, code, codes }) => ({ ...edit, newText: edit.newText.replace(code, [...codes].sort().join(', ')) }));
}

/** The index of the first edit in `sorted` that does not sort before `e`. */
function lowerBound(sorted: readonly TextEdit[], e: TextEdit): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = sorted[mid];
    if (m.start < e.start || (m.start === e.start && m.end < e.end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clashes(sorted: readonly TextEdit[], e: TextEdit): boolean {
  const at = lowerBound(sorted, e);
  for (let j = at - 1; j >= 0 && sorted[j].end >= e.start; j--) if (overlaps(e, sorted[j])) return true;
  for (let j = at; j < sorted.length && sorted[j].start <= e.end; j++) if (overlaps(e, sorted[j])) return true;
  return false;
}
