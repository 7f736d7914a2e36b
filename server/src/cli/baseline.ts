import * as fs from 'fs';
import * as path from 'path';

import type { ConfigProblem } from '../config/projectConfig';
import { configFor } from '../config/projectConfig';
import { type Baseline, baselineKey, baselineLocation, baselinePath, type BaselineEntry, formatBaseline, projectBaseline, readBaseline } from '../engine/baseline';
import type { FileResult } from './fileResult';

/** The baseline file for a checked file: the one given with --baseline, else its project's. */
function targetFor(file: string, explicit: string | undefined): string {
  return explicit ? path.resolve(explicit) : baselineLocation(configFor(file), process.cwd()).file;
}

/**
 * Writes the current findings as the baseline: all into the --baseline file, else each into its
 * project's baseline file. Returns the files written with their number of entries.
 */
export function writeBaselines(results: readonly FileResult[], explicit: string | undefined): Array<{ file: string; count: number }> {
  const groups = new Map<string, BaselineEntry[]>();
  if (results.length === 0) groups.set(targetFor(path.join(process.cwd(), 'x.py'), explicit), []);
  for (const r of results) {
    const target = targetFor(r.path, explicit);
    const entries = groups.get(target) ?? [];
    groups.set(target, entries);
    const file = baselinePath(target, r.path);
    for (const f of r.findings) entries.push({ code: f.code, file, fingerprint: f.fingerprint, message: f.message });
  }
  for (const [file, entries] of groups) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, formatBaseline(entries));
  }
  return [...groups].map(([file, entries]) => ({ file, count: entries.length }));
}

export interface BaselineOutcome {
  /** The results without the findings their baseline holds. */
  results: FileResult[];
  /** How many findings the baselines held. */
  known: number;
  /** Entries for checked files that match no finding any more (fixed, or changed beyond recognition). */
  stale: number;
  problems: ConfigProblem[];
}

/** Leaves out the findings each file's baseline holds. */
export function applyBaselines(results: readonly FileResult[], explicit: string | undefined): BaselineOutcome {
  const cwd = process.cwd();
  const used = new Map<Baseline, Set<string>>();
  const checked = new Map<Baseline, Set<string>>();
  const problems: ConfigProblem[] = [];
  let known = 0;
  const kept = results.map((r) => {
    const baseline = explicit ? readBaseline(path.resolve(explicit)) : projectBaseline(configFor(r.path), cwd);
    if (!baseline) return r;
    if (!used.has(baseline)) {
      used.set(baseline, new Set());
      checked.set(baseline, new Set());
      problems.push(...baseline.problems);
    }
    const file = baselinePath(baseline.file, r.path);
    checked.get(baseline)!.add(file);
    const findings = r.findings.filter((f) => {
      const key = baselineKey(f.code, file, f.fingerprint);
      if (!baseline.keys.has(key)) return true;
      used.get(baseline)!.add(key);
      known++;
      return false;
    });
    return findings.length === r.findings.length ? r : { ...r, findings };
  });
  let stale = 0;
  for (const [baseline, matched] of used) {
    const files = checked.get(baseline)!;
    for (const key of baseline.keys) if (!matched.has(key) && files.has(key.split('\0')[1])) stale++;
  }
  return { results: kept, known, stale, problems };
}
