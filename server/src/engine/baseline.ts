import * as fs from 'fs';
import * as path from 'path';

import { fingerprints } from '../analysis/fingerprint';
import type { Finding } from '../analysis/types';
import { locateKey } from '../config/locateKey';
import type { ConfigProblem, ProjectConfig } from '../config/projectConfig';

/**
 * The baseline: findings a team has accepted for now, so that only new ones fail a check. It is
 * a JSON file of entries matched by rule code, file (relative to the baseline's folder, with `/`)
 * and fingerprint (analysis/fingerprint.ts); the message is there for people reading the file.
 */
export const DEFAULT_BASELINE = '.ml-hygiene-baseline.json';
const VERSION = 1;

export interface BaselineEntry {
  code: string;
  file: string;
  fingerprint: string;
  message?: string;
}

export interface Baseline {
  file: string;
  /** Keys of the entries (see {@link baselineKey}). */
  keys: Set<string>;
  /** What is wrong with the file, reported as MLH001; a baseline with a problem holds nothing. */
  problems: ConfigProblem[];
}

export const baselineKey = (code: string, file: string, fingerprint: string): string => `${code}\0${file}\0${fingerprint}`;

/** A file's path as its baseline records it: relative to the baseline's folder, with `/`. */
export function baselinePath(baselineFile: string, file: string): string {
  return path.relative(path.dirname(baselineFile), path.resolve(file)).split(path.sep).join('/');
}

/**
 * Where the baseline of a project lives: `[tool.ml-hygiene] baseline` (relative to the
 * pyproject.toml), else `.ml-hygiene-baseline.json` beside the pyproject.toml, else in
 * `fallbackRoot` (the workspace folder in the editor, the current folder in the CLI).
 */
export function baselineLocation(config: ProjectConfig, fallbackRoot: string): { file: string; configured: boolean } {
  const configured = config.settings.baseline;
  if (configured) return { file: path.resolve(config.root, configured), configured: true };
  return { file: path.join(config.file ? config.root : fallbackRoot, DEFAULT_BASELINE), configured: false };
}

function problem(file: string, message: string, line = 0): Baseline {
  return { file, keys: new Set(), problems: [{ file, line, message: `The baseline ${path.basename(file)} ${message}; no finding is taken as known until it is mended (or written again with --write-baseline)` }] };
}

function isEntry(value: unknown): value is BaselineEntry {
  const e = value as BaselineEntry;
  return !!e && typeof e === 'object' && typeof e.code === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string';
}

/** Validates the text of a baseline file; never throws. */
export function parseBaseline(file: string, text: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return problem(file, `is not valid JSON (${(err as Error).message})`);
  }
  const { version, findings } = (doc ?? {}) as { version?: unknown; findings?: unknown };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return problem(file, 'must be a JSON object with "version" and "findings"');
  if (version !== VERSION) return problem(file, `has version ${JSON.stringify(version)}, but this ML Hygiene reads version ${VERSION}`);
  if (!Array.isArray(findings)) return problem(file, 'has no "findings" array');
  const bad = findings.findIndex((e) => !isEntry(e));
  if (bad !== -1) return problem(file, `has a malformed entry at findings[${bad}] (each needs "code", "file" and "fingerprint" strings)`);
  return { file, keys: new Set(findings.map((e: BaselineEntry) => baselineKey(e.code, e.file, e.fingerprint))), problems: [] };
}

const cache = new Map<string, { mtimeMs: number; size: number; baseline: Baseline }>();

/** Reads a baseline file (cached by modification time); undefined when there is none. */
export function readBaseline(file: string): Baseline | undefined {
  let stat: fs.Stats | undefined;
  try {
    // NOTE: asked once per file checked; a missing baseline must not cost an exception each time.
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.baseline;
  let baseline: Baseline;
  try {
    baseline = parseBaseline(file, fs.readFileSync(file, 'utf8'));
  } catch (err) {
    baseline = problem(file, `cannot be read (${(err as Error).message})`);
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, baseline });
  return baseline;
}

function keyLine(pyproject: string): number {
  try {
    return locateKey(fs.readFileSync(pyproject, 'utf8'), 'baseline');
  } catch {
    return 0;
  }
}

/**
 * The baseline that governs a project, with the problems of finding it: a configured file that
 * does not exist is reported on the `baseline` key of the pyproject.toml.
 */
export function projectBaseline(config: ProjectConfig, fallbackRoot: string): Baseline | undefined {
  const { file, configured } = baselineLocation(config, fallbackRoot);
  const baseline = readBaseline(file);
  if (baseline || !configured || !config.file) return baseline;
  const message = `[tool.ml-hygiene] baseline names ${file}, which does not exist; create it with \`ml-hygiene check --write-baseline\``;
  return { file, keys: new Set(), problems: [{ file: config.file, line: keyLine(config.file), message }] };
}

/** The text of a baseline file, sorted so that rewriting it gives small diffs. */
export function formatBaseline(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.code.localeCompare(b.code) || a.fingerprint.localeCompare(b.fingerprint));
  const findings = sorted.map((e) => ({ code: e.code, file: e.file, fingerprint: e.fingerprint, ...(e.message ? { message: e.message } : {}) }));
  return `${JSON.stringify({ version: VERSION, tool: 'ml-hygiene', findings }, null, 2)}\n`;
}

/**
 * The editor's view of the baseline: a finding it holds stays in sight, as Information greyed out
 * with the reason, so it is neither taken for a new one nor forgotten. The fingerprints are made
 * over the file's whole list of findings, as the CLI makes them.
 */
export function markBaselined(findings: Finding[], filePath: string, baseline: Baseline): Finding[] {
  if (baseline.keys.size === 0) return findings;
  const file = baselinePath(baseline.file, filePath);
  const prints = fingerprints(findings);
  const name = path.basename(baseline.file);
  return findings.map((f, i) => {
    if (f.suppressed || !baseline.keys.has(baselineKey(f.code, file, prints[i]))) return f;
    return { ...f, severity: 'information', message: `In the baseline (${name}), so \`ml-hygiene check\` does not report it: ${f.message}`, baselined: name };
  });
}
