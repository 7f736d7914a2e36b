import picomatch from 'picomatch';
import type { Node } from 'web-tree-sitter';

import { LineIndex } from '../../../analysis/lineIndex';
import { parentOf } from '../../../analysis/parents';
import { statementAt } from '../../../analysis/suppressions';
import { statementRows } from '../../../analysis/syntax';
import type { RuleContext } from '../../defineRule';
import type { EntryView } from './catalogView';
import type { SaveSite } from './saveSite';

/** Which signal tied a save to its entry (catalog.md §8.4.2), in the order they are tried. */
export type MatchSignal = 'annotation' | 'registry' | 'hub' | 'path';

export type SaveMatch =
  | { entry: EntryView; by: MatchSignal }
  /** `# mlcatalog: <id>` names no entry of the catalog. */
  | { unknownId: string; node: Node };

const ANNOTATION = /#\s*mlcatalog\s*:\s*([A-Za-z0-9][A-Za-z0-9._-]*)/;

/** `# mlcatalog: <id>` on a line of the save's statement or on a comment-only line above it. */
export function annotationOf(save: SaveSite, ctx: RuleContext): string | undefined {
  return annotationAt(save, ctx)?.id;
}

/** The annotation's id and where its text is (for the fix that corrects it). */
export function annotationAt(save: SaveSite, ctx: RuleContext): { id: string; start: number; end: number } | undefined {
  const lines = ctx.index.memo('lines', () => new LineIndex(ctx.text));
  const [first, last] = statementRows(statementAt(ctx.index.root, save.call.startIndex));
  const found = (row: number, comment: string) => {
    const hit = ANNOTATION.exec(comment);
    const text = lines.lineText(row);
    const at = hit ? lines.lineStart(row) + text.length - comment.length + hit.index : 0;
    return hit ? { id: hit[1], start: at, end: at + hit[0].length } : undefined;
  };
  for (let row = first; row <= last; row++) {
    const hit = found(row, commentPart(lines.lineText(row)));
    if (hit) return hit;
  }
  const above = first > 0 ? lines.lineText(first - 1) : '';
  return /^\s*#/.test(above) ? found(first - 1, above.trimStart()) : undefined;
}

/** The text from the first `#` outside a string literal (good enough for one line). */
function commentPart(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(i);
  }
  return '';
}

/**
 * The entry a save belongs to, first signal wins: the annotation, the registry identity (MLflow
 * name or Hub repository), then the path template against `match.paths`. Never a guess by name:
 * `match.names` only orders the "Link to catalog entry" suggestions.
 */
export function matchSave(save: SaveSite, ctx: RuleContext, entries: readonly EntryView[]): SaveMatch | undefined {
  const id = annotationOf(save, ctx);
  if (id !== undefined) {
    const entry = entries.find((e) => e.id === id);
    return entry ? { entry, by: 'annotation' } : { unknownId: id, node: save.call };
  }
  if (save.registryName !== undefined) {
    const name = save.registryName;
    const entry = entries.find((e) => e.id === name || e.match.mlflowNames?.includes(name));
    if (entry) return { entry, by: 'registry' };
  }
  if (save.hubRepo !== undefined) {
    const repo = save.hubRepo;
    const entry = entries.find((e) => e.match.hfRepos?.some((r) => r.toLowerCase() === repo.toLowerCase()));
    if (entry) return { entry, by: 'hub' };
  }
  if (save.template !== undefined) {
    const entry = entries.find((e) => (e.match.paths ?? []).some((glob) => templateMatches(save.template!, glob, save.kind === 'directory')));
    if (entry) return { entry, by: 'path' };
  }
  return undefined;
}

const matchers = new Map<string, (s: string) => boolean>();

/**
 * Whether a path template satisfies a glob, conservatively: each hole stands for one plain
 * segment part (`x`), so `models/*\/m.pt` matches `models/**\/*.pt` but `*\/m.pt` (an unknown
 * folder) matches no glob that names a folder. A folder save also matches a glob of its files.
 */
export function templateMatches(template: string, glob: string, directory: boolean): boolean {
  let test = matchers.get(glob);
  if (!test) {
    test = picomatch(glob.replace(/^\.\//, ''), { dot: true });
    matchers.set(glob, test);
  }
  const concrete = template.replace(/\*/g, 'x');
  return test(concrete) || (directory && test(`${concrete}/x`));
}

/** Entries whose `match.names` name the saved variable or the enclosing function: suggestions only. */
export function nameSuggestions(save: SaveSite, entries: readonly EntryView[]): EntryView[] {
  const names = new Set<string>();
  if (save.model) names.add(save.model.text.replace(/\.state_dict\(\)$/, ''));
  for (let p = parentOf(save.call); p; p = parentOf(p)) {
    if (p.type === 'function_definition') names.add(p.childForFieldName('name')?.text ?? '');
  }
  return entries.filter((e) => e.match.names?.some((n) => names.has(n)));
}
