import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Document } from 'yaml';

import { applyEdits } from '../analysis/applyFixes';
import type { TextEdit } from '../analysis/types';
import { STARTER_POLICY } from './defaultPolicy';
import { CATALOG_DIR, MODELS_DIR, POLICY_FILE } from './fileCatalog';
import { ENTRY_SCHEMA } from './schemaEntry';
import { ID_PATTERN } from './schemaTypes';
import { editYaml, type FieldChange } from './yamlEdit';

/**
 * Writing the catalog, as plain data (catalog.md §8.1): the edits to make to each file and the
 * SHA-256 of the text they were made against. The editor applies them as a WorkspaceEdit and
 * the CLI writes them (applyWrite), both only while each file still has that hash, so a file
 * changed in between is refused and nothing is lost.
 */
export interface FileWrite {
  file: string;
  /** SHA-256 of the text the edits were made against; absent when the file is new and must not exist yet. */
  readHash?: string;
  /** Offsets into that text (into "" for a new file). */
  edits: TextEdit[];
}

export interface CatalogWrite {
  kind: 'edit';
  files: FileWrite[];
  /** What the write does, for the user: "Create .mlcatalog/models/churn-scorer.yaml". */
  summary: string;
}

/** The hash the guard compares: of the text, without a byte order mark (editors hide it). */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/^\uFEFF/, ''), 'utf8').digest('hex');
}

/** `.mlcatalog/` with a starter policy and an empty `models/` folder (made by its first entry). */
export function createCatalogWrite(folder: string): CatalogWrite {
  const file = path.join(folder, CATALOG_DIR, POLICY_FILE);
  return { kind: 'edit', files: [{ file, edits: [{ start: 0, end: 0, newText: STARTER_POLICY }] }], summary: `Create ${path.join(CATALOG_DIR, POLICY_FILE)} with a starter policy` };
}

/** What is known of a model when an entry is declared; the rest is left for a person to fill. */
export interface EntryDraft {
  id: string;
  title?: string;
  businessUse?: string;
  owners?: { business?: string; technical?: string };
  criticality?: 'low' | 'medium' | 'high' | 'critical';
  environments?: Array<{ tier: string; runtime?: string; location?: string }>;
  lifecycle?: 'proposed' | 'approved' | 'active' | 'deprecated' | 'retired';
  task?: string;
  trainingData?: Array<{ id: string; uri?: string; classification: string; personalData: boolean; owner?: string }>;
  assumptions?: string[];
  limitations?: string[];
  match?: { paths?: string[]; mlflowNames?: string[]; hfRepos?: string[]; names?: string[] };
  /** The artifact format the save writes, recorded as a comment for the first version. */
  format?: string;
}

/** A valid id from free text (`Churn Model v2` → `churn-model-v2`), for prefilling. */
export function suggestId(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 63);
  return ID_PATTERN.test(id) ? id : 'model';
}

/**
 * A new entry file, prefilled with what is known. Owners and business use stay empty unless
 * given, so the entry is invalid (and matches no save) until a person fills them in.
 */
export function createEntryWrite(catalogDir: string, draft: EntryDraft): CatalogWrite {
  const file = path.join(catalogDir, MODELS_DIR, `${draft.id}.yaml`);
  const doc = new Document({
    schema: ENTRY_SCHEMA,
    id: draft.id,
    ...(draft.title ? { title: draft.title } : {}),
    businessUse: draft.businessUse ?? '',
    owners: { business: draft.owners?.business ?? '', technical: draft.owners?.technical ?? '' },
    criticality: draft.criticality ?? 'medium',
    environments: draft.environments?.length ? draft.environments : [{ tier: 'development' }],
    lifecycle: draft.lifecycle ?? 'proposed',
    ...(draft.task ? { task: draft.task } : {}),
    ...(draft.trainingData?.length ? { trainingData: draft.trainingData } : {}),
    ...(draft.assumptions?.length ? { assumptions: draft.assumptions } : {}),
    ...(draft.limitations?.length ? { limitations: draft.limitations } : {}),
    match: draft.match && Object.values(draft.match).some((v) => v?.length) ? draft.match : { names: [draft.id] },
  });
  const complete = Boolean(draft.businessUse && draft.owners?.business && draft.owners?.technical);
  doc.commentBefore = ` Catalog entry for ${draft.id} (mlcatalog/v1). Reviewed like code: see CODEOWNERS.${complete ? '' : '\n Fill in businessUse and both owners; until then the entry is invalid and matches no save.'}`;
  const comment = (key: string, text: string) => {
    const pair = (doc.contents as unknown as { items: Array<{ key: { value: string; commentBefore?: string } }> }).items.find((p) => p.key.value === key);
    if (pair) pair.key.commentBefore = text;
  };
  comment('businessUse', ' Which business decision does the model support? (a sentence)');
  comment('owners', ' Owners: user:<id>, group:<id> or an email address.');
  comment('criticality', ' low | medium | high | critical: high and critical need more fields (see policy.yaml).');
  if (draft.format) comment('match', ` The code saves it as ${draft.format}.`);
  const text = doc.toString({ lineWidth: 0 });
  return { kind: 'edit', files: [{ file, edits: [{ start: 0, end: 0, newText: text }] }], summary: `Create ${path.join(CATALOG_DIR, MODELS_DIR, `${draft.id}.yaml`)}` };
}

/** Changes to fields of an existing file (entry or policy), keeping its comments and layout. */
export function updateFieldsWrite(file: string, text: string, changes: readonly FieldChange[]): CatalogWrite {
  const { edits } = editYaml(text, changes);
  const fields = [...new Set(changes.map((c) => String(c.path[0])))].join(', ');
  return { kind: 'edit', files: [{ file, readHash: textHash(text), edits }], summary: `Update ${fields} in ${path.basename(file)}` };
}

export type ApplyResult = { ok: true; written: string[] } | { ok: false; message: string };

/**
 * Writes a catalog write to disk (the CLI's way), checking every file first: a file that
 * changed since it was read, or a new file that appeared meanwhile, refuses the whole write and
 * leaves every file as it is.
 */
export function applyWrite(write: CatalogWrite): ApplyResult {
  const planned: Array<{ file: string; text: string }> = [];
  for (const f of write.files) {
    let current: string | undefined;
    try {
      current = fs.readFileSync(f.file, 'utf8');
    } catch {
      current = undefined;
    }
    if (f.readHash === undefined && current !== undefined) {
      return { ok: false, message: `${f.file} already exists (it was created after the change was prepared); nothing was written. Read it again and retry.` };
    }
    if (f.readHash !== undefined && (current === undefined || textHash(current) !== f.readHash)) {
      const what = current === undefined ? 'was deleted' : 'changed on disk';
      return { ok: false, message: `${f.file} ${what} since it was read; nothing was written, so no change is lost. Read it again and retry.` };
    }
    planned.push({ file: f.file, text: applyEdits(current ?? '', f.edits) });
  }
  for (const p of planned) {
    fs.mkdirSync(path.dirname(p.file), { recursive: true });
    fs.writeFileSync(p.file, p.text);
  }
  return { ok: true, written: planned.map((p) => p.file) };
}
