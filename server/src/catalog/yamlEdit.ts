import { isDeepStrictEqual } from 'util';
import { isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, Scalar, stringify, type YAMLMap, type YAMLSeq } from 'yaml';

import type { TextEdit } from '../analysis/types';
import { unreadableYaml } from './yamlSource';

/** One change to a YAML file: set the value at a path (creating what is missing), or remove it. */
export interface FieldChange {
  path: Array<string | number>;
  /** The new value; `undefined` removes the key (or the sequence item). */
  value?: unknown;
}

type Collection = YAMLMap | YAMLSeq;

/** A file that cannot be edited safely (YAML errors, or too large or deep to read); nothing is changed. */
export class YamlEditError extends Error {}

/**
 * Edits that make the changes in a YAML text while keeping everything else as it was: comments,
 * key order, quoting, flow or block style. Each change replaces only the text of the node it
 * touches (a scalar, one flow collection, one block value) or inserts or removes whole lines.
 * The result is parsed again and compared with the `yaml` Document model changed the same way;
 * should they ever differ, the whole document is written by the Document API (comments kept,
 * some layout not) rather than a wrong file.
 */
export function editYaml(text: string, changes: readonly FieldChange[]): { text: string; edits: TextEdit[] } {
  const refused = unreadableYaml(text);
  if (refused) throw new YamlEditError(refused);
  const errors = parseDocument(text, { schema: 'core' }).errors;
  if (errors.length) throw new YamlEditError(`the file has YAML errors to fix first (${errors[0].message.split('\n')[0]})`);
  let current = text;
  for (const change of changes) current = applyOne(current, change);
  const expected = parseDocument(text, { schema: 'core' });
  for (const c of changes) {
    try {
      if (c.value === undefined) expected.deleteIn(c.path);
      else expected.setIn(c.path, c.value);
    } catch (err) {
      throw new YamlEditError(`${c.path.join('.')} cannot be changed: ${(err as Error).message}`);
    }
  }
  if (!isDeepStrictEqual(plain(parseDocument(current, { schema: 'core' })), plain(expected))) current = expected.toString({ lineWidth: 0 });
  return { text: current, edits: current === text ? [] : [minimalEdit(text, current)] };
}

/** A document as plain data; aliases that do not resolve (or expand without bound) refuse the edit. */
function plain(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new YamlEditError(`the file's YAML aliases cannot be followed (${(err as Error).message})`);
  }
}

/** The one replacement that turns `before` into `after` (common prefix and suffix left alone). */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
};
const columnOf = (text: string, offset: number) => offset - lineStart(text, offset);

/** Whether the file writes `{ a }` or `{a}`: new flow collections follow it. */
function padded(text: string): boolean {
  return !/[[{][^\s\]}]/.test(text) || /[[{] /.test(text);
}

function inline(value: unknown, text: string): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: padded(text), lineWidth: 0 }).replace(/\n$/, '');
}

/** A value written as block lines, each indented by `indent` spaces. */
function block(value: unknown, indent: number): string {
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '').split('\n').map((l) => ' '.repeat(indent) + l).join('\n');
}

const isEmptyOrScalar = (v: unknown) => v === null || typeof v !== 'object' || Object.keys(v as object).length === 0;

/** `key: value` as new lines of a block mapping indented by `indent`. */
function pairLines(key: string | number, value: unknown, indent: number, text: string): string {
  const head = `${' '.repeat(indent)}${inline(key, text)}:`;
  if (isEmptyOrScalar(value)) return `${head} ${inline(value, text)}`;
  return `${head}\n${block(value, indent + 2)}`;
}

function nestedValue(rest: Array<string | number>, value: unknown): unknown {
  return rest.reduceRight<unknown>((v, key) => (typeof key === 'number' ? [v] : { [key]: v }), value);
}

function applyOne(text: string, change: FieldChange): string {
  const doc = parseDocument(text, { schema: 'core' });
  if (doc.errors.length) return text;
  let node: unknown = doc.contents;
  let parent: Pair<Node, Node | null> | undefined;
  for (let i = 0; i < change.path.length; i++) {
    const key = change.path[i];
    const last = i === change.path.length - 1;
    const rest = () => nestedValue(change.path.slice(i + 1), change.value);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key)) as Pair<Node, Node | null> | undefined;
      if (!pair) return change.value === undefined ? text : insertPair(text, node, key, rest());
      if (last) return change.value === undefined && node.flow ? removeFromFlow(text, node, node.items.indexOf(pair)) : replacePair(text, pair, change.value, !!node.flow);
      if (!isCollection(pair.value)) return change.value === undefined ? text : replacePair(text, pair, rest(), !!node.flow);
      parent = pair;
      node = pair.value;
    } else if (isSeq(node)) {
      if (typeof key !== 'number') return text;
      if (key === node.items.length && last && change.value !== undefined) return appendItem(text, node, change.value);
      const item = node.items[key] as Node | undefined;
      if (!item) return text;
      // NOTE: a block sequence left without items would read as null: it becomes [].
      if (last && change.value === undefined && !node.flow && node.items.length === 1 && parent) return replacePair(text, parent, [], false);
      if (last) return change.value === undefined && node.flow ? removeFromFlow(text, node, key) : replaceItem(text, item, change.value, !!node.flow);
      parent = undefined;
      node = item;
    } else return text;
  }
  return text;
}

