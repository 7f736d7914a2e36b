import { createHash } from 'crypto';
import type { Node } from 'web-tree-sitter';

import type { LineIndex } from './lineIndex';
import { commentOf } from './suppressions';
import { statementRows } from './syntax';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * A digest of a finding's statement (a compound statement's header only) as a fingerprint sees
 * it: comments dropped, so adding `# noqa` changes nothing, and whitespace, quote style and
 * trailing commas erased, so reformatting (black, ruff format) changes nothing either.
 */
export function statementContext(root: Node, lines: LineIndex, statement: Node): string {
  const [first, last] = statementRows(statement);
  let text = '';
  for (let row = first; row <= last; row++) {
    const line = lines.lineText(row);
    const comment = commentOf(root, lines, row);
    text += comment ? line.slice(0, line.length - comment.length) : line;
  }
  return sha(text.replace(/\s+/g, '').replace(/'/g, '"').replace(/,([)\]}])/g, '$1'));
}

/**
 * Fingerprints of one file's findings (in the order given, which must be by position): a hash of
 * the rule code and the statement's text, and the occurrence of that pair in the file. It does
 * not hold the line, so it survives code moving up or down and edits to other statements; two
 * identical statements differ by their occurrence index.
 */
export function fingerprints(findings: ReadonlyArray<{ code: string; context?: string }>): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = sha(`${f.code}\0${f.context ?? ''}`);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}:${n}`;
  });
}
