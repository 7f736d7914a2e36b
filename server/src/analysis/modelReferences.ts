import type { Node, Tree } from 'web-tree-sitter';

import { fold, stringPattern } from './constants';
import { LineIndex } from './lineIndex';
import { ModuleIndex } from './moduleIndex';
import type { Position } from './types';

/**
 * Where a module names a model artifact: a call that saves or loads with a path or a hub
 * repository it can fold to a string (or a template with `*` for unknown parts). The catalog
 * view matches these against entries' `match.paths` and `match.hfRepos`; nothing here is a
 * verdict, so it is kept apart from the rules.
 */
export interface ModelReference {
  kind: 'save' | 'load';
  /** The called name as written, e.g. `torch.save`, `model.save_pretrained`. */
  call: string;
  /** The folded path or repository id; `*` stands for what could not be folded. */
  target: string;
  /** The entry id of a `# mlcatalog: <id>` comment on the call's line or the line above. */
  annotation?: string;
  /** The target is an MLflow registry name (engine/registryReferences.ts), not a path. */
  registry?: true;
  /** In a notebook: the cell (its index among all the notebook's cells); start and end are in its text. */
  cell?: number;
  start: Position;
  end: Position;
}

const SAVES = new Set(['save', 'dump', 'save_pretrained', 'push_to_hub', 'save_model', 'save_file', 'export', 'log_model', 'save_weights', 'to_disk', 'savez', 'savez_compressed', 'to_pickle', 'jit_save']);
const LOADS = new Set(['load', 'loads', 'from_pretrained', 'hf_hub_download', 'snapshot_download', 'load_model', 'load_file', 'load_weights', 'read_pickle', 'load_learner', 'from_disk', 'pipeline', 'load_state_dict_from_url', 'safe_open', 'InferenceSession']);
/** A cheap test before parsing: a file without any of these names references no model. */
export const MAY_REFERENCE = /\b(?:save\w*|dump|load\w*|from_pretrained|push_to_hub|\w+_download|export|log_model|register_model|to_disk|from_disk|pipeline|safe_open|open|InferenceSession|read_pickle|to_pickle)\s*\(|mlcatalog:/;
const ANNOTATION = /#\s*mlcatalog:\s*([a-z0-9][a-z0-9._-]*)/i;
const MAX_REFERENCES = 500;

/** `open(path, mode)`: a write mode saves, a read mode loads (a text read is not a model). */
function openKind(args: Node[], index: ModuleIndex): ModelReference['kind'] | undefined {
  const modeArg = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode')?.childForFieldName('value') ?? args.filter((a) => a.type !== 'keyword_argument')[1];
  const mode = modeArg ? stringPattern(fold(modeArg, index)) : 'r';
  if (mode === undefined || !mode.includes('b')) return undefined;
  return /[wax]/.test(mode) ? 'save' : 'load';
}

/** The path an argument names: a folded string, or `dir / "name"` (pathlib) with its known tail. */
function targetOf(node: Node, index: ModuleIndex, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const tail = right ? targetOf(right, index, depth + 1) : undefined;
    if (tail === undefined) return undefined;
    return `${(left && targetOf(left, index, depth + 1)) ?? '*'}/${tail}`;
  }
  if (node.type === 'call' && /(?:^|\.)(?:Path|join)$/.test(node.childForFieldName('function')?.text ?? '')) {
    const parts = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'keyword_argument');
    if (!parts.length) return undefined;
    const folded = parts.map((p) => targetOf(p, index, depth + 1) ?? '*');
    return folded.every((p) => p === '*') ? undefined : folded.join('/');
  }
  if (node.type === 'identifier') {
    // NOTE: `MODEL_DIR = Path(__file__).parent / "models"` is not a string fold() knows; follow it.
    const found = index.bindingFor(node.text, node);
    const value = found?.certain && found.binding.kind === 'assignment' ? found.binding.value : undefined;
    if (value && value.type !== 'string') return targetOf(value, index, depth + 1);
  }
  const value = stringPattern(fold(node, index));
  return value && value.replace(/\*/g, '') ? value : undefined;
}

/** The entry id of a `# mlcatalog:` comment on the line of `offset` or the line above. */
function annotationAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const previous = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : lineStart;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  return ANNOTATION.exec(text.slice(previous, lineEnd))?.[1];
}

const NAMES = new RegExp(`(?<![\\w])(${[...SAVES, ...LOADS, 'open'].join('|')})\\s*\\(`, 'g');

/** The call whose function ends with the name at `offset`: `torch.save(` or `save(`. */
function callAt(tree: Tree, offset: number, nameLength: number): Node | undefined {
  const name = tree.rootNode.descendantForIndex(offset, offset + nameLength);
  const fn = name?.parent?.type === 'attribute' ? name.parent : name;
  const call = fn?.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === fn?.id ? call : undefined;
}

/**
 * Every save or load call of the module that names a target; at most a few hundred. NOTE: calls
 * are found by their names in the text, then in the tree: walking every node of every file of a
 * large workspace would allocate one object per node.
 */
export function modelReferences(tree: Tree, text: string): ModelReference[] {
  let index: ModuleIndex | undefined;
  let lines: LineIndex | undefined;
  const out: ModelReference[] = [];
  for (const m of text.matchAll(NAMES)) {
    if (out.length >= MAX_REFERENCES) break;
    const call = callAt(tree, m.index, m[1].length);
    const fn = call?.childForFieldName('function');
    if (!call || !fn) continue;
    const name = m[1];
    index ??= new ModuleIndex(tree.rootNode, text);
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
    const kind = name === 'open' ? openKind(args, index) : SAVES.has(name) ? 'save' : 'load';
    if (!kind) continue;
    const note = annotationAt(text, call.startIndex);
    // NOTE: open()'s mode is not a path; only its file argument is.
    const named = name === 'open' ? [args.find((a) => a.type !== 'keyword_argument') ?? args.find((a) => a.childForFieldName('name')?.text === 'file')] : args;
    const values = named.map((a) => (a?.type === 'keyword_argument' ? a.childForFieldName('value') : a)).filter((a): a is Node => !!a);
    const targets = values.map((v) => targetOf(v, index!)).filter((t): t is string => !!t);
    if (!targets.length && !note) continue;
    lines ??= new LineIndex(text);
    const start = lines.positionAt(call.startIndex);
    const end = lines.positionAt(call.endIndex);
    for (const target of targets.length ? targets : ['*']) out.push({ kind, call: fn.text, target, ...(note ? { annotation: note } : {}), start, end });
  }
  return out;
}
