import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../server/src/analysis/analyzer';
import { LineIndex } from '../../server/src/analysis/lineIndex';
import type { Finding } from '../../server/src/analysis/types';
import { parseAnnotated } from './annotatedSource';
import { findingsOf } from './testParser';

/** Formats findings as `line:start-end CODE severity` for readable diffs. */
function describe(findings: Array<{ line: number; start: number; end: number; code: string; severity?: string }>): string[] {
  return findings.map((f) => `${f.line + 1}:${f.start}-${f.end} ${f.code}${f.severity ? ` ${f.severity}` : ''}`);
}

/**
 * Analyses an annotated fixture and asserts the findings are exactly the annotated ones
 * (the severity is compared where the annotation gives it). Returns the findings for more checks.
 */
export async function expectFindings(annotated: string, options: Partial<AnalysisOptions> = {}): Promise<{ source: string; findings: Finding[] }> {
  const { source, expected } = parseAnnotated(annotated);
  const findings = await findingsOf(source, options);
  const lines = new LineIndex(source);
  const actual = findings.map((f) => {
    const a = lines.positionAt(f.start);
    const b = lines.positionAt(f.end);
    const e = expected.find((x) => x.line === a.line && x.start === a.character && x.code === f.code);
    return { line: a.line, start: a.character, end: b.line === a.line ? b.character : a.character + (f.end - f.start), code: f.code, severity: e?.severity ? f.severity : undefined };
  });
  assert.deepEqual(describe(actual), describe(expected), findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  return { source, findings };
}
