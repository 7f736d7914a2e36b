import * as path from 'path';
import picomatch from 'picomatch';

import type { ModelReference } from '../analysis/modelReferences';
import type { CatalogEntry } from './schemaEntry';

export type MatchSignal = 'annotation' | 'path' | 'hfRepo' | 'registry';

/**
 * The paths a reference's target may stand for, relative to the catalog's base: the folded path
 * (a `*` hole kept as one segment), and for a target whose start is unknown (`dir / "name"`),
 * each of its tails, so `*\/models/x.pt` can match `models/*.pt`.
 */
function candidates(target: string, file: string, base: string): string[] {
  let t = target.replace(/\\/g, '/');
  if (path.posix.isAbsolute(t) || /^[a-z]:\//i.test(t)) t = path.relative(base, t).split(path.sep).join('/');
  t = t.replace(/^(?:\.\/)+/, '');
  const out = [t.replace(/\*/g, '_')];
  if (t.startsWith('*/')) {
    const parts = t.slice(2).split('/');
    for (let i = 0; i < parts.length; i++) out.push(parts.slice(i).join('/').replace(/\*/g, '_'));
  }
  // NOTE: a relative path in a script under a subfolder may be relative to that folder too.
  const dir = path.relative(base, path.dirname(file)).split(path.sep).join('/');
  if (dir && !dir.startsWith('..') && !t.startsWith('*')) out.push(`${dir}/${t}`.replace(/\*/g, '_'));
  return out;
}

/**
 * Which signal ties a save or load to an entry (catalog.md §8.4.2: a `# mlcatalog:` comment, an
 * MLflow registry name, a hub repository, a path glob), or undefined: a matcher for one entry, its globs compiled once.
 * Called with the reference, its source file and the folder that holds `.mlcatalog/`.
 */
export function entryMatcher(entry: CatalogEntry, base: string): (ref: ModelReference, file: string) => MatchSignal | undefined {
  const globs = (entry.match.paths ?? []).map((g) => picomatch(g, { dot: true }));
  const repos = new Set(entry.match.hfRepos ?? []);
  const names = new Set([entry.id, ...(entry.match.mlflowNames ?? [])]);
  return (ref, file) => {
    if (ref.annotation) return ref.annotation === entry.id ? 'annotation' : undefined;
    if (ref.registry) return names.has(ref.target) ? 'registry' : undefined;
    if (repos.has(ref.target)) return 'hfRepo';
    if (!globs.length || ref.target === '*') return undefined;
    const paths = candidates(ref.target, file, base);
    return globs.some((test) => paths.some((p) => test(p) || test(`${p}/`))) ? 'path' : undefined;
  };
}

/** {@link entryMatcher} for a single reference. */
export function matchReference(entry: CatalogEntry, ref: ModelReference, file: string, base: string): MatchSignal | undefined {
  return entryMatcher(entry, base)(ref, file);
}
