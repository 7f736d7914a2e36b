import type { Node, Tree } from 'web-tree-sitter';

import type { CallSite, Draft, Rule, RuleContext } from '../rules/defineRule';
import type { CatalogContext } from '../rules/shared/saves/catalogView';
import { findCallSites } from './callSites';
import { fold } from './constants';
import { pathSpellings, rootSpellings } from './knownModules';
import { maskStringsAndComments } from './codeMask';
import { LineIndex } from './lineIndex';
import { findMethodSites, methodRegex } from './methodSites';
import { ModuleIndex } from './moduleIndex';
import { NO_PROJECT, type ProjectFacts } from './project';
import { SinkTable } from './sinks';
import { statementContext } from './fingerprint';
import { findSuppression, noqaEdit, statementAt } from './suppressions';
import type { Finding, Severity } from './types';

/** What one analysis needs besides the text and its tree. */
export interface AnalysisOptions {
  /** The enabled rules, after `select`/`ignore`. */
  rules: readonly Rule[];
  severity?: ReadonlyMap<string, Severity>;
  project?: ProjectFacts;
  /** The model catalog for the file, loaded by the engine (the MLH3xx rules need it). */
  catalog?: CatalogContext;
  /**
   * False in an untrusted workspace: the repository's `# noqa`/`# nosec` comments then do not
   * hide findings; they are shown as Information, marked as suppressed by the repository.
   */
  honourSuppressions?: boolean;
}

interface Plan {
  table: SinkTable;
  byPath: Map<string, Rule[]>;
  /** The names of a sink's dotted path (module root first) of which a file must contain all to need a parse. */
  pairs: string[][];
  /** The pairs each name belongs to: a name seen for the first time completes only those. */
  pairsByWord: Map<string, string[][]>;
  /** One regex over every one of those names, as whole words. */
  words: RegExp;
  /** Rules by the method they match on any receiver (`from_pretrained`). */
  byMethod: Map<string, Rule[]>;
  /** `.method` for every method sink: a file that has one may need a parse whatever else it has. */
  methods?: RegExp;
  /** An import line of a module the methods' receivers come from, when every method rule says. */
  receiverImports?: RegExp;
}

