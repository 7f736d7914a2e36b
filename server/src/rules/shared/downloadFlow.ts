import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../analysis/constants';
import { parentOf } from '../../analysis/parents';
import { isField, statementOf } from '../../analysis/syntax';
import type { RuleContext } from '../defineRule';

/** A file the downloaded bytes are written to. */
export interface FileTarget {
  /** The path expression the file was opened with. */
  dest: Node;
  /** The statement after which the file is complete (written and closed), when one is known. */
  after?: Node;
}

/** Where an HTTP response's body goes, as far as the enclosing scope shows. */
export interface Flow {
  /** The body is read: written to a file, handed to a call, returned or kept. */
  used: boolean;
  file?: FileTarget;
  /** An expression holding the whole body in memory, and the statement after which it does. */
  memory?: { expr: string; after: Node };
}

type Kind = 'response' | 'bytes' | 'chunks';

/** Methods of a response (requests, httpx, urllib) that read its body. */
const READS = new Set([
  'read', 'read1', 'readlines', 'iter_content', 'iter_bytes', 'iter_raw', 'iter_lines', 'aiter_bytes', 'aiter_raw',
  // aiohttp's StreamReader (`resp.content`)
  'iter_chunked', 'iter_any', 'iter_chunks', 'readany', 'readchunk', 'readexactly',
]);
const MAX_DEPTH = 4;

/**
 * The reads of a name that can see the binding at `target`: after it, in its scope, up to the
 * next binding of the name there, so the search stays local (a 50k-line file rebinds `r` a
 * thousand times).
 */
export function visibleUses(ctx: RuleContext, target: Node): Node[] {
  const bindings = ctx.index.bindings(target.text);
  const mine = bindings.find((b) => b.node.id === target.id);
  if (!mine) return [];
  let end = mine.scope.endIndex;
  for (const b of bindings) {
    if (b.start > target.startIndex && b.scope.id === mine.scope.id && b.kind !== 'global') {
      end = b.start;
      break;
    }
  }
  const out: Node[] = [];
  for (const use of ctx.index.usesBetween(target.text, target.endIndex, end)) {
    const node = ctx.index.nodeOf(use);
    if (node && ctx.index.bindingFor(node.text, node)?.binding === mine) out.push(node);
  }
  return out;
}

/** The path opened for writing by `open(p, "wb")`, `io.open(...)` or `p.open("wb")`, if `call` is one. */
function writtenPath(call: Node, ctx: RuleContext): Node | undefined {
  if (call.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  const keyword = (name: string): Node | undefined =>
    args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const writes = (mode: Node | undefined): boolean => {
    const text = mode ? stringPattern(ctx.fold(mode)) : undefined;
    return !!text && /[wax+]/.test(text);
  };
  if (!fn) return undefined;
  const path = ctx.index.resolve(fn)?.path;
  if (path === 'builtins.open' || path === 'io.open' || path === 'aiofiles.open') {
    const file = keyword('file') ?? positional[0];
    return file && writes(keyword('mode') ?? positional[1]) ? file : undefined;
  }
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'open' && !path) {
    let object = fn.childForFieldName('object');
    while (object?.type === 'parenthesized_expression' && object.firstNamedChild) object = object.firstNamedChild;
    return object && writes(keyword('mode') ?? positional[0]) ? object : undefined;
  }
  return undefined;
}

/** The enclosing `with` statement of a `with_item`'s `as` target. */
function withStatementOf(node: Node): Node | undefined {
  for (let p = parentOf(node); p; p = parentOf(p)) {
    if (p.type === 'with_statement') return p;
    if (p.type === 'block' || p.type === 'module') return undefined;
  }
  return undefined;
}

/** The file a write goes to when `handle` is an open-for-writing call or a name bound to one. */
export function openedFile(handle: Node, ctx: RuleContext): FileTarget | undefined {
  let node = handle;
  while (node.type === 'parenthesized_expression' && node.firstNamedChild) node = node.firstNamedChild;
  const direct = writtenPath(node, ctx);
  if (direct) return { dest: direct, after: statementOf(node) };
  if (node.type !== 'identifier') return undefined;
  const found = ctx.index.bindingFor(node.text, node);
  if (!found) return undefined;
  const bound = found.binding.node;
  const target = parentOf(bound);
  if (target?.type === 'as_pattern_target') {
    const pattern = parentOf(target);
    const value = pattern?.firstNamedChild;
    const dest = value ? writtenPath(value, ctx) : undefined;
    return dest && { dest, after: pattern ? withStatementOf(pattern) : undefined };
  }
  if (found.binding.kind === 'assignment' && found.binding.value) {
    const dest = writtenPath(found.binding.value, ctx);
    if (!dest) return undefined;
    // `f = open(...)`: the file is complete once `f.close()` has run.
    const close = visibleUses(ctx, bound).find((n) => {
      const attr = parentOf(n);
      return attr?.type === 'attribute' && attr.childForFieldName('attribute')?.text === 'close';
    });
    return { dest, after: close ? statementOf(close) : undefined };
  }
  return undefined;
}

