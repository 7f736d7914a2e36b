import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

import { loadCatalog } from '../../server/src/catalog/fileCatalog';
import type { Rule } from '../../server/src/rules/defineRule';
import type { CatalogContext } from '../../server/src/rules/shared/saves/catalogView';
import { SAVE_SITES } from '../../server/src/rules/shared/saves/saveRule';
import { type SaveSite, saveSiteOf } from '../../server/src/rules/shared/saves/saveSite';
import { findingsOf } from './testParser';

/** What a test compares of a save site: one line per save. */
export function describeSave(s: SaveSite): string {
  const target = s.registryName !== undefined ? `registry ${s.registryName}` : s.hubRepo !== undefined ? `hub ${s.hubRepo}` : s.template !== undefined ? `${s.kind} ${s.template}` : `${s.kind} ?`;
  return `${s.call.startPosition.row + 1} ${s.api} ${s.format}${s.inner ? `(${s.inner})` : ''} ${target}${s.certain ? '' : ' uncertain'}`;
}

/** The save sites the engine extracts from a source, described (a recording rule, no catalog needed). */
export async function savesIn(source: string): Promise<string[]> {
  const seen: string[] = [];
  const recorder: Rule = {
    code: 'MLH399', name: 'recorder', family: 'save', cwe: 0, defaultSeverity: 'hint', title: 'records save sites',
    ...SAVE_SITES,
    check(site, ctx) {
      const save = saveSiteOf(site, ctx);
      if (save) seen.push(describeSave(save));
      return undefined;
    },
  };
  await findingsOf(source, { rules: [recorder] });
  return seen;
}

/** An entry file to write: the data of a valid entry (overridable field by field), or raw text. */
export type EntrySpec = { id: string; data: Record<string, unknown> } | { id: string; text: string };

/** A valid entry of the schema, in production unless told otherwise. */
export function entry(id: string, over: Record<string, unknown> = {}): EntrySpec {
  return {
    id,
    data: {
      schema: 'mlcatalog/v1',
      id,
      businessUse: `Scores ${id} for the weekly business review.`,
      owners: { business: 'jane.doe@example.com', technical: 'group:ds-team' },
      criticality: 'low',
      environments: [{ tier: 'production' }],
      lifecycle: 'active',
      match: { names: [id] },
      ...over,
    },
  };
}

/** The day the tests judge exceptions on. */
export const NOW = new Date('2026-11-27T12:00:00Z');

/**
 * A catalog context over a real `.mlcatalog/` folder written to a temporary directory and read by
 * the catalog's own loader; `undefined` entries: a workspace with no catalog yet.
 */
export function catalogOf(entries: EntrySpec[] | undefined, options: { policy?: string | Record<string, unknown> } = {}): CatalogContext {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-saves-'));
  if (!entries) return { root, file: 'train.py', now: NOW };
  const dir = path.join(root, '.mlcatalog');
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  for (const e of entries) fs.writeFileSync(path.join(dir, 'models', `${e.id}.yaml`), 'text' in e ? e.text : stringify(e.data));
  if (options.policy) fs.writeFileSync(path.join(dir, 'policy.yaml'), typeof options.policy === 'string' ? options.policy : stringify(options.policy));
  return { root, file: 'train.py', now: NOW, catalog: loadCatalog(dir, NOW) };
}