/** Removes one item (or `key: value`) of a flow collection with the comma that joined it. */
function removeFromFlow(text: string, flow: Collection, index: number): string {
  const spans = (flow.items as unknown[]).map((item) => {
    if (isPair(item)) return [(item.key as Node).range![0], ((item.value as Node | null)?.range ?? (item.key as Node).range!)[1]];
    return [(item as Node).range![0], (item as Node).range![1]];
  });
  const [s, e] = spans[index];
  if (index > 0) return splice(text, spans[index - 1][1], e, '');
  if (spans.length > 1) return splice(text, s, spans[1][0], '');
  return splice(text, s, e, '');
}

function insertPair(text: string, map: YAMLMap, key: string | number, value: unknown): string {
  const items = map.items.filter(isPair) as Array<Pair<Node, Node | null>>;
  if (!map.range) return text;
  if (map.flow) return insertInFlow(text, map.range, items.length > 0, `${inline(key, text)}: ${inline(value, text)}`, '}');
  if (items.length === 0) return text;
  const indent = columnOf(text, (items[0].key as Node).range![0]);
  const lastPair = items[items.length - 1];
  const end = (lastPair.value?.range ?? (lastPair.key as Node).range!)[1];
  const at = lineEnd(text, Math.max(end - 1, 0));
  return splice(text, at, at, `\n${pairLines(key, value, indent, text)}`);
}

/** Adds `item` before the closing bracket of a flow collection, after a comma when it has items. */
function insertInFlow(text: string, range: [number, number, number], hasItems: boolean, item: string, close: '}' | ']'): string {
  const closing = text.lastIndexOf(close, range[1]);
  if (closing < range[0]) return text;
  let at = closing;
  while (at > range[0] && /\s/.test(text[at - 1])) at--;
  if (!hasItems) return splice(text, range[0] + 1, closing, padded(text) ? ` ${item} ` : item);
  return splice(text, at, at, `, ${item}`);
}

function replacePair(text: string, pair: Pair<Node, Node | null>, value: unknown, inFlow: boolean): string {
  const keyRange = pair.key.range!;
  if (value === undefined) {
    const end = (pair.value?.range ?? keyRange)[1];
    const from = lineStart(text, keyRange[0]);
    const to = Math.min(lineEnd(text, Math.max(end - 1, keyRange[1])) + 1, text.length);
    return splice(text, from, to, '');
  }
  const old = pair.value;
  if (old && isScalar(old) && (value === null || typeof value !== 'object')) return splice(text, old.range![0], old.range![1], scalarText(old, value, text));
  if (old && (inFlow || (isCollection(old) && old.flow))) return splice(text, old.range![0], old.range![1], inline(value, text));
  // A block value (or none): everything after `key:` up to the end of the old value's last line.
  const indent = columnOf(text, keyRange[0]);
  const after = text.indexOf(':', keyRange[1]) + 1;
  const end = old?.range ? lineEnd(text, Math.max(old.range[1] - 1, after)) : lineEnd(text, after);
  const rendered = isEmptyOrScalar(value) || (old && isScalar(old)) ? ` ${inline(value, text)}` : `\n${block(value, indent + 2)}`;
  return splice(text, after, end, rendered);
}

function replaceItem(text: string, item: Node, value: unknown, inFlow: boolean): string {
  const [s, e] = item.range!;
  if (value === undefined) {
    const from = lineStart(text, s);
    const dash = text.lastIndexOf('-', s);
    return splice(text, dash >= from ? from : s, Math.min(lineEnd(text, Math.max(e - 1, s)) + 1, text.length), '');
  }
  if (isScalar(item) && (value === null || typeof value !== 'object')) return splice(text, s, e, scalarText(item, value, text));
  if (inFlow || (isCollection(item) && item.flow)) return splice(text, s, e, inline(value, text));
  const indent = columnOf(text, s);
  return splice(text, s, lineEnd(text, Math.max(e - 1, s)), block(value, indent).slice(indent));
}

function appendItem(text: string, seq: YAMLSeq, value: unknown): string {
  const items = seq.items as Node[];
  if (!seq.range) return text;
  if (seq.flow) return insertInFlow(text, seq.range, items.length > 0, inline(value, text), ']');
  if (items.length === 0) return text;
  const first = items[0].range![0];
  const dash = text.lastIndexOf('-', first);
  const indent = columnOf(text, dash);
  const itemIndent = columnOf(text, first);
  const end = items[items.length - 1].range![1];
  const at = lineEnd(text, Math.max(end - 1, 0));
  const body = isEmptyOrScalar(value) ? inline(value, text) : block(value, itemIndent).slice(itemIndent);
  return splice(text, at, at, `\n${' '.repeat(indent)}-${' '.repeat(Math.max(1, itemIndent - indent - 1))}${body}`);
}

/** A new scalar written in the old one's quoting (unless that was an empty placeholder, `""`). */
function scalarText(old: Scalar, value: unknown, text: string): string {
  if (old.value === '') return inline(value, text);
  if (typeof value === 'string' && old.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (typeof value === 'string' && old.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return inline(value, text);
}
