import type { Node } from 'web-tree-sitter';

import type { RuleMeta } from '../rules/defineRule';
import type { LineIndex } from './lineIndex';
import { parentOf } from './parents';
import { statementOf, statementRows } from './syntax';
import type { Suppression, TextEdit } from './types';

const NOQA = /#\s*noqa\s*:\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)/i;
const NOSEC = /#\s*nosec\b(?:\s*:?\s*([A-Za-z][0-9]+(?:\s*,\s*[A-Za-z][0-9]+)*))?/;

/** The comment part of a line (from its first `#` that the parser sees as a comment). */
export function commentOf(root: Node, lines: LineIndex, row: number): string | undefined {
  const text = lines.lineText(row);
  const base = lines.lineStart(row);
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (root.descendantForIndex(base + i, base + i + 1)?.type === 'comment') return text.slice(i);
  }
  return undefined;
}

function matches(comment: string, rule: RuleMeta): Suppression | undefined {
  const noqa = NOQA.exec(comment);
  if (noqa) {
    const codes = noqa[1].toUpperCase().split(/[\s,]+/);
    if (codes.includes(rule.code) || rule.noqa?.some((c) => codes.includes(c))) {
      return { by: 'noqa', text: noqa[0] };
    }
  }
  const nosec = NOSEC.exec(comment);
  if (nosec && rule.family !== 'save') {
    const codes = nosec[1]?.toUpperCase().split(/\s*,\s*/);
    const bareApplies = rule.family === 'deserialization';
    if (codes ? rule.nosec?.some((c) => codes.includes(c)) : bareApplies) return { by: 'nosec', text: nosec[0] };
  }
  return undefined;
}

/** The statement a finding at `offset` belongs to, for suppression comments. */
export function statementAt(root: Node, offset: number): Node {
  return statementOf(root.descendantForIndex(offset, offset) ?? root);
}

/**
 * The comment that silences a finding: `# noqa: CODE` (or a matching `# nosec`) on any line of
 * its statement, or on a comment-only line directly above the statement.
 */
export function findSuppression(root: Node, lines: LineIndex, statement: Node, rule: RuleMeta): Suppression | undefined {
  const [first, last] = statementRows(statement);
  for (let row = first; row <= last; row++) {
    const comment = commentOf(root, lines, row);
    const hit = comment && matches(comment, rule);
    if (hit) return hit;
  }
  if (first > 0 && /^\s*#/.test(lines.lineText(first - 1))) {
    return matches(lines.lineText(first - 1).trim(), rule);
  }
  return undefined;
}

/** Node types that cannot be inside a string literal. */
const STATEMENT_LEVEL = /^(?:module|block|.+_statement|.+_definition)$/;

/** True when a line ends inside a string literal (even right after its opening quotes). */
function endsInsideString(root: Node, lines: LineIndex, row: number): boolean {
  const text = lines.lineText(row);
  const end = lines.lineStart(row) + text.length;
  let inside = text.length > 0 ? root.descendantForIndex(end - 1, end) : null;
  // NOTE: a string is an expression, so the climb ends at the first statement or block: climbing
  // to the module for every finding cost a tenth of an edit's analysis in a dense file.
  while (inside && inside.type !== 'string' && inside.type !== 'comment' && !STATEMENT_LEVEL.test(inside.type)) inside = parentOf(inside);
  return inside?.type === 'string' && inside.endIndex > end;
}

/** The edit that puts the code in a row's comment, or undefined when no comment can go there. */
function endOfLineNoqa(root: Node, lines: LineIndex, statement: Node, code: string): TextEdit | undefined {
  const row = statement.startPosition.row;
  const text = lines.lineText(row);
  const end = lines.lineStart(row) + text.length;
  // NOTE: a statement that ends on its first line, with nothing but a comment after it, cannot
  // leave that line inside a string: the tree need not be asked (most findings are such).
  const oneLine = statement.endIndex <= end && /^[ \t;]*(?:#.*)?$/.test(text.slice(statement.endIndex - lines.lineStart(row)));
  const comment = commentOf(root, lines, row);
  const existing = comment ? NOQA.exec(comment) : null;
  if (comment && existing) {
    const at = end - comment.length + existing.index + existing[0].length;
    return { start: at, end: at, newText: `, ${code}` };
  }
  // NOTE: a comment cannot follow a backslash continuation, nor go inside a multi-line string.
  if (!comment && (/\\$/.test(text) || (!oneLine && endsInsideString(root, lines, row)))) return undefined;
  return { start: end, end, newText: `  # noqa: ${code}` };
}

/**
 * The edit that adds `# noqa: CODE` where {@link findSuppression} reads it: on the statement's
 * first line (kept comments stay, the code joins an existing `# noqa:` list), or, when that line
 * cannot hold a comment, on a comment-only line directly above the statement (joining the
 * `# noqa:` already there), in the file's line ending.
 */
export function noqaEdit(root: Node, lines: LineIndex, statement: Node, code: string): TextEdit {
  const first = statement.startPosition.row;
  const edit = endOfLineNoqa(root, lines, statement, code);
  if (edit) return edit;
  const above = first > 0 ? lines.lineText(first - 1) : '';
  const existing = /^\s*#/.test(above) ? NOQA.exec(above) : null;
  if (existing) {
    const at = lines.lineStart(first - 1) + existing.index + existing[0].length;
    return { start: at, end: at, newText: `, ${code}` };
  }
  const text = lines.lineText(first);
  const start = lines.lineStart(first);
  const eol = lines.text.startsWith('\r\n', start + text.length) ? '\r\n' : '\n';
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  return { start, end: start, newText: `${indent}# noqa: ${code}${eol}` };
}
