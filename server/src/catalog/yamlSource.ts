import { isMap, isPair, isScalar, isSeq, type Document, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';

import { LineIndex } from '../analysis/lineIndex';
import type { Position, Severity } from '../analysis/types';
import type { UnrecordedArtifact } from './newVersion';

/** A problem in a catalog file, at the key (or item) it is about: data the editor and the CLI show. */
export interface CatalogProblem {
  file: string;
  start: Position;
  end: Position;
  severity: Severity;
  message: string;
  /** On an entry (MLH305): the model file none of its versions records, which a quick fix can record. */
  unrecorded?: UnrecordedArtifact;
}

/** A YAML file as read: its text, its document (with source ranges) and where things are. */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineIndex;

  private readonly refused?: string;

  constructor(readonly file: string, readonly text: string) {
    this.lines = new LineIndex(text);
    this.refused = unreadableYaml(text);
    // NOTE: the core schema (YAML 1.2) keeps `2025-01-10T09:00:00Z` and `yes` as strings.
    this.doc = parseDocument(this.refused ? '' : text, { uniqueKeys: true, prettyErrors: false, schema: 'core' });
  }

  /** YAML syntax errors and duplicate keys; when there are any, the content is not trusted. */
  syntaxProblems(): CatalogProblem[] {
    if (this.refused) return [this.problemAt(0, lineEnd(this.text, 0), this.refused)];
    return this.doc.errors.map((e) => this.problemAt(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1), `YAML: ${e.message.split('\n')[0]}`));
  }

  /** The content as plain data, or the problem that prevents it (aliases that expand without bound, an unknown anchor). */
  data(): { value: unknown } | { problem: CatalogProblem } {
    try {
      return { value: this.doc.toJS({ maxAliasCount: 100 }) };
    } catch (err) {
      return { problem: this.problemAt(0, lineEnd(this.text, 0), `YAML: ${(err as Error).message.split('\n')[0]}`) };
    }
  }

  problemAt(start: number, end: number, message: string, severity: Severity = 'error'): CatalogProblem {
    return { file: this.file, start: this.lines.positionAt(start), end: this.lines.positionAt(end), severity, message };
  }

  /**
   * The offsets of what a path names: the key of a mapping entry, the item of a sequence. For a
   * path that does not exist (a missing field), the deepest part that does: its key, or the
   * whole document's first line.
   */
  rangeOf(path: readonly PropertyKey[]): [number, number] {
    let node: unknown = this.doc.contents;
    const start = rangeOfNode(node)?.[0] ?? 0;
    let found: [number, number] = [start, lineEnd(this.text, start)];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        const key = rangeOfNode(pair.key);
        if (key) found = key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        const r = rangeOfNode(node);
        if (r) found = [r[0], Math.min(r[1], lineEnd(this.text, r[0]))];
      } else break;
    }
    return found;
  }

  /** One problem per zod issue, at the offending key, saying what is wrong and where. */
  schemaProblems(issues: readonly z.core.$ZodIssue[], data: unknown): CatalogProblem[] {
    const out: CatalogProblem[] = [];
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const [s, e] = this.rangeOf([...issue.path, key]);
          out.push(this.problemAt(s, e, `${dotted([...issue.path, key])}: unknown field "${key}" (misspelt, or not part of the format)`));
        }
        continue;
      }
      const [s, e] = this.rangeOf(issue.path);
      const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined;
      const where = issue.path.length ? `${dotted(issue.path)}: ` : '';
      out.push(this.problemAt(s, e, missing ? `missing required field "${dotted(issue.path)}"` : `${where}${issue.message}`));
    }
    return out;
  }
}

function rangeOfNode(node: unknown): [number, number] | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** `versions[0].artifact.format`, as a reader of the YAML thinks of it. */
export function dotted(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}


/** Larger or deeper than any catalog file: not parsed at all (the parser recurses per level). */
const MAX_BYTES = 1_000_000;
const MAX_DEPTH = 100;

/** Why a text is refused before parsing, or undefined. */
export function unreadableYaml(text: string): string | undefined {
  if (text.length > MAX_BYTES) return `this file has ${text.length} characters; a catalog file is expected to be far smaller (at most ${MAX_BYTES}), so it is not read`;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    if (depth > MAX_DEPTH) return `collections are nested more than ${MAX_DEPTH} levels deep, so the file is not read`;
  }
  const indent = text.split('\n').reduce((m, l) => Math.max(m, l.length - l.trimStart().length), 0);
  if (indent > 2 * MAX_DEPTH) return `lines are indented more than ${2 * MAX_DEPTH} spaces, so the file is not read`;
  return undefined;
}
