import { fingerprints } from '../analysis/fingerprint';
import type { Position } from '../analysis/types';
import { configFor } from '../config/projectConfig';
import { ruleFilter, severityOverrides } from '../config/ruleSelection';
import type { RuleMeta } from '../rules/defineRule';
import { unreadableFile } from '../rules/unreadable-file';
import type { CheckFileOptions, FileResult, ReportedFinding } from './fileResult';

/**
 * One finding on a file that could not be checked (MLH002, MLH003), unless the selection (command
 * line, `[tool.ml-hygiene]` select/ignore/per-file-ignores) leaves it out; its severity may be
 * overridden.
 */
export function problemResult(file: string, rule: RuleMeta, reason: string, options: CheckFileOptions, at: Position = { line: 0, character: 0 }): FileResult {
  const config = configFor(file);
  const selected = ruleFilter(config, file, { select: options.select, ignore: options.ignore })(rule.code).on;
  const findings: ReportedFinding[] = !selected ? [] : [{
    code: rule.code,
    name: rule.name,
    severity: severityOverrides(config).get(rule.code) ?? rule.defaultSeverity,
    message: `Not checked: ${reason}`,
    start: at,
    end: at,
    fixable: false,
    fingerprint: fingerprints([{ code: rule.code }])[0],
  }];
  return { path: file, findings, fixed: 0, configProblems: config.problems, error: reason };
}

/** MLH002 for a file that could not be read or decoded. */
export function unreadableResult(file: string, reason: string, options: CheckFileOptions): FileResult {
  return problemResult(file, unreadableFile, reason, options);
}
