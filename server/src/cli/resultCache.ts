import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

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
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The identity of the code doing the checking: the version, plus a hash of this bundle, so a
 * rebuilt tool with the same version number (a development build) never trusts old verdicts.
 */
function toolIdentity(): string {
  let bundle = '';
  try {
    bundle = sha(fs.readFileSync(__filename));
  } catch {
    // NOTE: without its own file (an unusual loader) the version alone has to do.
  }
  return `${packageJson().version}:${bundle}`;
}

/**
 * A per-file cache of `ml-hygiene check` results, one small JSON file per checked file, keyed by
 * everything that can change the verdict: the file's bytes, the tool, the enabled rules and
 * command-line selection, the governing `[tool.ml-hygiene]` table, and the dependency facts
 * (requirements, lock files) that soften or raise severities. Never throws: a cache that cannot
 * be read or written only makes the run slower.
 */
export class ResultCache {
  private readonly base: string;
  private readonly salt: string;
  private readonly configKeys = new Map<string, string>();

  constructor(dir: string, options: CheckFileOptions) {
    this.base = path.join(path.resolve(dir), FORMAT);
    const rules = allRuleMeta.map((r) => r.code).join(',');
    this.salt = sha(JSON.stringify([toolIdentity(), rules, options.select ?? null, options.ignore ?? null]));
  }

  /** The key of a file with this content, given the configuration and facts that govern it. */
  keyFor(file: string, bytes: Uint8Array): string {
    const config = configFor(file);
    const facts = projectFactsFor(config, file);
    // Memoised per governing folder: configuration and facts are shared by its files.
    const scope = `${config.file ?? ''}\0${config.root}`;
    let context = this.configKeys.get(scope);
    if (!context) {
      const packages = [...facts.packages].sort(([a], [b]) => a.localeCompare(b));
      context = sha(JSON.stringify([config.file ?? null, config.root, config.settings, config.problems, packages]));
      this.configKeys.set(scope, context);
    }
    // The path is part of the key: per-file-ignores and exclude depend on it.
    return sha(`${this.salt}\0${context}\0${path.resolve(file)}\0${sha(bytes)}`);
  }

  private entryPath(file: string): string {
    const id = sha(path.resolve(file));
    return path.join(this.base, id.slice(0, 2), `${id}.json`);
  }

  /** The stored result for this file and key, or undefined (missing, stale or corrupt). */
  get(file: string, key: string): FileResult | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.entryPath(file), 'utf8')) as Entry;
      if (entry?.key !== key || !Array.isArray(entry.result?.findings)) return undefined;
      return { ...entry.result, path: file };
    } catch {
      return undefined;
    }
  }

  /** Stores a result; written to a temporary name and renamed, so a reader never sees half. */
  put(file: string, key: string, result: FileResult): void {
    const { path: _ignored, changed: _changed, fixed: _fixed, ...rest } = result;
    const entry: Entry = { key, result: { ...rest, fixed: 0 } };
    const target = this.entryPath(file);
    try {
      this.ensureDir(path.dirname(target));
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, target);
    } catch {
      // NOTE: a read-only folder or a full disk only costs speed.
    }
  }

  private made = new Set<string>();

  private ensureDir(dir: string): void {
    if (this.made.has(dir)) return;
    if (!fs.existsSync(this.base)) {
      fs.mkdirSync(this.base, { recursive: true });
      // Keep the cache out of version control wherever it is made, as Ruff does.
      const root = path.dirname(this.base);
      fs.writeFileSync(path.join(root, '.gitignore'), '# Made by ml-hygiene: its result cache.\n*\n');
      fs.writeFileSync(path.join(root, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# ml-hygiene result cache\n');
    }
    fs.mkdirSync(dir, { recursive: true });
    this.made.add(dir);
  }
}
