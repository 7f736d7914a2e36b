import { pathToFileURL } from 'url';

import { rank } from '../artifacts/report';
import { modelFileResult } from '../cli/artifactResult';
import type { ModelScan } from '../engine/scanModel';
import type { ImportVerdict, ScanReport } from './scanReportProtocol';

export type { ScanReport } from './scanReportProtocol';

function verdictOf(level: string): ImportVerdict {
  if (level === 'safe') return 'allowed';
  return rank(level as 'high') >= rank('high') ? 'dangerous' : 'unknown';
}

/** The report of a scan (computed with the file's SHA-256), for the model-file report editor. */
export function scanReport(scan: ModelScan, trusted: boolean): ScanReport {
  const result = modelFileResult(scan, { trusted });
  const s = scan.scan;
  return {
    uri: pathToFileURL(scan.file).toString(),
    size: scan.size,
    ...(s ? { format: s.format, verdict: s.verdict, sha256: s.sha256, bytesRead: s.bytesRead, ms: s.ms } : {}),
    containers: s?.containers ?? [],
    imports: (s?.imports ?? []).map((i) => ({ module: i.module, name: i.name, verdict: verdictOf(i.level), level: i.level, ...(i.member ? { member: i.member } : {}), count: i.count })),
    findings: result.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...(f.artifact?.member ? { member: f.artifact.member } : {}), ...(f.artifact?.offset !== undefined ? { offset: f.artifact.offset } : {}) })),
    inconclusive: (s?.findings ?? []).filter((f) => f.kind === 'inconclusive').map((f) => (f.member ? `[${f.member}] ${f.message}` : f.message)),
    catalog: scan.digests.map((d) => ({ entryId: d.recorded.entryId, entryFile: d.recorded.entryFile, matched: d.matched })),
    ...(scan.skipped || scan.error ? { notScanned: scan.skipped ?? scan.error } : {}),
    ...(scan.skipped ? { overSizeLimit: true as const } : {}),
  };
}
