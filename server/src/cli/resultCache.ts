import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { catalogFor } from '../catalog/fileCatalog';
import { configFor } from '../config/projectConfig';
import { projectFactsFor } from '../engine/checkDocument';
import { allRuleMeta } from '../rules';
import type { CheckFileOptions, FileResult } from './fileResult';
import { packageJson } from './packageInfo';

/** Bumped when the layout of an entry changes, so old entries are simply never found. */
const FORMAT = 'v1';

/** What an entry holds: the key it was made for and the result without its path. */
interface Entry {
  key: string;
  result: Omit<FileResult, 'path'>;
  /** The file's size and modification time when its key was read, and the context part of the key. */
  stat?: { size: number; mtimeMs: number; context: string };
}

/** What a file's stat gives, compared before its bytes are read again. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The identity of the code doing the checking: the version, plus a hash of this bundle, so a
 * rebuilt tool with the same version number (a development build) never trusts old verdicts.
 */
function toolIdentity(): string {
  identity ??= readToolIdentity();
  return identity;
}

let identity: string | undefined;

function readToolIdentity(): string {
  let bundle = '';
  try {
    bundle = sha(fs.readFileSync(__filename));
  } catch {
    // NOTE: without its own file (an unusual loader) the version alone has to do.
  }
  return `${packageJson().version}:${bundle}`;
}

/**
 * A per-file cache of `ml-hygiene check` results, keyed by everything that can change a file's
 * verdict: its bytes, the tool, the enabled rules and command-line selection, the model catalog, the governing
 * `[tool.ml-hygiene]` table, and the dependency facts (requirements, lock files) that soften or
 * raise severities. The entries live in one file per tool build and selection, read once and
 * written once per run: a file per entry cost 2 s of system time on 2,000 files, more than the
 * analysis. Never throws: a cache that cannot be read or written only makes the run slower.
 */
export class ResultCache {
  private readonly file: string;
  private readonly salt: string;
  private readonly contextByDir = new Map<string, string>();
  private readonly configKeys = new Map<string, string>();
  private entries: Record<string, Entry> = {};
  private dirty = false;

  /** Whether this tool build and selection has a cache file in `dir` (a warm cache). */
  static exists(dir: string, options: CheckFileOptions): boolean {
    return fs.existsSync(ResultCache.fileFor(dir, options));
  }

  private static saltFor(options: CheckFileOptions): string {
    const rules = allRuleMeta.map((r) => r.code).join(',');
    return sha(JSON.stringify([toolIdentity(), rules, options.select ?? null, options.ignore ?? null]));
  }

  private static fileFor(dir: string, options: CheckFileOptions, salt = ResultCache.saltFor(options)): string {
    return path.join(path.resolve(dir), FORMAT, `${salt.slice(0, 16)}.json`);
  }

  constructor(dir: string, options: CheckFileOptions) {
    this.salt = ResultCache.saltFor(options);
    this.file = ResultCache.fileFor(dir, options, this.salt);
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (stored && typeof stored === 'object' && !Array.isArray(stored)) this.entries = stored as Record<string, Entry>;
    } catch {
      // NOTE: missing or corrupt: start empty, and the next save replaces it.
    }
  }

  /** The key of a file with this content, given the configuration and facts that govern it. */
  keyFor(file: string, bytes: Uint8Array): string {
    return this.keyForDigest(file, sha(bytes));
  }

  /** The same key from the content's SHA-256 (computed where the bytes were read). */
  keyForDigest(file: string, contentSha256: string): string {
    return sha(`${this.salt}\0${this.contextFor(file)}\0${contentSha256}`);
  }

  /** Whether the cache has an entry for the file at all (without one, its bytes need not be read to look it up). */
  has(file: string): boolean {
    return this.entries[path.resolve(file)] !== undefined;
  }

  /**
   * The stored result of a file whose size and modification time are those recorded with it,
   * under the same configuration: its bytes need not be read and hashed again (as Ruff's cache
   * trusts a file's metadata). Anything else falls back to the content key.
   */
  getUnchanged(file: string, stamp: FileStamp): FileResult | undefined {
    const entry = this.entries[path.resolve(file)];
    const stat = entry?.stat;
    if (!stat || stat.size !== stamp.size || stat.mtimeMs !== stamp.mtimeMs || stat.context !== this.contextFor(file)) return undefined;
    return this.get(file, entry.key);
  }

  /** The configuration part of a file's key (memoised per folder: configuration, facts and catalog are looked up from a file's folder). */
  private contextFor(file: string): string {
    const dir = path.dirname(path.resolve(file));
    let context = this.contextByDir.get(dir);
    if (context === undefined) this.contextByDir.set(dir, (context = this.folderContext(file)));
    return context;
  }

  private folderContext(file: string): string {
    const config = configFor(file);
    const facts = projectFactsFor(config, file);
    // Memoised per governing folder: configuration and facts are shared by its files.
    // NOTE: the catalog (its trusted sources, its entries) is part of the context too.
    const catalog = catalogFor(file);
    const scope = `${config.file ?? ''}\0${config.root}\0${catalog?.signature ?? ''}`;
    let context = this.configKeys.get(scope);
    if (!context) {
      const packages = [...facts.packages].sort(([a], [b]) => a.localeCompare(b));
      // NOTE: with a catalog, the day counts too: format exceptions expire.
      const day = catalog ? new Date().toISOString().slice(0, 10) : null;
      context = sha(JSON.stringify([this.salt, config.file ?? null, config.root, config.settings, config.problems, packages, catalog?.signature ?? null, day]));
      this.configKeys.set(scope, context);
    }
    return context;
  }

  /** The stored result for this file and key, or undefined (missing, stale or corrupt). */
  get(file: string, key: string): FileResult | undefined {
    const entry = this.entries[path.resolve(file)];
    if (entry?.key !== key || !Array.isArray(entry.result?.findings) || !Array.isArray(entry.result.configProblems)) return undefined;
    return { ...entry.result, path: file };
  }

  /**
   * Records a result (written by save). The path keys the entry: per-file-ignores depend on it.
   * `stamp` is the file's stat taken before the bytes of `key` were read.
   */
  put(file: string, key: string, result: FileResult, stamp?: FileStamp): void {
    const { path: _ignored, changed: _changed, noqaAdded: _noqa, content: _content, ...rest } = result;
    const stat = stamp && { size: stamp.size, mtimeMs: stamp.mtimeMs, context: this.contextFor(file) };
    this.entries[path.resolve(file)] = { key, result: { ...rest, fixed: 0 }, ...(stat ? { stat } : {}) };
    this.dirty = true;
  }

  /** Writes the entries, to a temporary name then renamed, so a reader never sees half a file. */
  save(): void {
    if (!this.dirty) return;
    try {
      const base = path.dirname(this.file);
      if (!fs.existsSync(base)) {
        fs.mkdirSync(base, { recursive: true });
        // Keep the cache out of version control wherever it is made, as Ruff does.
        const root = path.dirname(base);
        fs.writeFileSync(path.join(root, '.gitignore'), '# Made by ml-hygiene: its result cache.\n*\n');
        fs.writeFileSync(path.join(root, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# ml-hygiene result cache\n');
      }
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(this.entries));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      // NOTE: a read-only folder or a full disk only costs speed.
    }
  }
}
