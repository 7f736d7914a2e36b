import type { Tree } from 'web-tree-sitter';

import type { NotebookSource } from '../analysis/notebook/notebookSource';
import type { Finding, Severity } from '../analysis/types';
import { ruleFilter, severityOverrides } from '../config/ruleSelection';
import { shellModelDownload } from '../rules/shell-model-download';
import { type CheckOptions, type CheckResult, checkDocument, projectFor } from './checkDocument';
import { notebookShellFindings } from './notebookShell';

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/**
 * Checks a notebook's code cells as one module: the same rules, configuration and suppressions
 * as a Python file (the notebook's path governs them). Fixes that would write into masked IPython
 * syntax are dropped. The shell commands of its cells (`!wget`, `%%bash`) are read by the same
 * matcher as commands run from Python, and reported under the same code (MLH206).
 */
export function checkNotebook(source: NotebookSource, filePath: string, tree: () => Tree, options: CheckOptions): CheckResult {
  const result = checkDocument(source.text, filePath, tree, options);
  const findings = source.applicable(result.findings);
  if (result.excluded || !source.cells.some((c) => c.shell.length > 0)) return { ...result, findings };
  const shell = shellFindings(source, filePath, tree, options, result);
  if (shell.length === 0) return { ...result, findings };
  return { ...result, findings: [...findings, ...shell].sort((a, b) => a.start - b.start || a.code.localeCompare(b.code)) };
}

/** MLH206 in the cells' shell commands, as the file's selection, severities and trust say. */
function shellFindings(source: NotebookSource, filePath: string, tree: () => Tree, options: CheckOptions, result: CheckResult): Finding[] {
  const { config } = result;
  const status = ruleFilter(config, filePath, options.overrides)(shellModelDownload.code);
  // NOTE: in an untrusted workspace the repository may not switch the rule off (see checkDocument).
  const disabledBy = !status.on && !options.trusted ? status.byRepository : undefined;
  if (!status.on && !disabledBy) return [];
  const project = projectFor(config, filePath, options);
  let severity = severityOverrides(config).get(shellModelDownload.code);
  if (severity && !options.trusted && RANK[severity] < RANK[shellModelDownload.defaultSeverity]) severity = undefined;
  return notebookShellFindings(source, tree, { project, severity, honourSuppressions: options.trusted, disabledBy });
}