const DYNAMIC_IMPORT = /\b(?:import_module|__import__)\s*\(/;

/** `import x`, `import a, x.y`, `from x.y import z` for the given roots, at any indentation. */
function importLineOf(roots: Iterable<string>): RegExp {
  const names = [...new Set([...roots].flatMap((r) => rootSpellings(r)))].join('|');
  return new RegExp(`^[ \\t]*(?:from[ \\t]+(?:${names})\\b|import[ \\t]+[^\\n#]*\\b(?:${names})\\b)`, 'm');
}

const plans = new WeakMap<readonly Rule[], Plan>();

function planFor(rules: readonly Rule[]): Plan {
  let plan = plans.get(rules);
  if (plan) return plan;
  const byPath = new Map<string, Rule[]>();
  const byMethod = new Map<string, Rule[]>();
  for (const rule of rules) for (const m of rule.methods ?? []) byMethod.set(m, [...(byMethod.get(m) ?? []), rule]);
  const pairs: string[][] = [];
  for (const rule of rules) {
    for (const path of rule.calls) {
      byPath.set(path, [...(byPath.get(path) ?? []), rule]);
      // NOTE: an alias may end in another name (`model_zoo.load_url`), so each spelling counts.
      for (const spelling of pathSpellings(path)) {
        const parts = spelling.split(/[.()]+/).filter(Boolean);
        // NOTE: the middle names too (`torch.hub.list`: `hub`): every one is written where the
        // call resolves statically, and `torch` with `list` alone is nearly every ML file.
        for (const root of rootSpellings(parts[0])) pairs.push([root, ...parts.slice(1)]);
      }
    }
  }
  const unique = [...new Map(pairs.map((p) => [p.join('.'), p])).values()];
  const pairsByWord = new Map<string, string[][]>();
  for (const pair of unique) for (const w of new Set(pair)) pairsByWord.set(w, [...(pairsByWord.get(w) ?? []), pair]);
  const words = [...pairsByWord.keys()].sort((a, b) => b.length - a.length);
  plan = {
    table: new SinkTable(byPath.keys()),
    byPath,
    pairs: unique,
    pairsByWord,
    words: new RegExp(`\\b(?:${words.join('|')})\\b`, 'g'),
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

/**
 * True when the text has `.name` for a method sink (a plain substring search rules most files out
 * first) and imports a module the receivers come from: library code that reaches its own classes
 * through relative imports cannot match, and need not be parsed for them.
 */
function mentionsMethod(plan: Plan, text: string): boolean {
  if (!plan.methods || ![...plan.byMethod.keys()].some((m) => text.includes(m))) return false;
  plan.methods.lastIndex = 0;
  if (!plan.methods.test(text)) return false;
  return !plan.receiverImports || plan.receiverImports.test(text) || DYNAMIC_IMPORT.test(text);
}

/**
 * True when the code mentions, as whole words and for some rule, every name of the dotted path it
 * matches: a file that fails this cannot produce a finding, so it need not be parsed at all.
 * Comments and prose or code samples in strings do not count.
 */
export function mayHaveFindings(text: string, rules: readonly Rule[]): boolean {
  // NOTE: checkDocument asks before parsing and analyze() asks again: answer the second from memory.
  if (last.text === text && last.rules === rules) return last.result;
  const plan = planFor(rules);
  let result = mentions(plan, text);
  if (result) {
    const code = maskStringsAndComments(text);
    result = code === undefined || mentions(plan, code);
  }
  last = { text, rules, result };
  return result;
}

let last: { text?: string; rules?: readonly Rule[]; result: boolean } = { result: false };

function mentions(plan: Plan, text: string): boolean {
  if (mentionsMethod(plan, text)) return true;
  if (plan.pairs.length === 0) return false;
  const seen = new Set<string>();
  plan.words.lastIndex = 0;
  for (let m = plan.words.exec(text); m; m = plan.words.exec(text)) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    if (plan.pairsByWord.get(m[0])?.some((words) => words.every((w) => seen.has(w)))) return true;
  }
  return false;
}

/** Runs the rules over one parsed module and returns its findings, sorted by position. */
export function analyze(tree: Tree, text: string, options: AnalysisOptions): Finding[] {
  if (!mayHaveFindings(text, options.rules)) return [];
  const plan = planFor(options.rules);
  const index = new ModuleIndex(tree.rootNode, text);
  const ctx: RuleContext = { text, index, project: options.project ?? NO_PROJECT, catalog: options.catalog, fold: (n) => fold(n, index) };
  const lines = new LineIndex(text);
  // NOTE: one context per statement: a statement holding thousands of findings is read once.
  const contexts = new Map<number, string>();
  const contextOf = (statement: Node) => {
    let context = contexts.get(statement.id);
    if (context === undefined) contexts.set(statement.id, (context = statementContext(tree.rootNode, lines, statement)));
    return context;
  };
  const findings: Finding[] = [];
  const sites = findCallSites(index, plan.table);
  if (plan.methods && mentionsMethod(plan, text)) sites.push(...findMethodSites(index, plan.methods));
  for (const site of sites) {
    for (const rule of (site.method ? plan.byMethod.get(site.method) : plan.byPath.get(site.path)) ?? []) {
      for (const draft of methodDrafts(rule, site, ctx)) {
        const finding = toFinding(rule, draft, site, options, tree.rootNode, lines, contextOf);
        if (finding) findings.push(finding);
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/**
 * A receiver that may be one of several classes (`for cls in (AutoModel, AutoTokenizer)`) is
 * checked as each in turn; the first that gives findings reports them, once per call.
 */
function methodDrafts(rule: Rule, site: CallSite, ctx: RuleContext): Draft[] {
  let drafts = draftsFor(rule, site, ctx);
  for (const path of site.resolved.others ?? []) {
    if (drafts.length > 0) break;
    drafts = draftsFor(rule, { ...site, path, resolved: { ...site.resolved, path } }, ctx);
  }
  return drafts;
}

function draftsFor(rule: Rule, site: CallSite, ctx: RuleContext): Draft[] {
  if (!site.call) {
    if (rule.references === false) return [];
    return [{
      severity: 'information',
      message: `\`${site.callee.text}\` is passed as a value here; wherever it is called: ${rule.title}.`,
    }];
  }
  const result = rule.check(site, ctx);
  return result === undefined ? [] : Array.isArray(result) ? result : [result];
}

function toFinding(rule: Rule, draft: Draft, site: CallSite, options: AnalysisOptions, root: Node, lines: LineIndex, contextOf: (statement: Node) => string): Finding | undefined {
  const node = draft.node ?? site.callee;
  const statement = statementAt(root, node.startIndex);
  const finding: Finding = {
    code: rule.code,
    name: rule.name,
    severity: options.severity?.get(rule.code) ?? draft.severity ?? rule.defaultSeverity,
    message: draft.message,
    start: draft.range?.start ?? node.startIndex,
    end: draft.range?.end ?? node.endIndex,
    fixes: [
      ...(draft.fixes ?? []),
      { title: `Suppress ${rule.code} on this line (# noqa: ${rule.code})`, edits: [noqaEdit(root, lines, statement, rule.code)], preferred: false, noqa: rule.code },
    ],
    context: contextOf(statement),
  };
  const suppression = findSuppression(root, lines, statement, rule);
  if (!suppression) return finding;
  if (options.honourSuppressions !== false) return undefined;
  return {
    ...finding,
    severity: 'information',
    message: `Suppressed by this repository (${suppression.text}), shown because the workspace is not trusted: ${finding.message}`,
    suppressed: suppression,
    fixes: finding.fixes.slice(0, -1),
  };
}
