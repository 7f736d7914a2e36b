import { createHash } from 'crypto';
import * as path from 'path';

import type { Severity } from '../../analysis/types';
import { allRuleMeta } from '../../rules';
import type { FileResult } from '../fileResult';
import { packageJson } from '../packageInfo';

/** The version of GitLab's security report schema (sast-report-format.json) this output follows. */
export const GITLAB_SAST_VERSION = '15.2.1';

const SEVERITY: Record<Severity, string> = { error: 'High', warning: 'Medium', information: 'Low', hint: 'Info' };

/** GitLab's timestamps: UTC, to the second, without a zone suffix. */
const timestamp = (d: Date) => d.toISOString().slice(0, 19);

/** A UUID made from the file and the baseline fingerprint, so a finding keeps its id across pipelines. */
function stableId(file: string, code: string, fingerprint: string): string {
  const h = createHash('sha256').update(`${file}\0${code}\0${fingerprint}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * GitLab's SAST report (`artifacts: reports: sast:`), which its merge requests and vulnerability
 * report read: one vulnerability per finding, identified by the rule and its CWE.
 */
export function formatGitlabSast(results: readonly FileResult[], cwd: string, started: Date, ended: Date): string {
  const meta = new Map(allRuleMeta.map((r) => [r.code, r]));
  const version = packageJson().version;
  const tool = { id: 'ml-hygiene', name: 'ML Hygiene', version, vendor: { name: 'ML Hygiene' } };
  const vulnerabilities = results.flatMap((r) => {
    const file = path.relative(cwd, r.path).split(path.sep).join('/');
    return r.findings.map((f) => {
      const rule = meta.get(f.code);
      const identifiers: Array<{ type: string; name: string; value: string; url?: string }> = [{ type: 'ml_hygiene_rule_id', name: `${f.code} ${f.name}`, value: f.code }];
      if (rule) identifiers.push({ type: 'cwe', name: `CWE-${rule.cwe}`, value: String(rule.cwe), url: `https://cwe.mitre.org/data/definitions/${rule.cwe}.html` });
      return {
        id: stableId(file, f.code, f.fingerprint),
        name: rule?.title ?? f.name,
        description: `${f.message} See docs/rules/${f.code}.md.`,
        severity: SEVERITY[f.severity],
        ...(f.fixTitle ? { solution: f.fixTitle } : {}),
        identifiers,
        location: { file, start_line: f.start.line + 1, end_line: f.end.line + 1 },
      };
    });
  });
  const report = {
    version: GITLAB_SAST_VERSION,
    scan: { analyzer: tool, scanner: tool, type: 'sast', start_time: timestamp(started), end_time: timestamp(ended), status: 'success' },
    vulnerabilities,
  };
  return JSON.stringify(report, null, 2);
}
