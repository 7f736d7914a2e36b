import type { Node } from 'web-tree-sitter';

import type { ModuleIndex } from './moduleIndex';
import type { TextEdit } from './types';

/** Replaces a node's text. */
export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, newText };
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/**
 * Sets `name=value` on a call: replaces the value of an existing keyword, or appends the keyword
 * after the last argument, on its own line when the arguments are laid out one per line.
 */
export function setKeyword(call: Node, name: string, value: string, text: string): TextEdit {
  const list = call.childForFieldName('arguments');
  if (!list) throw new Error('call without arguments');
  const args = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  for (const arg of args) {
    if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) {
      const v = arg.childForFieldName('value');
      if (v) return replaceNode(v, value);
    }
  }
  const last = args[args.length - 1];
  if (!last) return { start: list.startIndex + 1, end: list.startIndex + 1, newText: `${name}=${value}` };
  const ownLine = last.startPosition.row > list.startPosition.row;
  const sep = ownLine ? `,\n${lineIndent(text, last.startIndex)}` : ', ';
  return { start: last.endIndex, end: last.endIndex, newText: `${sep}${name}=${value}` };
}

/** Removes one argument with the comma that separates it from its neighbour. */
export function removeArgument(arg: Node, text: string): TextEdit {
  const next = arg.nextSibling;
  if (next?.type === ',') {
    let end = next.endIndex;
    while (text[end] === ' ') end++;
    // NOTE: an argument on a line of its own takes its line with it (no blank line is left).
    const lineStart = text.lastIndexOf('\n', arg.startIndex - 1) + 1;
    if (text[end] === '\n' && /^[ \t]*$/.test(text.slice(lineStart, arg.startIndex)) && next.nextSibling?.type !== ')') {
      return { start: lineStart, end: end + 1, newText: '' };
    }
    const following = next.nextSibling;
    if (following?.type === ')') end = next.endIndex;
    const prev = arg.previousSibling;
    if (following?.type === ')' && prev?.type === ',') return { start: prev.startIndex, end: next.endIndex, newText: '' };
    return { start: arg.startIndex, end, newText: '' };
  }
  const prev = arg.previousSibling;
  if (prev?.type === ',') return { start: prev.startIndex, end: arg.endIndex, newText: '' };
  return { start: arg.startIndex, end: arg.endIndex, newText: '' };
}

/** The end offsets of the module's top-level import statements, in order, found once per module. */
function topLevelImportEnds(index: ModuleIndex): number[] {
  return index.memo('edits.importEnds', () => {
    const { text, root } = index;
    const ends: number[] = [];
    const re = /^(?:import|from)[ \t]+[\w.]/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let statement: Node | null = root.descendantForIndex(m.index, m.index + 4);
      while (statement && statement.type !== 'import_statement' && statement.type !== 'import_from_statement') {
        statement = statement.parent;
      }
      if (statement?.parent?.type === 'module') ends.push(statement.endIndex);
    }
    return ends;
  });
}

/**
 * Where a new top-level import goes: after the last top-level import before `before`. The
 * imports are listed once per module: a file with thousands of fixes asks once per fix.
 */
function importInsertionOffset(index: ModuleIndex, before: number): number {
  const { text, root } = index;
  let offset = -1;
  for (const end of topLevelImportEnds(index)) {
    if (end > before) break;
    offset = end;
  }
  if (offset === -1) {
    const doc = root.firstNamedChild;
    if (doc?.type === 'expression_statement' && doc.firstNamedChild?.type === 'string') offset = doc.endIndex;
  }
  if (offset === -1) {
    const header = /^(?:#[^\n]*\n)*/.exec(text)?.[0] ?? '';
    return header.length;
  }
  const eol = text.indexOf('\n', offset);
  return eol === -1 ? text.length : eol + 1;
}

/** Whether a line `import a.b` exists, tested once per module (fixes ask once per finding). */
function importsDotted(index: ModuleIndex, module: string): boolean {
  return index.memo(`importsDotted.${module}`, () =>
    new RegExp(`^import[ \\t]+${module.replace(/\./g, '\\.')}[ \\t]*(?:#.*)?$`, 'm').test(index.text),
  );
}

/**
 * A name through which `module` can be used at `at`: an existing import of it when one is
 * visible, otherwise the module's own name with an edit that adds `import module`.
 */
export function moduleReference(index: ModuleIndex, module: string, at: Node): { name: string; edits: TextEdit[] } {
  for (const imported of index.imports()) {
    if (imported.star || imported.path !== module) continue;
    if (index.resolveName(imported.name, at)?.path === module) return { name: imported.name, edits: [] };
  }
  // `import skops.io` binds `skops` only; the line itself shows `skops.io` is loaded.
  const head = module.split('.')[0];
  if (module !== head && importsDotted(index, module) && index.resolveName(head, at)?.path === head) return { name: module, edits: [] };
  const offset = importInsertionOffset(index, at.startIndex);
  const atEnd = offset === index.text.length && !index.text.endsWith('\n') && offset > 0;
  return { name: module, edits: [{ start: offset, end: offset, newText: `${atEnd ? '\n' : ''}import ${module}\n` }] };
}

/**
 * Inserts lines after a statement, at its indentation (`lines` are indented by four spaces per
 * level; a tab-indented statement gets tabs). Undefined when the statement does not start its
 * line or shares its last line with other code (`a(); b()`, `if x: a()`), where no line fits.
 */
export function insertLinesAfter(statement: Node, lines: readonly string[], text: string): TextEdit | undefined {
  const indent = lineIndent(text, statement.startIndex);
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (lineStart + indent.length !== statement.startIndex) return undefined;
  let eol = text.indexOf('\n', statement.endIndex);
  if (eol === -1) eol = text.length;
  if (text[eol - 1] === '\r') eol--;
  if (!/^[ \t]*(?:#.*)?$/.test(text.slice(statement.endIndex, eol))) return undefined;
  const newline = text[eol] === '\r' ? '\r\n' : '\n';
  const unit = indent.includes('\t') ? '\t' : '    ';
  const body = lines.map((l) => indent + l.replace(/^(?: {4})+/, (m) => unit.repeat(m.length / 4))).join(newline);
  return { start: eol, end: eol, newText: `${newline}${body}` };
}
