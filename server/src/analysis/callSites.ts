import type { Node } from 'web-tree-sitter';

import type { CallSite } from '../rules/defineRule';
import { CallArgs } from './callArgs';
import { canonicalPath, STAR_EXPORTS } from './knownModules';
import type { ModuleIndex, Resolved } from './moduleIndex';
import type { SinkTable } from './sinks';
import { isField } from './syntax';

/** Names the resolver treats as functions that return modules or attributes. */
const RESOLVER_BUILTINS = ['getattr', '__import__', 'import_module'];
const MAX_ROUNDS = 5;
const NOT_A_REFERENCE = new Set(['decorator', 'except_clause', 'type', 'assert_statement']);

/**
 * Finds every call (and bare reference) whose callee resolves to a sink. Candidates come from the
 * text: names bound by imports of sink modules, then names assigned from them, round by round.
 */
export function findCallSites(index: ModuleIndex, sinks: SinkTable): CallSite[] {
  const watched = new Set<string>();
  for (const imported of index.imports()) {
    const root = imported.path.split('.')[0];
    if (!sinks.roots.has(root) && root !== 'importlib') continue;
    if (!imported.star) watched.add(imported.name);
    else for (const name of STAR_EXPORTS[imported.path] ?? []) if (index.text.includes(name)) watched.add(name);
  }
  if (watched.size === 0) return [];
  for (const name of RESOLVER_BUILTINS) if (index.text.includes(name)) watched.add(name);

  const sites = new Map<number, CallSite>();
  let pending = new Set(watched);
  for (let round = 0; round < MAX_ROUNDS && pending.size > 0; round++) {
    index.scan(pending);
    const next = new Set<string>();
    for (const name of pending) {
      for (const use of index.uses(name)) {
        if (!worthExamining(index, sinks, name, use.start)) continue;
        const node = index.nodeOf(use);
        if (node) examine(node, index, sinks, sites, next);
      }
    }
    pending = new Set([...next].filter((n) => !watched.has(n)));
    for (const n of pending) watched.add(n);
  }
  return [...sites.values()].sort((a, b) => a.callee.startIndex - b.callee.startIndex);
}

/** Text-only filter: `np.zeros` cannot lead to a sink whatever `np` is bound to by an import. */
function worthExamining(index: ModuleIndex, sinks: SinkTable, name: string, start: number): boolean {
  if (RESOLVER_BUILTINS.includes(name)) return true;
  const chain = /(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*/y;
  chain.lastIndex = start + name.length;
  const suffix = (chain.exec(index.text)?.[0] ?? '').replace(/[ \t]/g, '');
  if (!suffix) return true;
  const bindings = index.bindings(name);
  if (bindings.some((b) => b.kind !== 'import' || !b.path)) return true;
  return bindings.some((b) => {
    const path = canonicalPath(`${b.path}${suffix}`);
    return sinks.relevant(path) || path === 'importlib.import_module';
  });
}

function examine(start: Node, index: ModuleIndex, sinks: SinkTable, sites: Map<number, CallSite>, next: Set<string>): void {
  let expr = start;
  for (let parent = expr.parent; parent; parent = expr.parent) {
    if (parent.type === 'attribute' && isField(parent, 'object', expr)) {
      expr = parent;
    } else if (parent.type === 'call' && isField(parent, 'function', expr)) {
      const callee = index.resolve(expr);
      if (callee && sinks.paths.has(callee.path) && !sites.has(parent.id)) {
        sites.set(parent.id, site(callee, expr, parent, index));
      }
      // What the call returns: `x()` for most, the attribute for getattr, the module for import_module.
      const value = callee && index.resolve(parent);
      if (!value || !sinks.relevant(value.path)) return;
      expr = parent;
    } else {
      break;
    }
  }
  const resolved = index.resolve(expr);
  if (!resolved) return;
  const parent = expr.parent;
  const target =
    parent?.type === 'assignment' && isField(parent, 'right', expr)
      ? parent.childForFieldName('left')
      : parent?.type === 'named_expression' && isField(parent, 'value', expr)
        ? parent.childForFieldName('name')
        : parent?.type === 'as_pattern' && parent.parent?.type === 'with_item' && parent.firstNamedChild?.id === expr.id
          ? (parent.childForFieldName('alias')?.firstNamedChild ?? null)
          : null;
  if (target) {
    if (target.type === 'identifier' && sinks.relevant(resolved.path)) next.add(target.text);
    return;
  }
  // `class R(pickle.Unpickler)`: calls of `R` are calls of the sink, through a subclass.
  const owner = parent?.type === 'argument_list' ? parent.parent : null;
  if (owner?.type === 'class_definition' && sinks.paths.has(resolved.path)) {
    const name = owner.childForFieldName('name');
    if (name) next.add(name.text);
    return;
  }
  if (expr.type !== 'call' && sinks.paths.has(resolved.path) && !sites.has(expr.id) && isReference(expr)) {
    sites.set(expr.id, site(resolved, expr, undefined, index));
  }
}

/** A function passed around as a value (`map(pickle.load, fs)`, `(pickle.load, json.load)`). */
function isReference(expr: Node): boolean {
  const parent = expr.parent;
  if (!parent) return false;
  if (parent.type === 'argument_list') {
    const owner = parent.parent;
    if (owner?.type === 'class_definition') return false;
    const fn = owner?.childForFieldName('function')?.text;
    return fn !== 'isinstance' && fn !== 'issubclass';
  }
  return !NOT_A_REFERENCE.has(parent.type) && parent.type !== 'expression_statement';
}

function site(resolved: Resolved, callee: Node, call: Node | undefined, index: ModuleIndex): CallSite {
  return { path: resolved.path, resolved, callee, call, args: new CallArgs(call?.childForFieldName('arguments') ?? null, index) };
}
