import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';

import { locateKey } from './locateKey';
import { projectFields, type ProjectFieldName, type ProjectSettings } from './projectSchema';

/** A problem with `[tool.ml-hygiene]`, at a line of the pyproject.toml (reported as MLH001). */
export interface ConfigProblem {
  file: string;
  line: number;
  message: string;
}

/** The configuration that governs one file: where it came from, what it says, what was wrong. */
export interface ProjectConfig {
  /** The pyproject.toml that holds `[tool.ml-hygiene]`, if one was found. */
  file?: string;
  /** Paths in the configuration are relative to this folder. */
  root: string;
  settings: ProjectSettings;
  problems: ConfigProblem[];
}

const cache = new Map<string, { mtimeMs: number; config: ProjectConfig }>();
/**
 * The configuration that governs each folder's files (until clearConfigCache, which the server
 * calls when a watched pyproject.toml changes): a tree scan asks once per folder, not per file.
 */
const byFolder = new Map<string, ProjectConfig>();

/** Reads and validates one pyproject.toml (cached by modification time). */
export function readPyproject(file: string): ProjectConfig {
  const stat = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.config;
  const config = parsePyproject(file, fs.readFileSync(file, 'utf8'));
  cache.set(file, { mtimeMs: stat.mtimeMs, config });
  return config;
}

/** Validates the text of a pyproject.toml; never throws. */
export function parsePyproject(file: string, text: string): ProjectConfig {
  const root = path.dirname(file);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const line = (err as { line?: number }).line;
    const message = `pyproject.toml is not valid TOML, so [tool.ml-hygiene] is ignored: ${(err as Error).message.split('\n')[0]}`;
    return { file, root, settings: {}, problems: [{ file, line: line ? line - 1 : 0, message }] };
  }
  const table = (doc.tool as Record<string, unknown> | undefined)?.['ml-hygiene'];
  if (table === undefined) return { root, settings: {}, problems: [] };
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    return { file, root, settings: {}, problems: [{ file, line: locateKey(text, undefined), message: '[tool.ml-hygiene] must be a table' }] };
  }
  const settings: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(table)) {
    const schema = projectFields[key as ProjectFieldName];
    if (!schema) {
      problems.push({ file, line: locateKey(text, key), message: `Unknown key "${key}" in [tool.ml-hygiene] (known: ${Object.keys(projectFields).join(', ')})` });
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) settings[key] = result.data;
    else {
      const issue = result.error.issues[0];
      const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
      problems.push({ file, line: locateKey(text, key), message: `Invalid value for "${key}"${where}: ${issue.message}; the default is used instead` });
    }
  }
  return { file, root, settings: settings as ProjectSettings, problems };
}

/**
 * The configuration for a file: the nearest pyproject.toml with a `[tool.ml-hygiene]` table,
 * walking up from the file's folder (as Ruff does) and stopping at `stopAt` when given.
 */
export function configFor(filePath: string, stopAt?: string): ProjectConfig {
  const start = path.dirname(path.resolve(filePath));
  const key = `${start}\0${stopAt ?? ''}`;
  let config = byFolder.get(key);
  if (!config) byFolder.set(key, (config = findConfig(start, stopAt)));
  return config;
}

function findConfig(start: string, stopAt?: string): ProjectConfig {
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (fs.existsSync(candidate)) {
      const config = readPyproject(candidate);
      if (config.file) return config;
    }
    if (path.dirname(dir) === dir || (stop && dir === stop)) break;
  }
  return { root: stop ?? start, settings: {}, problems: [] };
}

/** Forgets cached files, after a change on disk. */
export function clearConfigCache(): void {
  cache.clear();
  byFolder.clear();
}
