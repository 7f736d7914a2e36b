import * as path from 'path';

import type { FileResult } from '../fileResult';

const LABEL = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' } as const;

/**
 * Human-readable output: one line per finding (`path:line:col: CODE [level] message`; in a
 * notebook `path.ipynb:cell 3:line 2:col 9: ...`) and a summary.
 */
export function formatText(results: readonly FileResult[], cwd: string, notes: readonly string[] = []): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  let fixable = 0;
  let fixed = 0;
  for (const r of results) {
    const rel = path.relative(cwd, r.path) || r.path;
    for (const f of r.findings) {
      counts[f.severity]++;
      if (f.fixable) fixable++;
      const at = f.cell ? `cell ${f.cell.index + 1}:line ${f.cell.start.line + 1}:col ${f.cell.start.character + 1}` : `${f.start.line + 1}:${f.start.character + 1}`;
      out.push(`${rel}:${at}: ${f.code} [${LABEL[f.severity]}] ${f.message}${f.fixable ? ' (fixable)' : ''}`);
    }
    fixed += r.fixed;
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const parts = [`${counts.error} error(s)`, `${counts.warning} warning(s)`, `${counts.information + counts.hint} info`];
  if (total === 0) out.push(`All clear: ${results.length} file(s) checked, no problems found.`);
  else out.push(`Found ${total} problem(s) in ${results.length} file(s): ${parts.join(', ')}.`);
  if (fixed > 0) out.push(`Fixed ${fixed} problem(s).`);
  if (fixable > 0) out.push(`${fixable} can be fixed with --fix.`);
  out.push(...notes);
  return out.join('\n');
}
