import type { Node } from 'web-tree-sitter';

import { isField, isTypeCheckingOnly, type ScopeMemo, scopeOf } from './syntax';

/** How a name gets bound. */
export type BindingKind = 'import' | 'assignment' | 'parameter' | 'definition' | 'class' | 'other' | 'global';

/** One place where a name is bound, with what it is bound to where that is known. */
export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that is bound. */
  node: Node;
  scope: Node;
  start: number;
  /** For imports: the dotted path of what is bound (`torch`, `yaml.SafeLoader`). */
  path?: string;
  /** For assignments: the value expression; for classes: the class definition; for `each`: the iterable. */
  value?: Node;
  /** A `for` target: the name takes each element of `value` in turn (`for cls in (A, B)`). */
  each?: boolean;
  /** A name in a `for` target tuple (`for name, cls in pairs`): its place, and the tuple's length. */
  eachAt?: { at: number; of: number };
  /** A `with value as name` target: the name is what `value.__enter__()` returns. */
  entered?: boolean;
  /** Bound only under `if TYPE_CHECKING:`, so never at run time. */
  typeOnly: boolean;
}

/** An identifier read as a name (not an attribute, not a keyword). The node is looked up lazily. */
export interface Use {
  name: string;
  start: number;
  node?: Node;
}

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'as_pattern_target']);
const PARAMETER_PARENTS = new Set(['parameters', 'lambda_parameters', 'list_splat_pattern', 'dictionary_splat_pattern']);

/** Shared by the classification of one analysis (see ScopeMemo). */
let memo: ScopeMemo | undefined;

function binding(node: Node, kind: BindingKind, extra: Partial<Binding> = {}, scope?: Node): Binding {
  return {
    name: node.text,
    kind,
    node,
    scope: scope ?? scopeOf(node, memo),
    start: node.startIndex,
    typeOnly: kind === 'import' && isTypeCheckingOnly(node),
    ...extra,
  };
}

function importModuleName(statement: Node): string {
  const module = statement.childForFieldName('module_name');
  return module?.type === 'dotted_name' ? module.text : `.${module?.text ?? ''}`;
}

function classifyImport(node: Node, parent: Node): Binding | null {
  const grand = parent.parent;
  if (!grand) return null;
  if (parent.type === 'aliased_import') {
    if (!isField(parent, 'alias', node)) return null;
    const source = parent.childForFieldName('name')?.text ?? '';
    const path = grand.type === 'import_from_statement' ? `${importModuleName(grand)}.${source}` : source;
    return binding(node, 'import', { path });
  }
  // parent is a dotted_name
  if (grand.type === 'import_statement') {
    if (parent.firstNamedChild?.id !== node.id) return null;
    return binding(node, 'import', { path: node.text });
  }
  if (grand.type === 'import_from_statement' && !isField(grand, 'module_name', parent)) {
    return binding(node, 'import', { path: `${importModuleName(grand)}.${node.text}` });
  }
  return null;
}

function classifyPattern(node: Node): Binding | Use {
  let top = node;
  while (top.parent && PATTERNS.has(top.parent.type)) top = top.parent;
  const holder = top.parent;
  if (holder && (holder.type === 'assignment' || holder.type === 'for_statement' || holder.type === 'for_in_clause')) {
    if (!isField(holder, 'left', top)) return { name: node.text, start: node.startIndex, node };
    // `a, b = X, Y`: each name is bound to the element in its place.
    const element = holder.type === 'assignment' && node.parent?.id === top.id ? unpacked(top, node, holder.childForFieldName('right')) : undefined;
    if (element) return binding(node, 'assignment', { value: element });
    // `for name, cls in [("a", A), ...]`: each name takes the part in its place of each element.
    const place = holder.type !== 'assignment' && node.parent?.id === top.id ? placeIn(top, node) : undefined;
    const iterable = holder.childForFieldName('right');
    return place && iterable ? binding(node, 'other', { value: iterable, each: true, eachAt: place }) : binding(node, 'other');
  }
  if (holder?.type === 'as_pattern' && holder.parent?.type === 'with_item' && node.parent?.id === top.id) {
    return binding(node, 'other', { value: holder.firstNamedChild ?? undefined, entered: true });
  }
  if (holder?.type === 'as_pattern' || top.type === 'as_pattern_target') return binding(node, 'other');
  return { name: node.text, start: node.startIndex, node };
}

