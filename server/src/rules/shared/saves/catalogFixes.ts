import * as path from 'path';
import type { Node } from 'web-tree-sitter';

import { statementAt } from '../../../analysis/suppressions';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { RuleContext } from '../../defineRule';
import { CATALOG_DIR, MODELS_DIR, POLICY_FILE } from '../../../catalog/fileCatalog';
import { STARTER_POLICY } from '../../../catalog/defaultPolicy';
import { type CatalogContext, entryViews, type EntryView } from './catalogView';
import { annotationAt, nameSuggestions } from './matchSave';
import type { SaveSite } from './saveSite';

const MAX_LINKS = 5;

/** The folder of a catalog: `<root>/.mlcatalog`. */
export function catalogDir(context: CatalogContext): string {
  return context.catalog?.dir ?? path.join(context.root, CATALOG_DIR);
}

/**
 * "Declare this model in the catalog…": a new `.mlcatalog/models/<id>.yaml` prefilled from the
 * code (id, match signals, format), with the owners and business use left empty, so the entry
 * stays invalid (and the finding stays) until a person fills them in. With no catalog yet, the
 * same fix also writes the starter policy; a second one writes only the policy.
 */
export function declareFixes(save: SaveSite, ctx: RuleContext, context: CatalogContext): Fix[] {
  const taken = new Set(context.catalog?.records.flatMap((r) => [r.id, path.basename(r.file).replace(/\.ya?ml$/i, '')]) ?? []);
  const id = uniqueId(proposedId(save), taken);
  const dir = catalogDir(context);
  const entryFile = path.join(dir, MODELS_DIR, `${id}.yaml`);
  const entry = { file: entryFile, edits: [{ start: 0, end: 0, newText: entryYaml(id, save, context) }] };
  const policy = { file: path.join(dir, POLICY_FILE), edits: [{ start: 0, end: 0, newText: STARTER_POLICY }] };
  const shown = (file: string) => path.relative(context.root, file).split(path.sep).join('/');
  // A save the catalog cannot match by path or registry name is linked by its annotation.
  const link: TextEdit[] = save.template || save.registryName || save.hubRepo ? [] : [annotationEdit(save, ctx, id)];
  if (context.catalog) {
    return [{ title: `Declare this model in the catalog as \`${id}\` (a new entry to complete)…`, edits: link, catalog: { files: [entry], summary: `Create ${shown(entryFile)}` }, preferred: false }];
  }
  return [
    { title: `Create the catalog (.mlcatalog/) and declare this model as \`${id}\`…`, edits: link, catalog: { files: [policy, entry], summary: `Create ${shown(policy.file)} and ${shown(entryFile)}` }, preferred: false },
    { title: 'Create the catalog (.mlcatalog/policy.yaml with a starter policy)', edits: [], catalog: { files: [policy], summary: `Create ${shown(policy.file)}` }, preferred: false },
  ];
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

const quote = (s: string) => JSON.stringify(s);

/** The prefilled entry (mlcatalog/v1): what the code shows, and empty fields a person must fill. */
function entryYaml(id: string, save: SaveSite, context: CatalogContext): string {
  const where = context.file ? `${context.file}:${save.call.startPosition.row + 1}` : `line ${save.call.startPosition.row + 1}`;
  const match: string[] = [];
  if (save.registryName) match.push(`  mlflowNames: [${quote(save.registryName)}]`);
  if (save.hubRepo) match.push(`  hfRepos: [${quote(save.hubRepo)}]`);
  if (save.template) match.push(`  paths: [${quote(save.template)}]`);
  const name = modelName(save.model);
  if (name) match.push(`  names: [${quote(name)}]`);
  if (match.length === 0) match.push(`  names: [${quote(id)}]`);
  return [
    `# Declared from ${where} (\`${save.api}\`, format ${save.format}).`,
    '# Fill in the business use, both owners and the criticality; review this file like code.',
    'schema: mlcatalog/v1',
    `id: ${id}`,
    'businessUse: ""  # what business decision this model supports',
    'owners:',
    '  business: ""  # accountable owner: user:<id>, group:<id> or an email',
    '  technical: ""  # the team or person operating it',
    'criticality: ""  # low | medium | high | critical',
    'environments:',
    '  - tier: development  # add staging / production where it runs',
    'lifecycle: proposed',
    'match:',
    ...match,
    '',
  ].join('\n');
}
