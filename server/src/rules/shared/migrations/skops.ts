import type { Node } from 'web-tree-sitter';

import { moduleReference, replaceNode } from '../../../analysis/edits';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { CallSite, RuleContext } from '../../defineRule';
import { callsOfPaths, commentAbove, groupBy, MAX_SAVES, lineOf, openedPath, pathKey, perModule, plainArgs } from './common';

type Library = 'pickle' | 'joblib';

/** The parameter names of the file argument, by library (`pickle.load(file)`, `joblib.load(filename)`). */
const FILE_PARAM: Record<Library, string> = { pickle: 'file', joblib: 'filename' };
const OBJ_PARAM: Record<Library, string> = { pickle: 'obj', joblib: 'value' };

/**
 * The skops migration for `pickle.load(f)` / `joblib.load(p)` (rules.md §3.4): the load becomes
 * `skops.io.load(..., trusted=[])` and each `pickle.dump` / `joblib.dump` of the same file in
 * this module becomes `skops.io.dump(obj, ...)`. With no such dump here, a commented one-off
 * conversion is inserted above the load so files already written are not stranded.
 *
 * `trusted=[]` is the honest default: skops then loads the types it trusts out of the box
 * (scikit-learn estimators, numpy, scipy, builtins) and refuses anything else with the list of
 * types it found, which the user reviews; trusting `get_untrusted_types(...)` blindly would undo
 * the point of the migration. Offered only when every site can be rewritten exactly: one file
 * argument and nothing else (no `protocol=`, `compress=`, `mmap_mode=`), and for pickle a file
 * opened in binary mode where the code shows it (skops needs a seekable file or a path), in a
 * module that imports scikit-learn (a plain pickle may hold anything).
 */
export function skopsMigration(site: CallSite, ctx: RuleContext, lib: Library): Fix[] {
  const call = site.call;
  if (!call || site.path !== `${lib}.load`) return [];
  if (lib === 'pickle' && !ctx.index.imports().some((i) => i.path === 'sklearn' || i.path.startsWith('sklearn.'))) return [];
  const file = onlyFileArgument(call, lib);
  const opened = file && openedPath(file, 'r', ctx);
  const keyNode = lib === 'pickle' ? opened : opened ?? file;
  if (!file || !keyNode) return [];
  const key = pathKey(keyNode, ctx);

  const dumps: Array<{ call: Node; obj: Node; file: Node }> = [];
  const matching = dumpsByPath(ctx, lib).get(key) ?? [];
  if (matching.length > MAX_SAVES) return [];
  for (const dump of matching) {
    // NOTE: a dump of this file that cannot be rewritten exactly would keep writing pickles the
    // new loader refuses, so no migration is offered at all.
    if (!dump.obj) return [];
    dumps.push({ call: dump.call, obj: dump.obj, file: dump.file });
  }

  const first = dumps.length > 0 && dumps[0].call.startIndex < call.startIndex ? dumps[0].call : call;
  const skops = moduleReference(ctx.index, 'skops.io', first);
  const edits: TextEdit[] = [
    ...skops.edits,
    replaceNode(call, `${skops.name}.load(${file.text}, trusted=[])`),
    ...dumps.map((d) => replaceNode(d.call, `${skops.name}.dump(${d.obj.text}, ${d.file.text})`)),
  ];
  const notes = [
    'skops loads the types it trusts by default (scikit-learn, numpy, scipy) and those listed in',
    `trusted=[...]; if it refuses a file, review ${skops.name}.get_untrusted_types(file=...) first.`,
  ];
  if (dumps.length === 0) notes.push(...conversion(lib, site.callee.text, keyNode.text, skops.name));
  edits.push(commentAbove(ctx, call, notes));
  const title =
    dumps.length > 0
      ? `Migrate to skops: load with ${skops.name}.load (and dump with ${skops.name}.dump on line ${dumps.map((d) => lineOf(d.call)).join(', ')})`
      : `Migrate to skops: load with ${skops.name}.load, with a commented one-off conversion of existing files`;
  return [{ title, edits, preferred: false }];
}

/** The module's `pickle.dump`/`joblib.dump` calls by path key; `obj` unset when not rewritable. */
function dumpsByPath(ctx: RuleContext, lib: Library): Map<string, Array<{ call: Node; obj?: Node; file: Node }>> {
  return perModule(ctx, `skops:${lib}`, () => {
    const found: Array<{ call: Node; obj?: Node; file: Node; key: string }> = [];
    for (const call of callsOfPaths(ctx, [`${lib}.dump`])) {
      const args = plainArgs(call);
      const file = args && (args.positional[1] ?? args.keywords.get(FILE_PARAM[lib]));
      const written = file && (openedPath(file, 'w', ctx) ?? (lib === 'joblib' ? file : undefined));
      if (!args || !file || !written) continue;
      const obj = args.positional[0] ?? args.keywords.get(OBJ_PARAM[lib]);
      const exact = args.positional.length + args.keywords.size === 2;
      found.push({ call, obj: exact ? obj : undefined, file, key: pathKey(written, ctx) });
    }
    return groupBy(found, (d) => d.key);
  });
}

/** The file argument when it is the only argument of the load. */
function onlyFileArgument(call: Node, lib: Library): Node | undefined {
  const args = plainArgs(call);
  if (!args || args.positional.length + args.keywords.size !== 1) return undefined;
  return args.positional[0] ?? args.keywords.get(FILE_PARAM[lib]);
}

/** The commented conversion: load each existing file once the old way, under review, dump it with skops. */
function conversion(lib: Library, loader: string, path: string, skops: string): string[] {
  const head = [
    `Files written before this change are ${lib === 'joblib' ? 'joblib ' : ''}pickles: convert each one once, after checking`,
    'where it came from (loading it the old way runs any code it carries):',
  ];
  if (lib === 'joblib') return [...head, `  ${skops}.dump(${loader}(${path}), ${path})`];
  return [...head, `  with open(${path}, "rb") as old:`, `      obj = ${loader}(old)`, `  ${skops}.dump(obj, ${path})`];
}
