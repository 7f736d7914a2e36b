import * as path from 'path';

import type { FileResult } from '../fileResult';

/** Machine-readable output: a flat array of findings with 1-based lines and columns. */
export function formatJson(results: readonly FileResult[], cwd: string): string {
  const rows = results.flatMap((r) =>
    r.findings.map((f) => ({
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      file: path.relative(cwd, r.path).split(path.sep).join('/'),
      line: f.start.line + 1,
      column: f.start.character + 1,
      endLine: f.end.line + 1,
      endColumn: f.end.character + 1,
      fix: f.fixTitle ?? null,
      fingerprint: f.fingerprint,
      docs: `docs/rules/${f.code}.md`,
      ...(f.artifact ? { artifact: f.artifact } : {}),
    })),
  );
  return JSON.stringify(rows, null, 2);
}
