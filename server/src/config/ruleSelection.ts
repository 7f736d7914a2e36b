import * as path from 'path';
import picomatch from 'picomatch';

import type { Severity } from '../analysis/types';
import type { Rule } from '../rules/defineRule';
import type { ProjectConfig } from './projectConfig';

/** Overrides from the command line, which win over the configuration file. */
export interface SelectionOverrides {
  select?: string[];
  ignore?: string[];
}

/** The rules that apply to one file, and those the repository switched off for it. */
export interface Selection {
  rules: readonly Rule[];
  /** Rules the repository's configuration disables here, with the setting that does it. */
  disabledByRepository: Map<string, string>;
  severity: Map<string, Severity>;
}

const matches = (code: string, selectors: readonly string[]) => selectors.some((s) => code.startsWith(s));
const memo = new Map<string, readonly Rule[]>();

/** Keeps one array per distinct rule set, so per-rule-set plans are built once. */
function stable(rules: Rule[]): readonly Rule[] {
  const key = rules.map((r) => r.code).join(',');
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = rules));
  return hit;
}

function perFileIgnores(config: ProjectConfig, filePath: string): Array<[string, string[]]> {
  const rel = path.relative(config.root, path.resolve(filePath)).split(path.sep).join('/');
  return Object.entries(config.settings['per-file-ignores'] ?? {}).filter(([glob]) =>
    picomatch(glob, { dot: true, basename: !glob.includes('/') })(rel),
  );
}

/** Whether a rule runs on a file; when the repository's configuration turns it off, the setting that does. */
export type RuleStatus = { on: true } | { on: false; byRepository?: string };

/**
 * The selection for one file, as a test on rule codes: `select`/`extend-select`, `ignore` and
 * `per-file-ignores` from the file's configuration, with command-line overrides on top.
 */
export function ruleFilter(config: ProjectConfig, filePath: string, overrides: SelectionOverrides = {}): (code: string) => RuleStatus {
  const s = config.settings;
  const select = overrides.select ?? [...(s.select ?? ['MLH']), ...(s['extend-select'] ?? [])];
  const fileIgnores = perFileIgnores(config, filePath);
  return (code) => {
    if (!matches(code, select)) return { on: false };
    if (overrides.ignore && matches(code, overrides.ignore)) return { on: false };
    // NOTE: a command-line --select replaces the file's select and ignore (as Ruff's later layer does).
    if (!overrides.select && matches(code, s.ignore ?? [])) return { on: false, byRepository: '[tool.ml-hygiene] ignore' };
    const perFile = fileIgnores.find(([, codes]) => matches(code, codes));
    if (perFile) return { on: false, byRepository: `[tool.ml-hygiene] per-file-ignores "${perFile[0]}"` };
    return { on: true };
  };
}

/** The `severity` overrides of a configuration (`info` spelled out as `information`). */
export function severityOverrides(config: ProjectConfig): Map<string, Severity> {
  const severity = new Map<string, Severity>();
  for (const [code, value] of Object.entries(config.settings.severity ?? {})) severity.set(code, value === 'info' ? 'information' : value);
  return severity;
}

/** Applies `select`, `extend-select`, `ignore`, `per-file-ignores` and `severity` to one file. */
export function selectRules(all: readonly Rule[], config: ProjectConfig, filePath: string, overrides: SelectionOverrides = {}): Selection {
  const status = ruleFilter(config, filePath, overrides);
  const disabledByRepository = new Map<string, string>();
  const rules = all.filter((rule) => {
    const st = status(rule.code);
    if (!st.on && st.byRepository) disabledByRepository.set(rule.code, st.byRepository);
    return st.on;
  });
  return { rules: stable(rules), disabledByRepository, severity: severityOverrides(config) };
}

/** True when a path is excluded by `exclude`/`extend-exclude` (relative to the config's folder). */
export function isExcluded(config: ProjectConfig, filePath: string): boolean {
  const globs = [...(config.settings.exclude ?? []), ...(config.settings['extend-exclude'] ?? [])];
  if (globs.length === 0) return false;
  const rel = path.relative(config.root, path.resolve(filePath)).split(path.sep).join('/');
  return globs.some((g) => picomatch(g, { dot: true })(rel) || picomatch(`${g.replace(/\/$/, '')}/**`, { dot: true })(rel));
}
