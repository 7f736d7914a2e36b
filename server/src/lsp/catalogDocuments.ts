import * as fs from 'fs';
import * as path from 'path';

import { type CatalogWrite, createCatalogWrite, createEntryWrite, type EntryDraft, updateFieldsWrite } from '../catalog/catalogWrite';
import { CATALOG_DIR, loadCatalog, markDuplicates, MODELS_DIR, POLICY_FILE } from '../catalog/fileCatalog';
import { entryProblems, judgeEntry, readEntry } from '../catalog/readEntry';
import { policyProblems, readPolicy } from '../catalog/readPolicy';
import { ID_PATTERN } from '../catalog/schemaTypes';
import { type FieldChange, YamlEditError } from '../catalog/yamlEdit';
import type { CatalogProblem } from '../catalog/yamlSource';

/** The `.mlcatalog` folder of a catalog file (its policy or an entry), or undefined for any other file. */
export function catalogDirOf(file: string): { dir: string; kind: 'policy' | 'entry' } | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf(CATALOG_DIR);
  if (at < 0) return undefined;
  const rest = parts.slice(at + 1);
  const dir = parts.slice(0, at + 1).join(path.sep);
  if (rest.length === 1 && rest[0] === POLICY_FILE) return { dir, kind: 'policy' };
  if (rest.length === 2 && rest[0] === MODELS_DIR && /\.ya?ml$/i.test(rest[1])) return { dir, kind: 'entry' };
  return undefined;
}

/**
 * The problems of a catalog file as it is in the editor (unsaved text included): schema and
 * YAML errors, an id shared with another file, fields its criticality requires, exceptions that
 * do not count. The rest of the catalog (policy, other entries) is read from disk.
 */
export function catalogFileProblems(file: string, text: string): CatalogProblem[] {
  const where = catalogDirOf(file);
  if (!where) return [];
  if (where.kind === 'policy') return policyProblems(readPolicy(file, text));
  const catalog = loadCatalog(where.dir);
  const record = readEntry(file, text);
  const records = [...catalog.records.filter((r) => r.file !== file), record].sort((a, b) => a.file.localeCompare(b.file));
  markDuplicates(records);
  judgeEntry(record, catalog.policy.policy);
  return entryProblems(record);
}

/** What the client may ask the server to write into the catalog (`mlHygiene/catalogEdit`). */
export type CatalogEditRequest =
  | { action: 'createCatalog'; folder: string }
  | { action: 'createEntry'; catalogDir: string; draft: EntryDraft }
  | { action: 'updateFields'; file: string; changes: FieldChange[] };

/**
 * The write a request asks for, and the texts it was computed against. `textOf` gives a file's
 * text as the editor has it (an open document) or undefined, then the disk is read.
 */
export function catalogWriteFor(request: CatalogEditRequest, textOf: (file: string) => string | undefined): { write: CatalogWrite; texts: Map<string, string> } | { error: string } {
  const texts = new Map<string, string>();
  if (request.action === 'createCatalog') return { write: createCatalogWrite(request.folder), texts };
  if (request.action === 'createEntry') {
    if (!ID_PATTERN.test(request.draft?.id ?? '')) return { error: `"${request.draft?.id}" is not a valid catalog id (lowercase letters, digits, ".", "_" or "-")` };
    return { write: createEntryWrite(request.catalogDir, request.draft), texts };
  }
  let text = textOf(request.file);
  if (text === undefined) {
    try {
      text = fs.readFileSync(request.file, 'utf8');
    } catch (err) {
      return { error: `cannot read ${request.file}: ${(err as Error).message}` };
    }
  }
  texts.set(request.file, text);
  try {
    return { write: updateFieldsWrite(request.file, text, request.changes), texts };
  } catch (err) {
    if (err instanceof YamlEditError) return { error: `${path.basename(request.file)} was not changed: ${err.message}` };
    throw err;
  }
}
