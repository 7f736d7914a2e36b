import * as path from 'path';
import type { Node } from 'web-tree-sitter';

import { statementAt } from '../../../analysis/suppressions';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { RuleContext } from '../../defineRule';
import { CATALOG_DIR, MODELS_DIR, POLICY_FILE } from '../../../catalog/fileCatalog';
import type { EntryDraft } from '../../../catalog/catalogWrite';
import { type CatalogContext, entryViews, type EntryView } from './catalogView';
import { annotationAt, nameSuggestions } from './matchSave';
import type { SaveSite } from './saveSite';

const MAX_LINKS = 5;

/** The folder of a catalog: `<root>/.mlcatalog`. */
export function catalogDir(context: CatalogContext): string {
  return context.catalog?.dir ?? path.join(context.root, CATALOG_DIR);
}

/**
 * "Declare this model in the catalog…": a new `.mlcatalog/models/<id>.yaml` written by the
 * catalog's own writer (catalog/catalogWrite.ts createEntryWrite), prefilled from the code (id,
 * match signals, format), with the owners and business use left empty: the entry stays invalid,
 * and the finding stays, until a person fills them in. With no catalog yet, the entry starts it
 * (the default policy applies) and a second fix writes the starter policy.
 */
export function declareFixes(save: SaveSite, ctx: RuleContext, context: CatalogContext): Fix[] {
  const taken = new Set(context.catalog?.records.flatMap((r) => [r.id, path.basename(r.file).replace(/\.ya?ml$/i, '')]) ?? []);
  const id = uniqueId(proposedId(save), taken);
  const dir = catalogDir(context);
  const shown = path.relative(context.root, path.join(dir, MODELS_DIR, `${id}.yaml`)).split(path.sep).join('/');
  // A save the catalog cannot match by path or registry name is linked by its annotation.
  const link: TextEdit[] = save.template || save.registryName || save.hubRepo ? [] : [annotationEdit(save, ctx, id)];
  const declare: Fix = {
    title: context.catalog ? `Declare this model in the catalog as \`${id}\` (${shown}, to complete)…` : `Create the catalog and declare this model as \`${id}\` (${shown}, to complete)…`,
    edits: link,
    catalogEdit: { action: 'createEntry', catalogDir: dir, draft: draftOf(id, save) },
    preferred: false,
  };
  if (context.catalog) return [declare];
  return [declare, { title: `Create the catalog (${CATALOG_DIR}/${POLICY_FILE} with a starter policy)`, edits: [], catalogEdit: { action: 'createCatalog', folder: context.root }, preferred: false }];
}

/** What the code shows of the model, for the entry's prefilled fields. */
function draftOf(id: string, save: SaveSite): EntryDraft {
  const name = modelName(save.model);
  const match = {
    ...(save.registryName ? { mlflowNames: [save.registryName] } : {}),
    ...(save.hubRepo ? { hfRepos: [save.hubRepo] } : {}),
    ...(save.template ? { paths: [save.template] } : {}),
    names: [name ?? id],
  };
  return { id, match, format: `${save.format}${save.inner ? ` (${save.inner} inside)` : ''}, by \`${save.api}\`` };
}

/**
 * "Link to catalog entry <id>": inserts `# mlcatalog: <id>` above the save (or corrects the id of
 * an annotation already there), for the entries whose `match.names` name the model first, then
 * the other valid entries.
 */
export function linkFixes(save: SaveSite, ctx: RuleContext, context: CatalogContext): Fix[] {
  const valid: EntryView[] = context.catalog ? entryViews(context.catalog).filter((e) => e.entry) : [];
  const suggested = nameSuggestions(save, valid);
  const ordered = [...suggested, ...valid.filter((e) => !suggested.includes(e))].slice(0, MAX_LINKS);
  return ordered.map((e) => ({ title: `Link to catalog entry \`${e.id}\` (# mlcatalog: ${e.id})`, edits: [annotationEdit(save, ctx, e.id)], preferred: false }));
}

/** The edit that writes `# mlcatalog: <id>` above the save's statement, or fixes an existing one. */
function annotationEdit(save: SaveSite, ctx: RuleContext, id: string): TextEdit {
  const existing = annotationAt(save, ctx);
  if (existing) return { start: existing.start, end: existing.end, newText: `# mlcatalog: ${id}` };
  const statement = statementAt(ctx.index.root, save.call.startIndex);
  const lineStart = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(ctx.text.slice(lineStart, statement.startIndex))?.[0] ?? '';
  return { start: lineStart, end: lineStart, newText: `${indent}# mlcatalog: ${id}\n` };
}

/** An id from what the code shows: the registry name, the Hub repository, the file, the variable. */
export function proposedId(save: SaveSite): string {
  const file = save.template?.split('/').filter((s) => s && s !== '*').pop()?.replace(/\.[^.]*$/, '').replace(/\*/g, '');
  const candidates = [save.registryName, save.hubRepo?.split('/').pop(), file, modelName(save.model), 'model'];
  for (const c of candidates) {
    const id = c?.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/_/g, '-').replace(/^[^a-z0-9]+|[-.]+$/g, '').slice(0, 63);
    if (id) return id;
  }
  return 'model';
}

function modelName(node: Node | undefined): string | undefined {
  const text = node?.text.replace(/\.state_dict\(\)$/, '');
  return text && /^[A-Za-z_][\w.]*$/.test(text) ? text.split('.').pop() : undefined;
}

function uniqueId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}
