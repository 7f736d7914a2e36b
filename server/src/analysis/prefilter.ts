import type { Rule } from '../rules/defineRule';
import { type CodeRegions, codeRegionsOf, inRuns } from './codeRegions';
import { importStatements } from './importStatements';
import { previousChar } from './nameOccurrences';
import { pathSpellings, rootSpellings } from './knownModules';
import { methodRegex } from './methodSites';
import { SinkTable } from './sinks';

/** The names of one sink's dotted path, module root first, that a file must all mention to need a parse. */
interface Pair {
  words: string[];
  /** The name the call is made by (`pipeline` of `transformers.pipeline`). */
  last: string;
}

/** What the analysis of a rule set looks for, derived once from the registry. */
export interface Plan {
  table: SinkTable;
  byPath: Map<string, Rule[]>;
  /** The pairs each name belongs to: a name seen for the first time completes only those. */
  pairsByWord: Map<string, Pair[]>;
  /** One regex over every one of those names, as whole words. */
  words?: RegExp;
  /** The last names of the paths with more than one name. */
  lasts: Set<string>;
  /** Rules by the method they match on any receiver (`from_pretrained`). */
  byMethod: Map<string, Rule[]>;
  /** `.method` for every method sink: a file that has one may need a parse whatever else it has. */
  methods?: RegExp;
  /** An import line of a module the methods' receivers come from, when every method rule says. */
  receiverImports?: RegExp;
}

/** The pre-filter's answer for one text. */
export interface Prefilter {
  /** False when no rule can find anything: the file need not be parsed. */
  parse: boolean;
  /** The code calls one of the method sinks (`.from_pretrained`) with a receiver module imported. */
  methods: boolean;
}

const DYNAMIC_IMPORT = /\b(?:import_module|__import__)\s*\(/g;
/** An import statement, parenthesised or continued with backslashes over several lines. */

/** `import x`, `import a, x.y`, `from x.y import z` for the given roots, at any indentation. */
function importLineOf(roots: Iterable<string>): RegExp {
  const names = [...new Set([...roots].flatMap((r) => rootSpellings(r)))].join('|');
  return new RegExp(`^[ \\t]*(?:from[ \\t]+(?:${names})\\b|import[ \\t]+[^\\n#]*\\b(?:${names})\\b)`, 'gm');
}

const plans = new WeakMap<readonly Rule[], Plan>();

export function planFor(rules: readonly Rule[]): Plan {
  let plan = plans.get(rules);
  if (plan) return plan;
  const byPath = new Map<string, Rule[]>();
  const byMethod = new Map<string, Rule[]>();
  for (const rule of rules) for (const m of rule.methods ?? []) byMethod.set(m, [...(byMethod.get(m) ?? []), rule]);
  const pairs = new Map<string, Pair>();
  for (const rule of rules) {
    for (const path of rule.calls) {
      byPath.set(path, [...(byPath.get(path) ?? []), rule]);
      // NOTE: an alias may end in another name (`model_zoo.load_url`), so each spelling counts.
      for (const spelling of pathSpellings(path)) {
        const parts = spelling.split(/[.()]+/).filter(Boolean);
        // NOTE: the middle names too (`torch.hub.list`: `hub`): every one is written where the
        // call resolves statically, and `torch` with `list` alone is nearly every ML file.
        for (const root of rootSpellings(parts[0])) {
          const words = [root, ...parts.slice(1)];
          pairs.set(words.join('.'), { words, last: words[words.length - 1] });
        }
      }
    }
  }
  const pairsByWord = new Map<string, Pair[]>();
  for (const pair of pairs.values()) for (const w of new Set(pair.words)) pairsByWord.set(w, [...(pairsByWord.get(w) ?? []), pair]);
  const words = [...pairsByWord.keys()].sort((a, b) => b.length - a.length);
  plan = {
    table: new SinkTable(byPath.keys()),
    byPath,
    pairsByWord,
    lasts: new Set([...pairs.values()].filter((p) => p.words.length > 1).map((p) => p.last)),
    words: words.length ? new RegExp(`\\b(?:${words.join('|')})\\b`, 'g') : undefined,
    byMethod,
    methods: methodRegex(byMethod.keys()),
    receiverImports: receiverGate(rules),
  };
  plans.set(rules, plan);
  return plan;
}

/** The receivers' import gate, when every rule with methods names where its receivers come from. */
function receiverGate(rules: readonly Rule[]): RegExp | undefined {
  const methodRules = rules.filter((r) => r.methods?.length);
  if (methodRules.length === 0 || methodRules.some((r) => !r.methodReceivers)) return undefined;
  return importLineOf(methodRules.flatMap((r) => r.methodReceivers ?? []));
}

let last: { text?: string; rules?: readonly Rule[]; answer: Prefilter } = { answer: { parse: false, methods: false } };

/**
 * Whether a text may give findings, from its words alone: for some rule, the code must mention
 * every name of the dotted path it matches, the last one where a call could reach it (after a
 * dot, in an import, or in a string that `getattr` may read), or call a method sink. Comments
 * and prose or code samples in strings do not count. A file that fails this is never parsed.
 */
export function prefilter(text: string, rules: readonly Rule[]): Prefilter {
  // NOTE: checkDocument asks before parsing and analyze() asks again: answer the second from memory.
  if (last.text === text && last.rules === rules) return last.answer;
  const plan = planFor(rules);
  const code = codeRegionsOf(text);
  const methods = mentionsMethod(plan, text, code);
  const answer = { methods, parse: methods || mentionsPath(plan, text, code) };
  last = { text, rules, answer };
  return answer;
}

export function mayHaveFindings(text: string, rules: readonly Rule[]): boolean {
  return prefilter(text, rules).parse;
}

/** The first match of a global regex that starts in code (`at` picks the offset to test). */
function matchInCode(re: RegExp, text: string, code: CodeRegions, at = (m: RegExpExecArray) => m.index): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) if (code.isCode(at(m))) return true;
  return false;
}

