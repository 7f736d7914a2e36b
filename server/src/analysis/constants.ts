import type { Node } from 'web-tree-sitter';

import type { ModuleIndex } from './moduleIndex';
import { stringValue } from './syntax';

/** A statically known value, or `unknown`. Templates are f-strings with unknown holes. */
export type Const =
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'number'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'template'; parts: Array<string | null> }
  | { kind: 'sequence'; length: number }
  | { kind: 'dict'; entries: Map<string, Node>; open: boolean }
  | { kind: 'unknown' };

const UNKNOWN: Const = { kind: 'unknown' };
const MAX_DEPTH = 6;

/** Python truthiness of a folded value: true, false, or undefined when it cannot be known. */
export function truthiness(value: Const): boolean | undefined {
  switch (value.kind) {
    case 'bool':
      return value.value;
    case 'none':
      return false;
    case 'number':
      return value.value !== 0;
    case 'str':
      return value.value.length > 0;
    case 'sequence':
      return value.length > 0;
    case 'dict':
      return value.open ? (value.entries.size > 0 ? true : undefined) : value.entries.size > 0;
    case 'template':
      return value.parts.some((p) => p !== null && p.length > 0) ? true : undefined;
    default:
      return undefined;
  }
}

/** The text of a folded string, or of a template with `*` for its holes. */
export function stringPattern(value: Const): string | undefined {
  if (value.kind === 'str') return value.value;
  if (value.kind === 'template') return value.parts.map((p) => p ?? '*').join('');
  return undefined;
}

/**
 * Folds an expression to a constant: literals, f-strings and string concatenations as
 * templates, dict literals and `dict(...)` calls, `not`, and names bound once to one of those in
 * a visible scope.
 */
export function fold(node: Node, index: ModuleIndex, depth = 0): Const {
  if (depth > MAX_DEPTH) return UNKNOWN;
  switch (node.type) {
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true' };
    case 'none':
      return { kind: 'none' };
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, '').replace(/[jJ]$/, ''));
      return Number.isNaN(value) ? UNKNOWN : { kind: 'number', value };
    }
    case 'string':
    case 'concatenated_string':
      return foldString(node, index, depth);
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: 'sequence', length: node.namedChildCount };
    case 'dictionary':
      return foldDict(node, index, depth);
    case 'parenthesized_expression':
      return node.firstNamedChild ? fold(node.firstNamedChild, index, depth + 1) : UNKNOWN;
    case 'not_operator': {
      const arg = node.childForFieldName('argument');
      const t = arg ? truthiness(fold(arg, index, depth + 1)) : undefined;
      return t === undefined ? UNKNOWN : { kind: 'bool', value: !t };
    }
    case 'identifier':
      return foldName(node, index, depth);
    case 'binary_operator':
      return foldConcatenation(node, index, depth);
    case 'call':
      return foldDictCall(node, index, depth);
    default:
      return UNKNOWN;
  }
}

/** `"https://host/" + name + ".pt"`: a string plus anything is a string, so an unknown side is a hole. */
function foldConcatenation(node: Node, index: ModuleIndex, depth: number): Const {
  if (node.childForFieldName('operator')?.type !== '+') return UNKNOWN;
  const side = (field: string): Array<string | null> | undefined => {
    const child = node.childForFieldName(field);
    const value = child ? fold(child, index, depth + 1) : UNKNOWN;
    return value.kind === 'str' ? [value.value] : value.kind === 'template' ? value.parts : undefined;
  };
  const left = side('left');
  const right = side('right');
  if (!left && !right) return UNKNOWN;
  const parts = [...(left ?? [null]), ...(right ?? [null])];
  return parts.every((p) => p !== null) ? { kind: 'str', value: parts.join('') } : { kind: 'template', parts };
}

function foldName(node: Node, index: ModuleIndex, depth: number): Const {
  const found = index.bindingFor(node.text, node);
  if (!found) return UNKNOWN;
  // A `for` target looked at one element at a time is that element (ModuleIndex.withElement).
  const element = found.binding.each ? index.chosenElement(found.binding, node) : undefined;
  if (element) return fold(element, index, depth + 1);
  if (!found.certain || found.binding.kind !== 'assignment' || !found.binding.value) return UNKNOWN;
  return fold(found.binding.value, index, depth + 1);
}

function foldString(node: Node, index: ModuleIndex, depth: number): Const {
  const plain = stringValue(node);
  if (plain !== undefined) return { kind: 'str', value: plain };
  const parts: Array<string | null> = [];
  const pieces = node.type === 'concatenated_string' ? node.namedChildren : [node];
  for (const piece of pieces) {
    if (!piece || piece.type !== 'string') return UNKNOWN;
    if (/^[a-zA-Z]*[bB]/.test(piece.text)) return UNKNOWN;
    for (const child of piece.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_content' || child.type === 'escape_sequence') parts.push(child.text);
      else if (child.type === 'interpolation') parts.push(foldHole(child, index, depth));
    }
  }
  return { kind: 'template', parts };
}

function foldHole(interpolation: Node, index: ModuleIndex, depth: number): string | null {
  const expr = interpolation.childForFieldName('expression') ?? interpolation.firstNamedChild;
  if (!expr) return null;
  const value = fold(expr, index, depth + 1);
  return value.kind === 'str' ? value.value : value.kind === 'number' ? String(value.value) : null;
}

function foldDict(node: Node, index: ModuleIndex, depth: number): Const {
  const entries = new Map<string, Node>();
  let open = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type !== 'pair') {
      open = true;
      continue;
    }
    const key = child.childForFieldName('key');
    const value = child.childForFieldName('value');
    const k = key ? fold(key, index, depth + 1) : UNKNOWN;
    if (k.kind === 'str' && value) entries.set(k.value, value);
    else open = true;
  }
  return { kind: 'dict', entries, open };
}

function foldDictCall(node: Node, index: ModuleIndex, depth: number): Const {
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'dict' || index.bindings('dict').length > 0) return UNKNOWN;
  const entries = new Map<string, Node>();
  let open = false;
  for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
    const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : null;
    if (name && value) entries.set(name.text, value);
    else open = true;
  }
  void depth;
  return { kind: 'dict', entries, open };
}
