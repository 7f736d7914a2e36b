import * as path from 'path';
import { pathToFileURL } from 'url';

import type { Severity } from '../../analysis/types';
import { allRuleMeta } from '../../rules';
import type { FileResult } from '../fileResult';
import { packageJson, ruleDocs } from '../packageInfo';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.8', warning: '7.5', information: '4.0', hint: '2.0' };

function repositoryUrl(): string | undefined {
  const repo = packageJson().repository;
  const url = typeof repo === 'string' ? repo : repo?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

function rules() {
  const base = repositoryUrl();
  return allRuleMeta.map((r) => ({
    id: r.code,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.title },
    help: { text: `See docs/rules/${r.code}.md`, markdown: ruleDocs(r.code) ?? `# ${r.code} ${r.name}\n\n${r.title}` },
    ...(base ? { helpUri: `${base}/blob/main/docs/rules/${r.code}.md` } : {}),
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { tags: ['security', `external/cwe/cwe-${r.cwe}`], precision: 'high', 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] },
  }));
}

/** SARIF 2.1.0 for code-scanning tools: rule metadata with help from the docs pages. */
export function formatSarif(results: readonly FileResult[], cwd: string): string {
  const table = rules();
  const index = new Map(table.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: index.get(f.code) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.message },
      // The baseline's fingerprint: code scanning matches results across runs by it.
      partialFingerprints: { 'mlHygiene/v1': f.fingerprint },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: path.relative(cwd, r.path).split(path.sep).join('/'), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.start.line + 1, startColumn: f.start.character + 1, endLine: f.end.line + 1, endColumn: f.end.character + 1 },
        },
      }],
      // NOTE: in a notebook the region is in the .ipynb file itself (where code scanning points);
      // the cell and the position in it are for people and tools that know notebooks.
      ...(f.cell ? { properties: { cell: f.cell.index + 1, cellLine: f.cell.start.line + 1, cellColumn: f.cell.start.character + 1 } } : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'ml-hygiene', version: packageJson().version, semanticVersion: packageJson().version, rules: table } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).toString() } },
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  };
  return JSON.stringify(log, null, 2);
}
