import type { Node, Tree } from 'web-tree-sitter';

import type { CallSite, Draft, Rule, RuleContext } from '../rules/defineRule';
import type { CatalogContext } from '../rules/shared/saves/catalogView';
import { findCallSites } from './callSites';
import { fold } from './constants';
import { LineIndex } from './lineIndex';
import { findMethodSites } from './methodSites';
import { MAX_ELEMENTS, ModuleIndex } from './moduleIndex';
import { NO_PROJECT, type ProjectFacts } from './project';
import { planFor, prefilter } from './prefilter';
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
  /** The module is analysed once (a tree scan), not again at each edit: indexes that pay off once are built. */
  oneShot?: boolean;
}

export { mayHaveFindings } from './prefilter';

/** Runs the rules over one parsed module and returns its findings, sorted by position. */
export function analyze(tree: Tree, text: string, options: AnalysisOptions): Finding[] {
  const filter = prefilter(text, options.rules);
  if (!filter.parse) return [];
  const plan = planFor(options.rules);
  const index = new ModuleIndex(tree.rootNode, text, options.oneShot);
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
  if (plan.methods && filter.methods) sites.push(...findMethodSites(index, plan.methods));
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
 * checked as each in turn; the first that gives findings reports them, once per call. A method's
 * receiver taken from a loop's literal elements is checked one element at a time, so the other
 * names of its target fold to the same element (`for name, cls in [("a", A)]: cls.m(name)`).
 */
function methodDrafts(rule: Rule, site: CallSite, ctx: RuleContext): Draft[] {
  const loop = site.resolved.loop;
  const object = site.method ? site.callee.childForFieldName('object') : null;
  if (loop && object) {
    for (let i = 0; i < Math.min(loop.count, MAX_ELEMENTS); i++) {
      const drafts = ctx.index.withElement(loop.node, i, () => {
        const receiver = ctx.index.resolve(object);
        if (!receiver) return [];
        const path = `${receiver.path}.${site.method}`;
        return draftsFor(rule, { ...site, path, resolved: { ...site.resolved, path, certain: receiver.certain, element: i } }, ctx);
      });
      if (drafts.length > 0) return drafts;
    }
    return [];
  }
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
