import type { Parser, Point, Range, Tree } from 'web-tree-sitter';

import type { Rule } from '../rules/defineRule';
import { codeRegionsOf } from './codeRegions';
import { type DefinitionBody, definitionBodies } from './definitionBodies';
import { keepOffsets } from './keepOffsets';

/** Bodies shorter than this are parsed: a range costs more than the few tokens it saves. */
const MIN_CUT = 120;

/**
 * The ranges to parse for a one-shot analysis: the whole text but the bodies of functions and
 * classes that spell nothing the analysis of `rules` looks at (callers pass every rule: a rule's
 * fix may look at another rule's sinks). A body left out keeps one character (a name's second, so
 * that no name is found to start there), indented as its first statement, for the `def` or
 * `class` to stay valid. Undefined when there is nothing worth leaving out.
 */
export function analysedRanges(text: string, rules: readonly Rule[], minCut = MIN_CUT): Range[] | undefined {
  const bodies = definitionBodies(text);
  if (!bodies?.length) return undefined;
  const code = codeRegionsOf(text);
  const keeps = keepOffsets(text, rules, code);
  if (!keeps) return undefined;
  const cuts: Array<DefinitionBody & { stub: number }> = [];
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
  // NOTE: the rows of the boundaries only, counted as far as the last one: a line index of the
  // whole text cost a tenth of this function.
  const offsets: number[] = [];
  let at = 0;
  for (const cut of cuts) {
    offsets.push(at, cut.first, cut.stub, cut.stub + 1);
    at = cut.end;
  }
  offsets.push(at);
  const points = pointsAt(text, offsets);
  const ranges: Range[] = [];
  for (let i = 0; i + 1 < offsets.length; i += 2) ranges.push({ startIndex: offsets[i], endIndex: offsets[i + 1], startPosition: points[i], endPosition: points[i + 1] });
  // The last range runs to the end, as tree-sitter's default one does.
  ranges.push({ startIndex: at, endIndex: 0xffffffff, startPosition: points[points.length - 1], endPosition: { row: 0xffffffff, column: 0xffffffff } });
  return ranges;
}

/** The row and column of each offset (in ascending order). */
function pointsAt(text: string, offsets: number[]): Point[] {
  const points: Point[] = [];
  let row = 0;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  for (const offset of offsets) {
    while (nl !== -1 && nl < offset) {
      row++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    points.push({ row, column: offset - lineStart });
  }
  return points;
}

function hasKeep(keeps: number[], body: DefinitionBody): boolean {
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
 * Parses a text that is analysed once (the CLI): the functions and classes that cannot matter to
 * `rules` are left out of the tree (tree-sitter's included ranges: node offsets and texts are the
 * file's own), which spares most of the parse of a tree of ML code. Falls back to a whole parse
 * when the partial tree has a syntax error the lexer did not foresee.
 */
export function parseForAnalysis(parser: Parser, text: string, rules: readonly Rule[], minCut = MIN_CUT): Tree | null {
  const includedRanges = analysedRanges(text, rules, minCut);
  if (!includedRanges) return parser.parse(text);
  const tree = parser.parse(text, null, { includedRanges });
  if (tree && !tree.rootNode.hasError) return tree;
  tree?.delete();
  return parser.parse(text);
}
