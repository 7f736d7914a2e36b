import type { Parser, Range, Tree } from 'web-tree-sitter';

import type { Rule } from '../rules/defineRule';
import { CodeRegions } from './codeRegions';
import { type FunctionBody, functionBodies } from './functionBodies';
import { LineIndex } from './lineIndex';
import { occurrencesOf } from './nameOccurrences';
import { planFor } from './prefilter';

/**
 * Names the analysis looks for anywhere in a module besides the sinks' (`callsOfPaths` of
 * `mlflow.log_artifact` links a save to its registration) and the statements that reach out of a
 * function: a body that spells one is always parsed.
 */
const MODULE_WIDE = ['log_artifact', 'log_artifacts', 'get_artifact_uri', 'global', 'nonlocal'];
/** Bodies shorter than this are parsed: a range costs more than the few tokens it saves. */
const MIN_CUT = 120;
const MAX_ROUNDS = 5;
const FROM_IMPORT = /^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]*(?:\(([^)]*)\)|((?:[^\n#\\]|\\\r?\n)*))/gm;
const STAR_IMPORT = /\bimport[ \t]*\*/g;
const ASSIGNED = /^[ \t]*((?:[A-Za-z_]\w*[ \t]*,[ \t]*)*[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/;
const BOUND_BEFORE = /(?:^[ \t]*(?:class|(?:async[ \t]+)?for)[ \t]+([\w, \t]+?)\b|([A-Za-z_]\w*)[ \t]*:=)/;
const CALLED = /[ \t]*\(/y;
const BOUND_AFTER = /^[^\n]*?\bas[ \t]+([A-Za-z_]\w*)/;

const wordsOf = new WeakMap<readonly Rule[], { re: RegExp; names: Set<string> }>();

/** The names a body must spell to matter: the called names of the sinks, the method sinks, MODULE_WIDE. */
function keepWords(rules: readonly Rule[]): { re: RegExp; names: Set<string> } {
  let words = wordsOf.get(rules);
  if (words) return words;
  const plan = planFor(rules);
  const names = new Set<string>([...plan.byMethod.keys(), ...MODULE_WIDE]);
  for (const pairs of plan.pairsByWord.values()) for (const pair of pairs) names.add(pair.last);
  words = { names, re: new RegExp(`\\b(?:${[...names].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g') };
  wordsOf.set(rules, words);
  return words;
}

/**
 * Where the text spells something the analysis of `rules` may look at from inside a function: a
 * sink's called name after a dot or in quotes (`torch.load`, `getattr(m, "load")`), a method
 * sink, a name imported from a sink module (`from torch import load as L`) or assigned one
 * (`L = torch.load`, transitively), `global`. Undefined after a star import (any name may be a sink).
 */
export function keepOffsets(text: string, rules: readonly Rule[], code: CodeRegions): number[] | undefined {
  STAR_IMPORT.lastIndex = 0;
  for (let m = STAR_IMPORT.exec(text); m; m = STAR_IMPORT.exec(text)) if (code.isCode(m.index)) return undefined;
  const { re, names: words } = keepWords(rules);
  const keeps: number[] = [];
  let pending = new Set<string>();
  FROM_IMPORT.lastIndex = 0;
  for (let m = FROM_IMPORT.exec(text); m; m = FROM_IMPORT.exec(text)) {
    if (!code.isCode(m.index + m[0].length - 1)) continue;
    for (const part of (m[1] ?? m[2]).replace(/#[^\n]*/g, '').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (words.has(name)) pending.add(alias ?? name);
    }
  }
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!code.isCode(m.index)) continue;
    if (!MODULE_WIDE.includes(m[0]) && !dottedOrQuoted(text, m.index)) continue;
    keeps.push(m.index);
    boundBy(text, m.index, m[0].length, pending);
  }
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && pending.size; round++) {
    const next = new Set<string>();
    for (const name of pending) {
      seen.add(name);
      for (const at of occurrencesOf(text, name)) {
        if (!code.isCode(at)) continue;
        keeps.push(at);
        boundBy(text, at, name.length, next);
      }
    }
    pending = new Set([...next].filter((n) => !seen.has(n)));
  }
  return keeps.sort((a, b) => a - b);
}

function dottedOrQuoted(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[ \t\r\n\\]/.test(text[i])) i--;
  const before = text[i];
  return before === '.' || before === '"' || before === "'";
}

/**
 * Adds the names the statement at `at` binds to what is there: `L = torch.load`, `with … as f`.
 * Not when it is called there: `m = torch.load(f)` binds what the call returns, which is no sink.
 */
function boundBy(text: string, at: number, length: number, out: Set<string>): void {
  CALLED.lastIndex = at + length;
  if (CALLED.test(text)) return;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  const assigned = ASSIGNED.exec(before) ?? BOUND_BEFORE.exec(before);
  for (const group of assigned?.slice(1) ?? []) for (const name of group?.split(',') ?? []) if (name.trim()) out.add(name.trim());
  const after = BOUND_AFTER.exec(text.slice(at + length, at + length + 400));
  if (after) out.add(after[1]);
}

/**
 * The ranges to parse for a one-shot analysis: the whole text but the bodies of functions that
 * spell nothing the analysis looks at. A body left out keeps one character (a name's second,
 * so that no name is found to start there), indented as its first statement, for the `def` to
 * stay valid. Undefined when there is nothing worth leaving out.
 */
export function analysedRanges(text: string, rules: readonly Rule[], minCut = MIN_CUT): Range[] | undefined {
  const bodies = functionBodies(text);
  if (!bodies?.length) return undefined;
  const code = new CodeRegions(text);
  const keeps = keepOffsets(text, rules, code);
  if (!keeps) return undefined;
  const cuts: Array<FunctionBody & { stub: number }> = [];
  let cutEnd = -1;
  const STUB = /\w\w/g;
  for (const body of bodies) {
    if (body.first < cutEnd || body.end - body.first < minCut || hasKeep(keeps, body)) continue;
    STUB.lastIndex = body.first;
    const m = STUB.exec(text);
    if (!m || m.index + 1 >= body.end) continue;
    cuts.push({ ...body, stub: m.index + 1 });
    cutEnd = body.end;
  }
  if (!cuts.length) return undefined;
  const lines = new LineIndex(text);
  const range = (startIndex: number, endIndex: number): Range => {
    const start = lines.positionAt(startIndex);
    const end = lines.positionAt(endIndex);
    return { startIndex, endIndex, startPosition: { row: start.line, column: start.character }, endPosition: { row: end.line, column: end.character } };
  };
  const ranges: Range[] = [];
  let at = 0;
  for (const cut of cuts) {
    ranges.push(range(at, cut.first), range(cut.stub, cut.stub + 1));
    at = cut.end;
  }
  ranges.push(range(at, text.length));
  return ranges;
}

function hasKeep(keeps: number[], body: FunctionBody): boolean {
  let lo = 0;
  let hi = keeps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keeps[mid] < body.first) lo = mid + 1;
    else hi = mid;
  }
  return lo < keeps.length && keeps[lo] < body.end;
}

/**
 * Parses a text that is analysed once (the CLI): the functions that cannot matter to `rules` are
 * left out of the tree (a third of the corpus's text), their text stays where it is. Falls back
 * to a whole parse when the partial tree has a syntax error the lexer did not foresee.
 */
export function parseForAnalysis(parser: Parser, text: string, rules: readonly Rule[], minCut = MIN_CUT): Tree | null {
  const includedRanges = analysedRanges(text, rules, minCut);
  if (!includedRanges) return parser.parse(text);
  const tree = parser.parse(text, null, { includedRanges });
  if (tree && !tree.rootNode.hasError) return tree;
  tree?.delete();
  return parser.parse(text);
}
