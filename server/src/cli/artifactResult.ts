import * as path from 'path';

import { fingerprints } from '../analysis/fingerprint';
import type { Severity } from '../analysis/types';
import type { Level } from '../artifacts/policy';
import type { ArtifactFinding, FindingKind } from '../artifacts/report';
import type { CatalogProblem } from '../catalog/yamlSource';
import { configFor } from '../config/projectConfig';
import { isExcluded, ruleFilter, severityOverrides } from '../config/ruleSelection';
import { type ModelScan, scanModel, type ScanModelOptions } from '../engine/scanModel';
import { artifactRules } from '../rules';
import { modelDigestMismatch } from '../rules/model-digest-mismatch';
import { modelScanInconclusive } from '../rules/model-scan-inconclusive';
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

type Unprinted = Omit<ReportedFinding, 'fingerprint'>;

function reported(f: ArtifactFinding, overrides: Map<string, Severity>): Unprinted {
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

/** MLH305 on the model file and an Information on the entry's YAML, for each digest mismatch. */
function digestFindings(scan: ModelScan, overrides: Map<string, Severity>): { findings: Unprinted[]; notes: CatalogProblem[] } {
  const findings: Unprinted[] = [];
  const notes: CatalogProblem[] = [];
  const computed = scan.scan?.digests;
  if (!computed) return { findings, notes };
  for (const { recorded } of scan.digests.filter((d) => !d.matched)) {
    const versions = [...new Set(recorded.versions)].map((v) => (v === 'match' ? 'match.hashes' : `version ${v}`)).join(', ');
    // The file's digest in each algorithm the entry records: `SHA-256 9f86…`.
    const sha = [...new Set(recorded.algs)].map((alg) => `${alg} ${computed[alg] ?? '?'}`).join(', ');
    findings.push({
      code: modelDigestMismatch.code,
      name: modelDigestMismatch.name,
      severity: overrides.get(modelDigestMismatch.code) ?? modelDigestMismatch.defaultSeverity,
      message: `The file's ${sha} matches none of the ${recorded.digests.length} digest(s) the catalog entry "${recorded.entryId}" records (${versions}): the file changed after it was recorded (tampering?) or is a retrain never recorded as a version`,
      start: ORIGIN,
      end: ORIGIN,
      fixable: false,
    });
    const alg = computed['SHA-256'] ? 'SHA-256' : recorded.algs[0];
    const content = computed[alg];
    notes.push({
      file: recorded.entryFile,
      start: recorded.start,
      end: recorded.end,
      severity: 'information',
      ...(content && scan.scan ? { unrecorded: { file: path.resolve(scan.file), base: recorded.base, scanFormat: scan.scan.format, sizeBytes: scan.size, digest: { alg, content } } } : {}),
      message: `${scan.file} is under match.paths but its ${sha} is not among the digests recorded here (${modelDigestMismatch.code}): record it as a new version if it is a retrain, or find out who changed it`,
    });
  }
  return { findings, notes };
}

/** Options of a model-file scan: the selection, and in the editor trust, the size cap and the folder. */
export type ArtifactOptions = Pick<CheckFileOptions, 'select' | 'ignore' | 'trusted'> & Pick<ScanModelOptions, 'maxBytes' | 'stopAt'>;

/** A scan as a FileResult: MLH4xx on line 1, MLH305 for digest mismatches, the YAML notes aside. */
export function modelFileResult(scan: ModelScan, options: ArtifactOptions): FileResult {
  const file = scan.file;
  const config = configFor(file);
  const on = ruleFilter(config, file, { select: options.select, ignore: options.ignore });
  const overrides = severityOverrides(config);
  const found: ArtifactFinding[] = scan.scan?.findings ?? (scan.error ? [{ kind: 'inconclusive', level: 'medium', message: `Not scanned: ${scan.error}` }] : []);
  const own = found.map((f) => reported(f, overrides));
  if (scan.skipped) {
    // NOTE: the editor's size cap is a choice, not a problem of the file: Information, so it is
    // seen in the Problems panel without counting as a warning.
    own.push({ ...reported({ kind: 'inconclusive', level: 'low', message: `Not scanned: ${scan.skipped}` }, overrides), severity: overrides.get(modelScanInconclusive.code) ?? 'information' });
  }
  const digest = digestFindings(scan, overrides);
  const kept = [...own, ...digest.findings].filter((f) => on(f.code).on);
  // NOTE: a model file has no statements: what it imports, and from which member, identifies a finding.
  const prints = fingerprints(kept.map((f) => ({ code: f.code, context: [f.artifact?.member, f.artifact?.module, f.artifact?.name, f.message].join('\0') })));
  const out: ReportedFinding[] = kept.map((f, i) => ({ ...f, fingerprint: prints[i] }));
  const notes = on(modelDigestMismatch.code).on ? digest.notes : [];
  return { path: file, findings: out, fixed: 0, configProblems: config.problems, ...(scan.error ? { error: scan.error } : {}), ...(notes.length ? { catalogNotes: notes } : {}) };
}

/**
 * Scans one model file (content decides the format) and reports its findings as MLH4xx on line 1,
 * with the selection and severity overrides of its `[tool.ml-hygiene]`; a file under a catalog
 * entry's `match.paths` is hashed in the same read and its digest compared (MLH305). A file the
 * configuration excludes gives nothing (in a trusted workspace, as for Python files). Never throws.
 */
export async function artifactResult(file: string, options: ArtifactOptions): Promise<FileResult> {
  const config = configFor(file);
  if (options.trusted !== false && isExcluded(config, file)) return { path: file, findings: [], fixed: 0, configProblems: config.problems };
  const scan = await scanModel(file, { maxBytes: options.maxBytes, stopAt: options.stopAt });
  return modelFileResult(scan, options);
}
