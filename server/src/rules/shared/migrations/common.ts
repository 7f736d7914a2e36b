import type { Node } from 'web-tree-sitter';

import { callsNamed } from '../../../analysis/callsNamed';
import { parentOf } from '../../../analysis/parents';
import { statementAt } from '../../../analysis/suppressions';
import { stringValue } from '../../../analysis/syntax';
import type { TextEdit } from '../../../analysis/types';
import type { RuleContext } from '../../defineRule';

/**
 * What decides that a load and a save name the same file: the folded string when the path is a
 * plain constant (`"m.pkl"`, or a name bound once to it), otherwise the expression's text without
 * spaces (`path`, `f"{d}/m.pt"`, `os.path.join(d, "m.pt")`), which is all a one-file view can tell.
 */
export function pathKey(node: Node, ctx: RuleContext): string {
  const folded = ctx.fold(node);
  return folded.kind === 'str' ? `str:${folded.value}` : `text:${node.text.replace(/\s+/g, '')}`;
}

/** The positional arguments and keywords of a call, or undefined when it has `*`/`**` unpacking. */
export function plainArgs(call: Node): { positional: Node[]; keywords: Map<string, Node> } | undefined {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') return undefined;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

/**
 * More saves of one path than this and no migration is offered: real code saves a model in a
 * place or two, and each fix carries every save it rewrites, so thousands (a generated file, the
 * fuzzer's 50k-line case) would make the fixes quadratic in size.
 */
export const MAX_SAVES = 8;

/**
 * A value computed once per analysed module: the save sites a migration matches against, grouped
 * by path key, so a file with thousands of loads does not resolve every save once per load.
 */
export function perModule<T>(ctx: RuleContext, name: string, build: () => T): T {
  return ctx.index.memo(`migration.${name}`, build);
}

/** Groups items by a key, in source order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Calls in the module whose callee resolves to one of `paths` (found by their last name). */
export function callsOfPaths(ctx: RuleContext, paths: readonly string[]): Node[] {
  const names = new Set(paths.map((p) => p.split('.').pop() ?? p));
  const out: Node[] = [];
  for (const name of names) {
    for (const call of callsNamed(ctx.index, name)) {
      const fn = call.childForFieldName('function');
      const path = fn && ctx.index.resolve(fn)?.path;
      if (path && paths.includes(path)) out.push(call);
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

function isOpen(call: Node, ctx: RuleContext): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'open') return false;
  const path = ctx.index.resolve(fn)?.path;
  return path === undefined || path === 'open' || path === 'builtins.open' || path === 'io.open';
}

/**
 * The path of a file object when the code shows where it was opened in binary mode `mode`
 * (`'r'` or `'w'`): the argument is `open(P, "rb")` itself, or a name bound by an enclosing
 * `with open(P, "rb") as f:`. Such a file is a seekable regular file, which skops and joblib
 * read and write as well as a path. Undefined for any other file object (a socket, a buffer).
 */
export function openedPath(arg: Node, mode: 'r' | 'w', ctx: RuleContext): Node | undefined {
  const fromOpen = (call: Node | null | undefined): Node | undefined => {
    if (call?.type !== 'call' || !isOpen(call, ctx)) return undefined;
    const args = plainArgs(call);
    const modeNode = args?.positional[1] ?? args?.keywords.get('mode');
    const m = modeNode && stringValue(modeNode);
    if (!args?.positional[0] || !m || !m.includes('b') || !m.includes(mode)) return undefined;
    return args.positional[0];
  };
  if (arg.type === 'call') return fromOpen(arg);
  if (arg.type !== 'identifier') return undefined;
  for (let p = parentOf(arg); p; p = parentOf(p)) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return undefined;
    if (p.type !== 'with_statement') continue;
    const clause = p.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      const pattern = item?.childForFieldName('value');
      if (pattern?.type !== 'as_pattern') continue;
      const alias = pattern.childForFieldName('alias');
      if (alias?.text === arg.text) return fromOpen(pattern.namedChildren[0]);
    }
  }
  return undefined;
}

/**
 * The edit that puts comment lines above the statement holding `at`, at its indentation: the
 * notes a migration leaves for the user (what to review, how to convert existing files).
 */
export function commentAbove(ctx: RuleContext, at: Node, lines: readonly string[]): TextEdit {
  const statement = statementAt(ctx.index.root, at.startIndex);
  const lineStart = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(ctx.text.slice(lineStart, statement.startIndex))?.[0] ?? '';
  return { start: lineStart, end: lineStart, newText: lines.map((l) => `${indent}# ${l}\n`).join('') };
}

/** The 1-based line of a node, for fix titles that point at the other site they rewrite. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
