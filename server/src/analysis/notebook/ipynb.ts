import { arrayElements, type JsonRange, JsonString, objectMembers } from './jsonText';

/** A cell's source as the file stores it: one string, or a list of strings (usually one per line). */
export interface StoredSource {
  form: 'string' | 'list';
  /** The range of the whole value (the string, or the list with its brackets). */
  range: JsonRange;
  parts: JsonString[];
}

export interface IpynbCell {
  kind: 'code' | 'markdown' | 'raw';
  /** The cell's text (the stored parts joined). */
  text: string;
  stored: StoredSource;
}

export interface Ipynb {
  cells: IpynbCell[];
  /** The kernel's language when the notebook says (`python`, `R`, `julia`...). */
  language?: string;
}

/** Why a file is not a notebook ML Hygiene can read, with the file offset of the problem when known. */
export interface NotebookProblem {
  problem: string;
  offset?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function notJson(err: Error, text: string): NotebookProblem {
  const message = err.message.replace(/,? ".*" is not valid JSON$/s, '').slice(0, 160);
  const at = /at position (\d+)/.exec(message);
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  let offset = at ? Number(at[1]) : undefined;
  if (lc) offset = text.split('\n').slice(0, Number(lc[1]) - 1).join('\n').length + Number(lc[2]);
  const empty = text.trim() === '';
  return { problem: empty ? 'the notebook file is empty, so it is not JSON' : `the notebook is not valid JSON (${message})`, offset };
}

function languageOf(meta: unknown): string | undefined {
  if (!isObject(meta)) return undefined;
  const info = meta.language_info;
  const spec = meta.kernelspec;
  const name = (isObject(info) && info.name) || (isObject(spec) && spec.language) || meta.language;
  return typeof name === 'string' ? name : undefined;
}

/** The cells' JSON ranges: nbformat 4 `cells`, or nbformat 3 `worksheets[].cells`. */
function cellRanges(text: string, root: JsonRange, value: Json): JsonRange[] | NotebookProblem {
  const members = objectMembers(text, root.start);
  if (Array.isArray(value.cells)) return arrayElements(text, members.get('cells')!.start);
  if (Array.isArray(value.worksheets) && value.worksheets.every((w) => isObject(w) && Array.isArray(w.cells))) {
    return arrayElements(text, members.get('worksheets')!.start).flatMap((w) => arrayElements(text, objectMembers(text, w.start).get('cells')!.start));
  }
  const version = typeof value.nbformat === 'number' ? ` (nbformat ${value.nbformat})` : '';
  return { problem: `the JSON is not a Jupyter notebook${version}: it has no "cells" list`, offset: root.start };
}

function readCell(text: string, range: JsonRange, value: unknown, n: number): IpynbCell | NotebookProblem {
  if (!isObject(value)) return { problem: `cell ${n} is not a JSON object`, offset: range.start };
  const kind = value.cell_type;
  if (kind !== 'code' && kind !== 'markdown' && kind !== 'raw' && kind !== 'heading') {
    return { problem: `cell ${n} has no valid "cell_type" (code, markdown or raw)`, offset: range.start };
  }
  // NOTE: nbformat 3 keeps a code cell's text in "input"; 4 in "source".
  const key = kind === 'code' && !('source' in value) && 'input' in value ? 'input' : 'source';
  const source = value[key];
  const valueRange = objectMembers(text, range.start).get(key);
  if (typeof source === 'string' && valueRange) {
    const part = new JsonString(text, valueRange);
    return { kind: kind === 'heading' ? 'markdown' : kind, text: part.value, stored: { form: 'string', range: valueRange, parts: [part] } };
  }
  if (Array.isArray(source) && source.every((s) => typeof s === 'string') && valueRange) {
    const parts = arrayElements(text, valueRange.start).map((r) => new JsonString(text, r));
    return { kind: kind === 'heading' ? 'markdown' : kind, text: parts.map((p) => p.value).join(''), stored: { form: 'list', range: valueRange, parts } };
  }
  return { problem: `cell ${n}: "${key}" must be a string or a list of strings`, offset: valueRange?.start ?? range.start };
}

/**
 * Reads a `.ipynb` file's text (nbformat 4, and 3): every cell with its text and where the text
 * is stored in the file, or the one problem that makes the file unreadable as a notebook.
 */
export function readIpynb(text: string): Ipynb | NotebookProblem {
  // NOTE: a byte order mark is not JSON; a space of the same length keeps every offset.
  const json = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return notJson(err as Error, json);
  }
  if (!isObject(value)) return { problem: 'the JSON is not a Jupyter notebook: it is not an object', offset: 0 };
  const root = { start: json.search(/\S/), end: json.length };
  const ranges = cellRanges(json, root, value);
  if (!Array.isArray(ranges)) return ranges;
  const values = Array.isArray(value.cells) ? value.cells : (value.worksheets as Json[]).flatMap((w) => w.cells as unknown[]);
  const cells: IpynbCell[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const cell = readCell(json, ranges[i], values[i], i + 1);
    if ('problem' in cell) return cell;
    cells.push(cell);
  }
  return { cells, language: languageOf(value.metadata) ?? languageOf((value.worksheets as Json[] | undefined)?.[0]?.metadata) };
}

/** True for a notebook ML Hygiene analyses: Python, or a kernel that does not say. */
export function isPythonNotebook(nb: Ipynb): boolean {
  return nb.language === undefined || /^(?:i?python\d*)$/i.test(nb.language);
}
