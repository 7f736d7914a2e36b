import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { type EntryRecord, entryProblems, fileStem, judgeEntry, readEntry } from './readEntry';
import { DEFAULT_POLICY_RECORD, type PolicyRecord, policyProblems, readPolicy } from './readPolicy';
import type { CatalogEntry } from './schemaEntry';
import type { CatalogProblem } from './yamlSource';

/** The catalog folder's name, and where entries and the policy live in it. */
export const CATALOG_DIR = '.mlcatalog';
export const MODELS_DIR = 'models';
export const POLICY_FILE = 'policy.yaml';

/** A catalog as read from its `.mlcatalog/` folder: what the rules, the CLI and the editor use. */
export interface LoadedCatalog {
  /** The `.mlcatalog` folder. */
  dir: string;
  /** The folder that holds it: `match.paths` are relative to it. */
  base: string;
  policy: PolicyRecord;
  /** Every entry file, valid or not, sorted by file name. */
  records: readonly EntryRecord[];
  /** The valid entries: the only ones a save may match. */
  entries: readonly CatalogEntry[];
  /** The record of an id (valid or not). */
  get(id: string): EntryRecord | undefined;
  /** The policy's trusted sources (empty when the policy is invalid). */
  trustedSources: readonly string[];
  /** Every problem of every file, in file order (errors, incompleteness, exceptions that do not count). */
  problems(): CatalogProblem[];
  /** Changes whenever a file of the catalog changes (for result caches). */
  signature: string;
}

/** The folder with `.git` at or above `dir`, if any: where the CLI stops looking for a catalog. */
export function repositoryRoot(dir: string): string | undefined {
  const start = path.resolve(dir);
  let root = roots.get(start);
  if (root === undefined) roots.set(start, (root = findRepositoryRoot(start) ?? null));
  return root ?? undefined;
}

/** The repository root of each folder asked about (cleared with the rest of the catalog cache). */
const roots = new Map<string, string | null>();

function findRepositoryRoot(start: string): string | undefined {
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

const dirMemo = new Map<string, string | null>();

/**
 * The nearest `.mlcatalog/` folder walking up from a file, stopping after `stopAt` (the workspace
 * folder in the editor); without `stopAt`, after the repository root, as the CLI does.
 */
export function findCatalogDir(filePath: string, stopAt?: string): string | undefined {
  const start = path.dirname(path.resolve(filePath));
  const key = `${start}\0${stopAt ?? ''}`;
  const hit = dirMemo.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const stop = stopAt ? path.resolve(stopAt) : repositoryRoot(start);
  let found: string | undefined;
  for (let d = start; ; d = path.dirname(d)) {
    const candidate = path.join(d, CATALOG_DIR);
    if (isDir(candidate)) {
      found = candidate;
      break;
    }
    if (d === stop || path.dirname(d) === d) break;
  }
  dirMemo.set(key, found ?? null);
  return found;
}

/** Whether each `.mlcatalog` candidate is a folder: the folders of a tree share their ancestors. */
const catalogDirs = new Map<string, boolean>();

function isDir(p: string): boolean {
  let known = catalogDirs.get(p);
  // NOTE: no exception for a missing path: thrown, it cost 5x the stat.
  if (known === undefined) catalogDirs.set(p, (known = fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false));
  return known;
}

interface FileState {
  file: string;
  stamp: string;
}

/** The files of a catalog with their modification times and sizes. */
function listFiles(dir: string): FileState[] {
  const out: FileState[] = [];
  const stamp = (file: string) => {
    try {
      const st = fs.statSync(file);
      if (st.isFile()) out.push({ file, stamp: `${st.mtimeMs}:${st.size}` });
    } catch {
      // NOTE: gone between listing and reading: it simply is not part of the catalog.
    }
  };
  stamp(path.join(dir, POLICY_FILE));
  let names: string[] = [];
  try {
    names = fs.readdirSync(path.join(dir, MODELS_DIR));
  } catch {
    names = [];
  }
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort()) stamp(path.join(dir, MODELS_DIR, name));
  return out;
}

const cache = new Map<string, LoadedCatalog>();