/**
 * Classifies an identifier: a binding, a use, or null when it is not a name at all
 * (an attribute after a dot, a keyword argument's name, a module path in an import).
 */
export function classify(node: Node, scopes?: ScopeMemo): Binding | Use | null {
  memo = scopes;
  const parent = node.parent;
  if (!parent) return null;
  switch (parent.type) {
    case 'attribute':
      return isField(parent, 'attribute', node) ? null : { name: node.text, start: node.startIndex, node };
    case 'keyword_argument':
      return isField(parent, 'name', node) ? null : { name: node.text, start: node.startIndex, node };
    case 'dotted_name':
    case 'aliased_import':
      return classifyImport(node, parent);
    case 'function_definition':
    case 'class_definition':
      if (!isField(parent, 'name', node)) break;
      return binding(node, parent.type === 'class_definition' ? 'class' : 'definition', { value: parent }, scopeOf(parent, memo));
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField(parent, 'name', node) ? binding(node, 'parameter') : { name: node.text, start: node.startIndex, node };
    case 'typed_parameter':
      return parent.firstNamedChild?.id === node.id ? binding(node, 'parameter') : { name: node.text, start: node.startIndex, node };
    case 'assignment':
      if (!isField(parent, 'left', node)) break;
      return binding(node, parent.childForFieldName('right') ? 'assignment' : 'other', {
        value: parent.childForFieldName('right') ?? undefined,
      });
    case 'named_expression':
      if (!isField(parent, 'name', node)) break;
      return binding(node, 'assignment', { value: parent.childForFieldName('value') ?? undefined });
    case 'augmented_assignment':
      return isField(parent, 'left', node) ? binding(node, 'other') : { name: node.text, start: node.startIndex, node };
    case 'for_statement':
    case 'for_in_clause':
      return isField(parent, 'left', node)
        ? binding(node, 'other', { value: parent.childForFieldName('right') ?? undefined, each: true })
        : { name: node.text, start: node.startIndex, node };
    case 'global_statement':
    case 'nonlocal_statement':
      return binding(node, 'global');
    default:
      if (PARAMETER_PARENTS.has(parent.type) && parent.parent && isParameterList(parent)) {
        return binding(node, 'parameter');
      }
      if (PATTERNS.has(parent.type)) return classifyPattern(node);
  }
  return { name: node.text, start: node.startIndex, node };
}

const SEQUENCES = new Set(['expression_list', 'tuple', 'list', 'pattern_list', 'tuple_pattern', 'list_pattern']);

/** The element of `right` in the place of `name` in the pattern `left`, when both are flat sequences of one length. */
function unpacked(left: Node, name: Node, right: Node | null): Node | undefined {
  if (!right || !SEQUENCES.has(right.type)) return undefined;
  const targets = left.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const values = right.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (targets.length !== values.length || values.some((v) => v.type === 'list_splat')) return undefined;
  const at = targets.findIndex((t) => t.id === name.id);
  return at === -1 ? undefined : values[at];
}

/** The place of `name` in a flat target pattern without a starred name (`a, b`, `(a, b)`). */
function placeIn(pattern: Node, name: Node): { at: number; of: number } | undefined {
  if (pattern.type !== 'pattern_list' && pattern.type !== 'tuple_pattern' && pattern.type !== 'list_pattern') return undefined;
  const targets = pattern.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (targets.some((t) => t.type !== 'identifier')) return undefined;
  const at = targets.findIndex((t) => t.id === name.id);
  return at === -1 ? undefined : { at, of: targets.length };
}

function isParameterList(node: Node): boolean {
  if (node.type === 'parameters' || node.type === 'lambda_parameters') return true;
  const parent = node.parent;
  return !!parent && (parent.type === 'parameters' || parent.type === 'lambda_parameters');
}
