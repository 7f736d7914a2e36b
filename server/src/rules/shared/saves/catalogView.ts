import type { LoadedCatalog } from '../../../catalog/fileCatalog';
import type { EntryRecord } from '../../../catalog/readEntry';
import type { CatalogEntry } from '../../../catalog/schemaEntry';

/** The catalog that governs a file, or where one would go: what the save rules (MLH3xx) read. */
export interface CatalogContext {
  /** The folder that holds `.mlcatalog/` (or would): match paths are relative to it. */
  root: string;
  /** The analysed file relative to `root` (POSIX), for the entries a fix declares. */
  file?: string;
  /** When format exceptions are judged (an exception counts through its `expires` day). */
  now: Date;
  /**
   * False in an untrusted workspace: the repository's own format exceptions then do not hide a
   * forbidden format (they are shown), as its trusted sources do not silence downloads.
   */
  trusted?: boolean;
  /** Undefined when the workspace has no catalog yet. */
  catalog?: LoadedCatalog;
}

/** What matching reads of an entry file: its id and match signals, valid or not. */
export interface EntryView {
  id: string;
  file: string;
  /** Set only for a valid entry: an invalid one never matches, it is only named. */
  entry?: CatalogEntry;
  record: EntryRecord;
  match: { names?: readonly string[]; mlflowNames?: readonly string[]; hfRepos?: readonly string[]; paths?: readonly string[] };
}

const views = new WeakMap<LoadedCatalog, EntryView[]>();

/**
 * Every entry file of a catalog, valid ones first. An invalid file's `match` is read leniently
 * (string lists only), so a save it would match is told which entry to complete.
 */
export function entryViews(catalog: LoadedCatalog): EntryView[] {
  let list = views.get(catalog);
  if (list) return list;
  const view = (record: EntryRecord): EntryView => ({ id: record.id, file: record.file, entry: record.entry, record, match: record.entry?.match ?? rawMatch(record) });
  list = [...catalog.records.filter((r) => r.valid), ...catalog.records.filter((r) => !r.valid)].map(view);
  views.set(catalog, list);
  return list;
}

function rawMatch(record: EntryRecord): EntryView['match'] {
  let data: unknown;
  try {
    data = record.source.doc.errors.length ? undefined : record.source.doc.toJS();
  } catch {
    data = undefined;
  }
  const match = data && typeof data === 'object' ? (data as { match?: unknown }).match : undefined;
  if (!match || typeof match !== 'object') return {};
  const strings = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);
  const m = match as Record<string, unknown>;
  return { names: strings(m.names), mlflowNames: strings(m.mlflowNames), hfRepos: strings(m.hfRepos), paths: strings(m.paths) };
}
