import type { Node } from 'web-tree-sitter';

import { parentOf } from './parents';

/** Node types that open a Python scope. */
const SCOPES = new Set([
  'module',
  'function_definition',
  'lambda',
  'class_definition',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

/** True when `child` is the node held in `field` of `parent`. */
export function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** Scopes already found for nodes (by node id) during one analysis: climbs share their paths. */
export type ScopeMemo = Map<number, Node>;

/**
 * The scope a node belongs to. A function's name, decorators and defaults live in the
 * enclosing scope; its parameters and body in its own. With a memo, every node passed on the
 * way is remembered, since each step up the tree is a call into tree-sitter.
 */
export function scopeOf(node: Node, memo?: ScopeMemo): Node {
  const passed: number[] = [];
  const done = (scope: Node): Node => {
    if (memo) for (const id of passed) memo.set(id, scope);
    return scope;
  };
  let child = node;
  for (let p = parentOf(node); p; child = p, p = parentOf(p)) {
    const known = memo?.get(child.id);
    if (known) return done(known);
    passed.push(child.id);
    if (!SCOPES.has(p.type)) continue;
    if (p.type === 'function_definition' || p.type === 'lambda') {
      if (isField(p, 'body', child) || isField(p, 'parameters', child)) return done(p);
    } else if (p.type === 'class_definition') {
      if (isField(p, 'body', child)) return done(p);
    } else {
      return done(p);
    }
  }
  return done(child);
}

/** The scopes visible from a node, innermost first, ending with the module. */
export function scopeChain(node: Node, memo?: ScopeMemo): Node[] {
  const chain: Node[] = [];
  let scope = scopeOf(node, memo);
  chain.push(scope);
  while (scope.type !== 'module' && parentOf(scope)) {
    scope = scopeOf(scope, memo);
    chain.push(scope);
  }
  return chain;
}

/** True inside the first branch of `if TYPE_CHECKING:` (imports there do not run). */
export function isTypeCheckingOnly(node: Node): boolean {
  let child = node;
  for (let p = parentOf(node); p; child = p, p = parentOf(p)) {
    if (p.type !== 'if_statement') continue;
    const cond = p.childForFieldName('condition');
    const text = cond?.text ?? '';
    if ((text === 'TYPE_CHECKING' || text.endsWith('.TYPE_CHECKING')) && isField(p, 'consequence', child)) {
      return true;
    }
  }
  return false;
}

/** The statement a node belongs to: the nearest ancestor whose parent is a module or a block. */
export function statementOf(node: Node): Node {
  let current = node;
  for (let p = parentOf(current); p && p.type !== 'module' && p.type !== 'block'; p = parentOf(current)) current = p;
  return current;
}

/** The rows a statement occupies for suppression comments: a compound statement's header only. */
export function statementRows(statement: Node): [number, number] {
  const first = statement.startPosition.row;
  const body =
    statement.childForFieldName('body') ??
    statement.childForFieldName('consequence') ??
    statement.childForFieldName('definition');
  if (body && body.startPosition.row > first) return [first, body.startPosition.row - 1];
  if (body) return [first, first];
  return [first, statement.endPosition.row];
}

/** Decodes a Python string literal without interpolation; undefined for f-strings and bytes. */
export function stringValue(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      if (!part) return undefined;
      const v = stringValue(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const start = node.firstChild;
  const prefix = (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') out += unescape(child.text);
    else if (child.type === 'interpolation') return undefined;
  }
  return out;
}

function unescape(seq: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  return simple[seq.slice(1)] ?? seq;
}
