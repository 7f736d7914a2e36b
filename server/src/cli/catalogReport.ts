import * as path from 'path';

import type { LoadedCatalog } from '../catalog/fileCatalog';
import { tiersOf } from '../catalog/policy';
import type { EntryRecord } from '../catalog/readEntry';

const LABEL = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' } as const;

/** An entry's state in one word: invalid, incomplete (for its criticality or tier) or ok. */
export function entryState(r: EntryRecord): 'invalid' | 'incomplete' | 'ok' {
  return !r.valid ? 'invalid' : r.missing.length ? 'incomplete' : 'ok';
}

export function validationFails(catalog: LoadedCatalog, strict: boolean): boolean {
  const bad = !catalog.policy.valid || catalog.records.some((r) => !r.valid);
  return bad || (strict && catalog.records.some((r) => r.missing.length > 0));
}

/** `file:line:col: level message` for every problem, then a summary line. */
export function formatValidation(catalog: LoadedCatalog, cwd: string, strict: boolean): string {
  const lines = catalog.problems().map((p) => {
    const level = strict && p.severity === 'information' && p.message.startsWith('incomplete') ? 'error' : LABEL[p.severity];
    return `${path.relative(cwd, p.file) || p.file}:${p.start.line + 1}:${p.start.character + 1}: ${level} ${p.message}`;
  });
  const count = (s: string) => catalog.records.filter((r) => entryState(r) === s).length;
  const policy = catalog.policy.file ? (catalog.policy.valid ? 'policy ok' : 'policy INVALID (the default policy applies)') : 'no policy.yaml (the default policy applies)';
  lines.push(`${catalog.records.length} entr${catalog.records.length === 1 ? 'y' : 'ies'} in ${path.relative(cwd, catalog.dir) || catalog.dir}: ${count('ok')} ok, ${count('incomplete')} incomplete for their criticality or tier, ${count('invalid')} invalid; ${policy}.`);
  if (validationFails(catalog, strict)) lines.push(strict ? 'Validation failed (--strict: incomplete entries fail too).' : 'Validation failed.');
  return lines.join('\n');
}

/** The entries as a table (or JSON rows): id, criticality, tiers, lifecycle, owners, version, state. */
export function formatCatalogList(catalog: LoadedCatalog, cwd: string, format: 'text' | 'json'): string {
  const rows = catalog.records.map((r) => ({
    id: r.id,
    file: path.relative(cwd, r.file) || r.file,
    state: entryState(r),
    title: r.entry?.title,
    criticality: r.entry?.criticality,
    environments: r.entry ? tiersOf(r.entry) : [],
    lifecycle: r.entry?.lifecycle,
    owners: r.entry?.owners,
    currentVersion: r.entry?.currentVersion ?? r.entry?.versions?.at(-1)?.version,
    missing: r.missing.map((m) => m.field),
    problems: r.problems.length,
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return `No model declared yet in ${path.relative(cwd, catalog.dir) || catalog.dir}.`;
  const table = [['ID', 'CRITICALITY', 'ENVIRONMENTS', 'LIFECYCLE', 'TECHNICAL OWNER', 'BUSINESS OWNER', 'VERSION', 'STATE']];
  for (const r of rows) {
    const state = r.state === 'invalid' ? `invalid (${r.problems} error${r.problems === 1 ? '' : 's'})` : r.state === 'incomplete' ? `incomplete (${r.missing.join(', ')})` : 'ok';
    table.push([r.id, r.criticality ?? '-', r.environments.join(',') || '-', r.lifecycle ?? '-', r.owners?.technical ?? '-', r.owners?.business ?? '-', r.currentVersion ?? '-', state]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}
