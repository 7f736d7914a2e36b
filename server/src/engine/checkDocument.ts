import * as path from 'path';
import type { Tree } from 'web-tree-sitter';

import { analyze, mayHaveFindings } from '../analysis/analyzer';
import type { ProjectFacts } from '../analysis/project';
import type { Finding, Severity } from '../analysis/types';
import { catalogFor } from '../catalog/fileCatalog';
import { readProjectFacts } from '../config/dependencies';
import { configFor, type ProjectConfig } from '../config/projectConfig';
import { isExcluded, type SelectionOverrides, selectRules } from '../config/ruleSelection';
import { allRules } from '../rules';
import { catalogContextFor } from './catalogContext';

/** How a document is checked: the same for the editor and the CLI. */
export interface CheckOptions {
  /** Trusted workspaces honour the repository's suppressions; untrusted ones show them. */
  trusted: boolean;
  overrides?: SelectionOverrides;
  /** Stop looking for configuration above this folder. */
  stopAt?: string;
  /** The editor's workspace folder: the catalog is looked for up to it (the CLI stops at the repository root). */
  workspaceFolder?: string;
  /** The file is analysed once (the CLI, the workspace scan), not at each edit. */
  oneShot?: boolean;
}

export interface CheckResult {
  findings: Finding[];
  config: ProjectConfig;
  excluded: boolean;
}

const factsCache = new Map<string, ProjectFacts>();
const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** Dependency facts for the project folder that governs a file (cached until cleared). */
export function projectFactsFor(config: ProjectConfig, filePath: string): ProjectFacts {
  const dir = config.file ? config.root : path.dirname(path.resolve(filePath));
  let facts = factsCache.get(dir);
  if (!facts) factsCache.set(dir, (facts = readProjectFacts(dir)));
  return facts;
}

export function clearProjectFacts(): void {
  factsCache.clear();
}

/** What the rules know of the project around a file: dependency facts, trusted sources, the catalog. */
export function projectFor(config: ProjectConfig, filePath: string, options: CheckOptions): ProjectFacts {
  const facts = projectFactsFor(config, filePath);
  const catalog = catalogFor(filePath, options.workspaceFolder);
  // NOTE: an untrusted repository may not vouch for its own download sources.
  const trustedSources = options.trusted ? [...new Set([...(config.settings['trusted-sources'] ?? []), ...(catalog?.trustedSources ?? [])])] : undefined;
  return { ...facts, ...(trustedSources?.length ? { trustedSources } : {}), ...(catalog ? { catalog } : {}) };
}

/**
 * Checks one Python document: finds its configuration, selects its rules, analyses it. The
 * tree is asked for only when the text could produce a finding at all.
 */
export function checkDocument(text: string, filePath: string, tree: () => Tree, options: CheckOptions): CheckResult {
  const config = configFor(filePath, options.stopAt);
  if (isExcluded(config, filePath) && options.trusted) return { findings: [], config, excluded: true };
  const selection = selectRules(allRules, config, filePath, options.overrides);
  // NOTE: the project's facts and catalog are looked up only for a file that may give findings
  // (most files of a tree are decided by the pre-filter alone).
  const context = () => {
    const project = projectFor(config, filePath, options);
    return { project, catalog: catalogContextFor(filePath, config, project.catalog, options.trusted, options.workspaceFolder) };
  };
  if (options.trusted) {
    if (!mayHaveFindings(text, selection.rules)) return { findings: [], config, excluded: false };
    const findings = analyze(tree(), text, { rules: selection.rules, severity: selection.severity, ...context(), honourSuppressions: true, oneShot: options.oneShot });
    return { findings, config, excluded: false };
  }
  // NOTE: in an untrusted workspace the repository may not hide or soften findings: disabled
  // rules still run (and are marked), and severity overrides may only raise a severity.
  const disabled = allRules.filter((r) => selection.disabledByRepository.has(r.code));
  const severity = new Map([...selection.severity].filter(([code, s]) => {
    const rule = allRules.find((r) => r.code === code);
    return rule ? RANK[s] >= RANK[rule.defaultSeverity] : false;
  }));
  const rules = disabled.length ? [...selection.rules, ...disabled] : selection.rules;
  if (!mayHaveFindings(text, rules)) return { findings: [], config, excluded: false };
  const findings = analyze(tree(), text, { rules, severity, ...context(), honourSuppressions: false, oneShot: options.oneShot }).map((f) => {
    const by = selection.disabledByRepository.get(f.code);
    if (!by || f.suppressed) return f;
    return {
      ...f,
      severity: 'information' as const,
      message: `Suppressed by this repository (${by}), shown because the workspace is not trusted: ${f.message}`,
      suppressed: { by: 'configuration' as const, text: by },
    };
  });
  return { findings, config, excluded: false };
}