/** How a library's response gives its body. */
export interface ResponseKind {
  /** The body stays available as `.content` (requests and httpx without streaming). */
  rereadable: boolean;
  /** `.content` is a stream to read from (aiohttp), not the bytes. */
  contentIsStream?: boolean;
}

/**
 * Follows an HTTP response (or the bytes read from it) through the statements of its scope:
 * attribute reads, assignments, `with ... as`, `for` loops and the calls it is handed to.
 */
export function responseFlow(call: Node, ctx: RuleContext, { rereadable, contentIsStream }: ResponseKind): Flow {
  const flow: Flow = { used: false };
  follow(call, 'response', 0);
  return flow;

  function followName(target: Node | null | undefined, kind: Kind, depth: number, onAttr?: (attr: string) => void): void {
    if (target?.type !== 'identifier' || depth > MAX_DEPTH) return;
    for (const node of visibleUses(ctx, target)) {
      if (onAttr) {
        const attr = parentOf(node);
        if (attr?.type === 'attribute' && isField(attr, 'object', node)) onAttr(attr.childForFieldName('attribute')?.text ?? '');
      }
      follow(node, kind, depth + 1);
    }
  }

  function follow(expr: Node, kind: Kind, depth: number): void {
    let node = expr;
    let p = parentOf(node);
    while (p && (p.type === 'parenthesized_expression' || p.type === 'await')) {
      node = p;
      p = parentOf(p);
    }
    if (!p) return;
    switch (p.type) {
      case 'attribute': {
        if (!isField(p, 'object', node)) return;
        if (kind !== 'response') {
          flow.used = true;
          return;
        }
        const attr = p.childForFieldName('attribute')?.text ?? '';
        if (attr === 'content' && !contentIsStream) {
          flow.used = true;
          follow(p, 'bytes', depth);
        } else if (attr === 'raw' || attr === 'content') {
          flow.used = true;
          follow(p, 'response', depth);
        } else if (READS.has(attr)) {
          const read = parentOf(p);
          if (read?.type !== 'call' || !isField(read, 'function', p)) return;
          flow.used = true;
          const whole = attr === 'read' && (read.childForFieldName('arguments')?.namedChildCount ?? 0) === 0;
          follow(read, whole ? 'bytes' : 'chunks', depth);
        }
        return;
      }
      case 'assignment': {
        if (!isField(p, 'right', node)) return;
        const left = p.childForFieldName('left');
        if (kind === 'bytes' && left?.type === 'identifier') flow.memory ??= { expr: left.text, after: statementOf(p) };
        if (kind === 'response' && rereadable && left?.type === 'identifier') {
          const after = statementOf(p);
          followName(left, kind, depth, (attr) => {
            if (attr === 'content') flow.memory ??= { expr: `${left.text}.content`, after };
          });
          return;
        }
        followName(left, kind, depth);
        return;
      }
      case 'as_pattern':
        followName(p.childForFieldName('alias')?.firstNamedChild, kind, depth);
        return;
      case 'for_statement':
      case 'for_in_clause':
        if (!isField(p, 'right', node)) return;
        flow.used = true;
        followName(p.childForFieldName('left'), 'chunks', depth);
        return;
      case 'argument_list': {
        flow.used = true;
        const owner = parentOf(p);
        const fn = owner?.type === 'call' ? owner.childForFieldName('function') : null;
        if (!owner || !fn) return;
        const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        const object = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
        if (kind !== 'response' && object && (method === 'write' || method === 'writelines')) {
          flow.file ??= openedFile(object, ctx);
        } else if (kind === 'bytes' && object && method === 'write_bytes') {
          flow.file ??= { dest: object, after: statementOf(owner) };
        } else if (ctx.index.resolve(fn)?.path === 'shutil.copyfileobj' && p.namedChildren[0]?.id === node.id) {
          const dst = p.namedChildren[1];
          if (dst) flow.file ??= openedFile(dst, ctx);
        }
        return;
      }
      case 'expression_statement':
        return;
      default:
        // Returned, yielded, compared, stored in a container, passed by keyword: the body is used.
        flow.used = true;
    }
  }
}