/**
 * True when the code has `.name` for a method sink (a plain substring search rules most files out
 * first) and imports a module the receivers come from: library code that reaches its own classes
 * through relative imports cannot match, and need not be parsed for them.
 */
function mentionsMethod(plan: Plan, text: string, code: CodeRegions): boolean {
  if (!plan.methods || ![...plan.byMethod.keys()].some((m) => text.includes(m))) return false;
  if (!matchInCode(plan.methods, text, code, (m) => m.index + m[0].length - m[1].length)) return false;
  return !plan.receiverImports || matchInCode(plan.receiverImports, text, code, (m) => m.index + m[0].length - 1) || matchInCode(DYNAMIC_IMPORT, text, code);
}

function mentionsPath(plan: Plan, text: string, code: CodeRegions): boolean {
  if (!plan.words) return false;
  const seen = new Set<string>();
  const reached = new Set<string>();
  let reach: Reach | undefined;
  const complete = (pair: Pair) => pair.words.every((w) => seen.has(w)) && (pair.words.length === 1 || reached.has(pair.last));
  plan.words.lastIndex = 0;
  for (let m = plan.words.exec(text); m; m = plan.words.exec(text)) {
    const word = m[0];
    const reachable = plan.lasts.has(word) && !reached.has(word);
    if (seen.has(word) && !reachable) continue;
    if (!code.isCode(m.index)) continue;
    seen.add(word);
    if (reachable && (reach ??= new Reach(text, code)).reaches(m.index, m.index + word.length)) reached.add(word);
    if (plan.pairsByWord.get(word)?.some(complete)) return true;
  }
  return false;
}

/**
 * Where a name can be what a call resolves through: after a dot (`transformers.pipeline`,
 * `t . pipeline`), in an import statement, in a string (`getattr(m, "load")`), anywhere at all
 * after a star import. `pipeline` as a plain variable of a diffusers file cannot be
 * `transformers.pipeline` unless one of these brings it in.
 */
class Reach {
  private imports?: { from: number[]; to: number[] };
  private readonly star: boolean;

  constructor(
    private readonly text: string,
    code: CodeRegions,
  ) {
    this.star = importStatements(text).some((s) => s.star && code.isCode(s.keyword));
  }

  reaches(offset: number, end: number): boolean {
    if (this.star) return true;
    const before = this.text[previousChar(this.text, offset)];
    const quoted = (before === '"' || before === "'") && this.text[end] === before;
    return before === '.' || quoted || this.inImport(offset);
  }

  private inImport(offset: number): boolean {
    if (!this.imports) {
      this.imports = { from: [], to: [] };
      for (const statement of importStatements(this.text)) {
        this.imports.from.push(statement.start);
        this.imports.to.push(statement.end);
      }
    }
    return inRuns(this.imports.from, this.imports.to, offset);
  }
}
