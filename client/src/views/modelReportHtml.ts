import type { ScanReport } from '../../../server/src/lsp/scanReportProtocol';

/** The HTML of the model-file scan report (no `vscode` import, so unit tests read it too). */

export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]} (${bytes.toLocaleString('en')} bytes)`;
}

function table(head: string[], rows: string[][], cls = ''): string {
  if (!rows.length) return '';
  const th = head.map((h) => `<th>${escape(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/**
 * The body of a report. Everything the file or the server says is escaped and shown as text:
 * names inside a model file are chosen by whoever made it.
 */
export function reportBody(report: ScanReport, name: string): string {
  const parts: string[] = [];
  const verdict = report.notScanned ? 'not scanned' : report.verdict ?? 'unknown';
  parts.push(`<h1>${escape(name)}</h1>`);
  parts.push(`<p class="verdict verdict-${escape(verdict.replace(/\s/g, '-'))}" id="verdict">Verdict: ${escape(verdict)}${report.inconclusive.length ? ' (inconclusive: the scan did not reach the end)' : ''}</p>`);
  parts.push('<p class="note">Read opcode by opcode by ML Hygiene; nothing in the file was loaded or run.</p>');
  const facts: string[][] = [['Size', size(report.size)]];
  if (report.format) facts.push(['Format (by content)', report.format]);
  if (report.sha256) facts.push(['SHA-256', report.sha256]);
  if (report.notScanned) facts.push(['Not scanned', report.notScanned]);
  if (report.overSizeLimit) parts.push(`<p><button id="scan-anyway" type="button">Scan anyway (reads the whole ${escape(size(report.size))})</button></p>`);
  if (report.bytesRead !== undefined && report.ms !== undefined) facts.push(['Read', `${size(report.bytesRead)} in ${report.ms} ms`]);
  for (const c of report.catalog) facts.push([`Catalog entry ${c.entryId}`, c.matched ? 'the SHA-256 is one it records' : 'the SHA-256 is NOT one it records (MLH305)']);
  parts.push(table(['', ''], facts, 'facts'));
  parts.push('<h2>Imports</h2>');
  parts.push(report.imports.length
    ? table(['Verdict', 'Module', 'Callable', 'Where', 'Count'], report.imports.map((i) => [i.verdict, i.module, i.name, i.member ?? '', String(i.count)]), 'imports')
    : '<p>No imports: the pickles (if any) reference no Python callable.</p>');
  if (report.inconclusive.length) {
    parts.push('<h2>Why the scan is inconclusive</h2>');
    parts.push(`<ul>${report.inconclusive.map((r) => `<li>${escape(r)}</li>`).join('')}</ul>`);
  }
  parts.push('<h2>Findings</h2>');
  parts.push(report.findings.length
    ? table(['Rule', 'Severity', 'Message', 'Offset'], report.findings.map((f) => [f.code, f.severity, f.message, f.offset === undefined ? '' : String(f.offset)]), 'findings')
    : '<p>None.</p>');
  parts.push('<h2>Containers walked</h2>');
  parts.push(report.containers.length ? `<ol>${report.containers.map((c) => `<li>${escape(c)}</li>`).join('')}</ol>` : '<p>None.</p>');
  return parts.join('\n');
}

