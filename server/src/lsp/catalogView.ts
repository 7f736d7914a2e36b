import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

import type { ModelReference } from '../analysis/modelReferences';
import { toBackstageYaml } from '../catalog/export/backstage';
import { toCycloneDx } from '../catalog/export/cyclonedx';
import { toModelCard } from '../catalog/export/modelCard';
import { CATALOG_DIR, type LoadedCatalog, loadCatalog } from '../catalog/fileCatalog';
import { entryMatcher } from '../catalog/matchReferences';
import { currentVersionIndex } from '../catalog/policy';
import type { EntryRecord } from '../catalog/readEntry';
import type { CatalogEntryView, CatalogSite, CatalogView } from './catalogViewProtocol';

const uri = (file: string) => pathToFileURL(file).toString();

/** The workspace folder's catalog, or undefined when it has none; never throws. */
function workspaceCatalog(root: string | undefined): LoadedCatalog | undefined {
  if (!root) return undefined;
  const dir = path.join(root, CATALOG_DIR);
  return fs.existsSync(dir) ? loadCatalog(dir) : undefined;
}

/** A string field of an invalid entry's raw data, when it has one. */
function rawString(record: EntryRecord, key: string): string | undefined {
  const read = record.source.data();
  const value = 'value' in read && read.value && typeof read.value === 'object' ? (read.value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

type Sources = ReadonlyArray<readonly [string, readonly ModelReference[]]>;

function sitesOf(record: EntryRecord, sources: Sources, base: string): { saves: CatalogSite[]; loads: CatalogSite[] } {
  const saves: CatalogSite[] = [];
  const loads: CatalogSite[] = [];
  if (!record.entry) return { saves, loads };
  const match = entryMatcher(record.entry, base);
  for (const [file, refs] of sources) {
    for (const ref of refs) {
      const via = match(ref, file);
      if (!via) continue;
      const site: CatalogSite = { uri: uri(file), line: ref.start.line, character: ref.start.character, endLine: ref.end.line, endCharacter: ref.end.character, call: ref.call, target: ref.target, via, ...(ref.cell !== undefined ? { cell: ref.cell } : {}) };
      const list = ref.kind === 'save' ? saves : loads;
      // NOTE: a call with two matching arguments is one site.
      if (!list.some((s) => s.uri === site.uri && s.cell === site.cell && s.line === site.line && s.character === site.character)) list.push(site);
    }
  }
  return { saves, loads };
}

function entryView(record: EntryRecord, sources: Sources, base: string): CatalogEntryView {
  const problems = [
    ...record.problems.map((p) => ({ message: p.message, line: p.start.line })),
    ...record.missing.map((m) => ({ message: `lacks ${m.field} (required by ${m.because})`, line: m.path.length ? lineOf(record, m.path) : 0 })),
  ];
  const entry = record.entry;
  if (!entry) return { id: record.id, file: uri(record.file), valid: false, problems, title: rawString(record, 'title'), environments: [], versions: [], saves: [], loads: [] };
  const current = currentVersionIndex(entry);
  const versions = (entry.versions ?? []).map((v, i) => ({
    version: v.version,
    current: i === current,
    createdAt: v.createdAt,
    format: v.artifact.format,
    ...(v.artifact.uri ? { uri: v.artifact.uri } : {}),
    hashes: (v.artifact.hashes ?? []).map((h) => ({ alg: h.alg, content: h.content })),
  }));
  return {
    id: entry.id,
    file: uri(record.file),
    valid: true,
    problems,
    ...(entry.title ? { title: entry.title } : {}),
    owners: { business: entry.owners.business, technical: entry.owners.technical },
    criticality: entry.criticality,
    lifecycle: entry.lifecycle,
    environments: entry.environments.map((e) => e.tier),
    ...(versions[current]?.format ? { format: versions[current].format } : {}),
    versions,
    ...sitesOf(record, sources, base),
  };
}

/** The zero-based line of a key path in the entry's YAML (0 when it is absent). */
function lineOf(record: EntryRecord, keys: Array<string | number>): number {
  const [start] = record.source.rangeOf(keys);
  return record.source.text.slice(0, start).split('\n').length - 1;
}

/**
 * `mlHygiene/getCatalog`: the workspace folder's catalog entries (invalid ones with their
 * problems, never dropped) with the save and load sites the workspace scan found for each.
 */
export function catalogView(root: string | undefined, references: ReadonlyMap<string, readonly ModelReference[]>, scanning: boolean, trusted: boolean, sitesOff?: string): CatalogView {
  const catalog = workspaceCatalog(root);
  const off = sitesOff ? { sitesOff } : {};
  if (!catalog) return { trusted, scanning, entries: [], policyProblems: [], ...off };
  const sources = [...references].sort(([a], [b]) => a.localeCompare(b));
  return {
    catalogDir: uri(catalog.dir),
    trusted,
    scanning,
    ...off,
    entries: [...catalog.records].sort((a, b) => a.id.localeCompare(b.id)).map((r) => entryView(r, sources, catalog.base)),
    policyProblems: catalog.policy.problems.map((p) => p.message),
  };
}

export interface CatalogExportParams {
  format: 'cyclonedx' | 'backstage' | 'model-card';
  /** The entries to export; all valid entries when absent. */
  ids?: string[];
}

/** `mlHygiene/exportCatalog`: the text of an export of the catalog (invalid entries are left out and named). */
export function exportCatalog(root: string | undefined, params: CatalogExportParams, version: string): { text: string; skipped: string[] } | { error: string } {
  const catalog = workspaceCatalog(root);
  if (!catalog) return { error: 'The workspace has no model catalog (.mlcatalog/) to export.' };
  if (!params || !['cyclonedx', 'backstage', 'model-card'].includes(params.format)) return { error: `unknown export format ${JSON.stringify(params?.format)}` };
  const ids = Array.isArray(params.ids) ? params.ids.filter((x): x is string => typeof x === 'string') : undefined;
  const wanted = (id: string) => !ids || ids.includes(id);
  const skipped = catalog.records.filter((r) => !r.valid && wanted(r.id)).map((r) => r.id);
  const entries = catalog.entries.filter((e) => wanted(e.id));
  if (!entries.length) return { error: ids ? `no valid entry among ${ids.join(', ')}${skipped.length ? ' (invalid: fix the entry first)' : ''}` : 'the catalog has no valid entry to export' };
  if (params.format === 'cyclonedx') return { text: `${JSON.stringify(toCycloneDx(entries, { name: 'ml-hygiene', version }), null, 2)}\n`, skipped };
  if (params.format === 'backstage') return { text: toBackstageYaml(entries), skipped };
  if (entries.length !== 1) return { error: 'a model card describes one model: export it from one entry' };
  return { text: toModelCard(entries[0]), skipped };
}
