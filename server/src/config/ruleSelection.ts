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

/** Applies `select`, `extend-select`, `ignore`, `per-file-ignores` and `severity` to one file. */
export function selectRules(all: readonly Rule[], config: ProjectConfig, filePath: string, overrides: SelectionOverrides = {}): Selection {
  const s = config.settings;
  const select = overrides.select ?? [...(s.select ?? ['MLH']), ...(s['extend-select'] ?? [])];
  const disabledByRepository = new Map<string, string>();
  const fileIgnores = perFileIgnores(config, filePath);
  const rules = all.filter((rule) => {
    if (!matches(rule.code, select)) return false;
    if (overrides.ignore && matches(rule.code, overrides.ignore)) return false;
    if (!overrides.select && s.select && !matches(rule.code, s.select) && !matches(rule.code, s['extend-select'] ?? [])) return false;
    // NOTE: a command-line --select replaces the file's select and ignore (as Ruff's later layer does).
    if (!overrides.select && matches(rule.code, s.ignore ?? [])) {
      disabledByRepository.set(rule.code, '[tool.ml-hygiene] ignore');
      return false;
    }
    const perFile = fileIgnores.find(([, codes]) => matches(rule.code, codes));
    if (perFile) {
      disabledByRepository.set(rule.code, `[tool.ml-hygiene] per-file-ignores "${perFile[0]}"`);
      return false;
    }
    return true;
  });
  const severity = new Map<string, Severity>();
  for (const [code, value] of Object.entries(s.severity ?? {})) severity.set(code, value === 'info' ? 'information' : value);
  return { rules: stable(rules), disabledByRepository, severity };
}

/** True when a path is excluded by `exclude`/`extend-exclude` (relative to the config's folder). */
export function isExcluded(config: ProjectConfig, filePath: string): boolean {
  const globs = [...(config.settings.exclude ?? []), ...(config.settings['extend-exclude'] ?? [])];
  if (globs.length === 0) return false;
  const rel = path.relative(config.root, path.resolve(filePath)).split(path.sep).join('/');
  return globs.some((g) => picomatch(g, { dot: true })(rel) || picomatch(`${g.replace(/\/$/, '')}/**`, { dot: true })(rel));
}
