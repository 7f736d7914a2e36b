import { fingerprints } from '../analysis/fingerprint';
import type { Severity } from '../analysis/types';
import type { Level } from '../artifacts/policy';
import type { ArtifactFinding, FindingKind } from '../artifacts/report';
import { scanFile } from '../artifacts/scan';
import { configFor } from '../config/projectConfig';
import { ruleFilter, severityOverrides } from '../config/ruleSelection';
import { artifactRules } from '../rules';
import type { CheckFileOptions, FileResult, ReportedFinding } from './fileResult';

const CODE: Record<FindingKind, string> = {
  'dangerous-import': 'MLH401',
  'unknown-import': 'MLH402',
  inconclusive: 'MLH403',
  anomaly: 'MLH404',
  keras: 'MLH405',
};
/** Critical and high findings are errors, medium warnings, low information (as SARIF levels). */
const SEVERITY: Record<Level, Severity> = { critical: 'error', high: 'error', medium: 'warning', low: 'information' };
const ORIGIN = { line: 0, character: 0 };

function reported(f: ArtifactFinding, overrides: Map<string, Severity>): Omit<ReportedFinding, 'fingerprint'> {
  const code = CODE[f.kind];
  const meta = artifactRules.find((r) => r.code === code)!;
  return {
    code,
    name: meta.name,
    severity: overrides.get(code) ?? SEVERITY[f.level],
    message: f.member ? `[${f.member}] ${f.message}` : f.message,
    start: ORIGIN,
    end: ORIGIN,
    fixable: false,
    artifact: { level: f.level, member: f.member, offset: f.offset, module: f.module, name: f.name },
  };
}

/**
 * Scans one model file (content decides the format) and reports its findings as MLH4xx on line 1,
 * with the selection and severity overrides of its `[tool.ml-hygiene]`. Never throws.
 */
export async function artifactResult(file: string, options: Pick<CheckFileOptions, 'select' | 'ignore'>): Promise<FileResult> {
  const config = configFor(file);
  const on = ruleFilter(config, file, { select: options.select, ignore: options.ignore });
  const overrides = severityOverrides(config);
  let findings: ArtifactFinding[];
  let error: string | undefined;
  try {
    findings = (await scanFile(file)).findings;
  } catch (err) {
    error = `cannot read the file: ${(err as Error).message}`;
    findings = [{ kind: 'inconclusive', level: 'medium', message: `Not scanned: ${error}` }];
  }
  const kept = findings.map((f) => reported(f, overrides)).filter((f) => on(f.code).on);
  // NOTE: a model file has no statements: what it imports, and from which member, identifies a finding.
  const prints = fingerprints(kept.map((f) => ({ code: f.code, context: [f.artifact?.member, f.artifact?.module, f.artifact?.name, f.message].join('\0') })));
  const out: ReportedFinding[] = kept.map((f, i) => ({ ...f, fingerprint: prints[i] }));
  return { path: file, findings: out, fixed: 0, configProblems: config.problems, ...(error ? { error } : {}) };
}