/** Reads a catalog folder (cached until one of its files changes on disk). Never throws. */
export function loadCatalog(dir: string, now = new Date()): LoadedCatalog {
  const files = listFiles(dir);
  const signature = createHash('sha256').update(JSON.stringify([dir, files])).digest('hex');
  const hit = cache.get(dir);
  if (hit && hit.signature === signature) return hit;
  const policyPath = path.join(dir, POLICY_FILE);
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      return err as Error;
    }
  };
  let policy = DEFAULT_POLICY_RECORD;
  const records: EntryRecord[] = [];
  for (const { file } of files) {
    const text = read(file);
    if (file === policyPath) {
      policy = text instanceof Error ? unreadable(file, text) : readPolicy(file, text, now);
      continue;
    }
    if (text instanceof Error) {
      const record = readEntry(file, '');
      record.problems = [{ file, start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, severity: 'error', message: `cannot read the file: ${text.message}` }];
      records.push(record);
    } else records.push(readEntry(file, text));
  }
  markDuplicates(records);
  for (const r of records) judgeEntry(r, policy.policy, now);
  const catalog = makeCatalog(dir, policy, records, signature);
  cache.set(dir, catalog);
  return catalog;
}

function unreadable(file: string, err: Error): PolicyRecord {
  const problem: CatalogProblem = { file, start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, severity: 'error', message: `cannot read the policy: ${err.message}; the default policy applies` };
  return { ...DEFAULT_POLICY_RECORD, file, valid: false, problems: [problem] };
}

/** Two files declaring one id (`x.yaml` and `x.yml`): the later ones are invalid. */
export function markDuplicates(records: EntryRecord[]): void {
  const first = new Map<string, EntryRecord>();
  for (const r of records) {
    // NOTE: a file whose name is not its id is already invalid for that; it claims no id.
    if (fileStem(r.file) !== r.id) continue;
    const owner = first.get(r.id);
    if (!owner) {
      first.set(r.id, r);
      continue;
    }
    const [s, e] = r.source.rangeOf(['id']);
    r.problems.push(r.source.problemAt(s, e, `duplicate id "${r.id}": ${path.basename(owner.file)} already declares it`));
    r.valid = false;
    r.entry = undefined;
  }
}

function makeCatalog(dir: string, policy: PolicyRecord, records: EntryRecord[], signature: string): LoadedCatalog {
  const byId = new Map<string, EntryRecord>();
  for (const r of records) if (!byId.has(r.id) || r.valid) byId.set(r.id, r);
  return {
    dir,
    base: path.dirname(dir),
    policy,
    records,
    entries: records.filter((r) => r.valid).map((r) => r.entry!),
    get: (id) => byId.get(id),
    trustedSources: policy.valid ? policy.policy.trustedSources : [],
    problems: () => [policyProblems(policy), ...records.map(entryProblems)].flatMap(byPosition),
    signature,
  };
}

/** One file's problems in reading order. */
function byPosition(problems: CatalogProblem[]): CatalogProblem[] {
  return [...problems].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
}

/**
 * How long catalogFor trusts what it read without looking at the files again. NOTE: checking the
 * modification times costs one stat per entry, per analysed file (5 ms with 200 entries), which a
 * CLI run over thousands of files would pay thousands of times; the editor clears the cache on
 * every change of a catalog file anyway.
 */
const FRESH_MS = 1000;
const fresh = new Map<string, { at: number; catalog: LoadedCatalog }>();

/** The catalog that governs a file, if a `.mlcatalog/` is found above it (see findCatalogDir). */
export function catalogFor(filePath: string, stopAt?: string): LoadedCatalog | undefined {
  const dir = findCatalogDir(filePath, stopAt);
  if (!dir) return undefined;
  const hit = fresh.get(dir);
  const now = Date.now();
  if (hit && now - hit.at < FRESH_MS) return hit.catalog;
  const catalog = loadCatalog(dir);
  fresh.set(dir, { at: now, catalog });
  return catalog;
}

/** Forgets what was read, after a change on disk (a new `.mlcatalog/` included). */
export function clearCatalogCache(): void {
  cache.clear();
  fresh.clear();
  dirMemo.clear();
  catalogDirs.clear();
  roots.clear();
}
