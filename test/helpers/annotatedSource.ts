/**
 * Fixtures with inline expectations, after rust-analyzer's annotations, as Python comments:
 *
 *     x = torch.load(p)
 *     #   ^^^^^^^^^^ MLH110 warning
 *
 * Caret lines refer to the nearest code line above them and are removed before analysis.
 */
export interface Expected {
  line: number;
  start: number;
  end: number;
  code: string;
  severity?: string;
}

const ANNOTATION = /^(\s*#\s*)(\^+)\s+(MLH\d{3})(?:\s+(error|warning|information|hint))?\s*$/;

export function parseAnnotated(annotated: string): { source: string; expected: Expected[] } {
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of annotated.split('\n')) {
    const m = ANNOTATION.exec(line);
    if (!m) {
      kept.push(line);
      continue;
    }
    const start = m[1].length;
    expected.push({ line: kept.length - 1, start, end: start + m[2].length, code: m[3], severity: m[4] });
  }
  return { source: kept.join('\n'), expected };
}
