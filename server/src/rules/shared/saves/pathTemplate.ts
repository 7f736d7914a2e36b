import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../../analysis/constants';
import type { RuleContext } from '../../defineRule';

const HOLE = '*';
const MAX_DEPTH = 8;
const JOIN = /^(?:os\.path\.join|posixpath\.join|ntpath\.join|pathlib\.(?:Pure)?(?:Posix|Windows)?Path)$/;
const PASS_THROUGH = /^(?:builtins\.str|os\.fspath|os\.path\.normpath|os\.path\.expanduser)$/;

/**
 * A save target folded to a workspace-relative path template (catalog.md §8.4.2 step 3): string
 * literals and f-strings, names bound once to one of those, `os.path.join(...)`, `Path(...)`,
 * `a / "b"`, `a + "b"`, `str(...)` and `.with_suffix(...)`; every part that cannot be known becomes
 * `*` (`f"models/{run}/m.pt"` → `models/*\/m.pt`). Undefined when nothing of it is known.
 */
export function pathTemplate(node: Node, ctx: RuleContext): string | undefined {
  const raw = build(node, ctx, 0);
  const template = normalise(raw);
  return /[^*/]/.test(template) ? template : undefined;
}

/** `./a//b\\c` → `a/b/c`, runs of holes collapsed to one. */
export function normalise(template: string): string {
  return template
    .replace(/\\/g, '/')
    .replace(/\*+/g, HOLE)
    .replace(/\/{2,}/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/(?<=.)\/$/, '');
}

function build(node: Node, ctx: RuleContext, depth: number): string {
  if (depth > MAX_DEPTH) return HOLE;
  // NOTE: only a whole string, or a literal's template, is taken from folding: a sum is built here
  // part by part, where folding would turn `str(Path.cwd() / d)` into one hole, not two folders.
  const folded = ctx.fold(node);
  if (folded.kind === 'str' || (folded.kind === 'template' && /string$/.test(node.type))) return stringPattern(folded)!;
  switch (node.type) {
    case 'parenthesized_expression':
      return node.firstNamedChild ? build(node.firstNamedChild, ctx, depth + 1) : HOLE;
    case 'identifier': {
      const found = ctx.index.bindingFor(node.text, node);
      const b = found?.binding;
      return found?.certain && b?.kind === 'assignment' && b.value ? build(b.value, ctx, depth + 1) : HOLE;
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right || (op !== '/' && op !== '+')) return HOLE;
      return `${build(left, ctx, depth + 1)}${op === '/' ? '/' : ''}${build(right, ctx, depth + 1)}`;
    }
    case 'call':
      return buildCall(node, ctx, depth);
    default:
      return HOLE;
  }
}

function buildCall(node: Node, ctx: RuleContext, depth: number): string {
  const fn = node.childForFieldName('function');
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  if (!fn) return HOLE;
  // `p.with_suffix(".pt")`: the suffix is known whatever `p` is.
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'with_suffix' && args.length === 1) {
    const suffix = stringPattern(ctx.fold(args[0]));
    const object = fn.childForFieldName('object');
    const base = object ? build(object, ctx, depth + 1) : HOLE;
    return suffix === undefined ? HOLE : `${base.replace(/\.[^./*]*$/, '')}${suffix}`;
  }
  // NOTE: the resolver knows only the builtins rules match; an unshadowed `str` is the builtin.
  const path = fn.type === 'identifier' && fn.text === 'str' && ctx.index.bindings('str').length === 0 ? 'builtins.str' : ctx.index.resolve(fn)?.path;
  if (!path || args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) return HOLE;
  if (JOIN.test(path)) return args.length === 0 ? HOLE : args.map((a) => build(a, ctx, depth + 1)).join('/');
  if (PASS_THROUGH.test(path) && args.length === 1) return build(args[0], ctx, depth + 1);
  return HOLE;
}
