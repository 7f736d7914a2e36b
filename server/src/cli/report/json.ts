import * as path from 'path';

import type { FileResult } from '../fileResult';

/**
 * Machine-readable output: a flat array of findings with 1-based lines and columns. In a notebook,
 * `cell` (1-based, markdown cells counted) and the line and column in that cell, with
 * `notebookLine`, the line of the `.ipynb` file where that source line is stored.
 */
export function formatJson(results: readonly FileResult[], cwd: string): string {
  const rows = results.flatMap((r) =>
    r.findings.map((f) => ({
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      file: path.relative(cwd, r.path).split(path.sep).join('/'),
      ...(f.cell ? { cell: f.cell.index + 1 } : {}),
      line: (f.cell?.start ?? f.start).line + 1,
      column: (f.cell?.start ?? f.start).character + 1,
      endLine: (f.cell?.end ?? f.end).line + 1,
      endColumn: (f.cell?.end ?? f.end).character + 1,
      ...(f.cell ? { notebookLine: f.start.line + 1 } : {}),
      fix: f.fixTitle ?? null,
      fingerprint: f.fingerprint,
      docs: `docs/rules/${f.code}.md`,
      ...(f.artifact ? { artifact: f.artifact } : {}),
    })),
  );
  return JSON.stringify(rows, null, 2);
}
