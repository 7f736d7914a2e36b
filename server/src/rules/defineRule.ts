import type { Node } from 'web-tree-sitter';

import type { CallArgs } from '../analysis/callArgs';
import type { Const } from '../analysis/constants';
import type { ModuleIndex, Resolved } from '../analysis/moduleIndex';
import type { ProjectFacts } from '../analysis/project';
import type { Family, Fix, Severity } from '../analysis/types';
import type { CatalogContext } from './shared/saves/catalogView';

/** A place where a function a rule cares about is called (or, with no `call`, referenced). */
export interface CallSite {
  /**
   * Canonical dotted path of what is called (`torch.load`, `pickle.Unpickler`); for a method sink,
   * the receiver's path plus the method (`transformers.AutoModel.from_pretrained`), or
   * `?.from_pretrained` when the receiver does not resolve.
   */
  path: string;
  /** Set for a method sink: the method name matched on any receiver. */
  method?: string;
  resolved: Resolved;
  /** The expression that denotes the function (`torch.load`, `T.load`, `getattr(torch, "load")`). */
  callee: Node;
  /** The call; absent when the function is only referenced (`map(pickle.load, files)`). */
  call?: Node;
  args: CallArgs;
}

/** What a rule's check has at hand besides the call site. */
export interface RuleContext {
  text: string;
  index: ModuleIndex;
  project: ProjectFacts;
  /**
   * The model catalog that governs the file (or where one would go); the save rules (MLH3xx)
   * report only when the engine looked it up.
   */
  catalog?: CatalogContext;
  fold(node: Node): Const;
}

/** What a rule reports; the engine adds the code, default severity and the suppression fix. */
export interface Draft {
  message: string;
  severity?: Severity;
  /** The range to underline; the callee by default. */
  node?: Node;
  /** An exact range inside `node` (a part of a string literal) to underline instead of the whole node. */
  range?: { start: number; end: number };
  fixes?: Fix[];
}

/** Rule metadata, shared by the docs, the README table, SARIF and the editor. */
export interface RuleMeta {
  code: string;
  /** kebab-case, equal to the file name. */
  name: string;
  family: Family;
  cwe: number;
  defaultSeverity: Severity;
  /** One line for tables and SARIF `shortDescription`. */
  title: string;
  /** Foreign suppression codes that also silence this rule: Bandit `# nosec`, Ruff/TorchFix `# noqa`. */
  nosec?: readonly string[];
  noqa?: readonly string[];
}

/** A rule: metadata, the canonical paths it matches, and a check per call site. */
export interface Rule extends RuleMeta {
  calls: readonly string[];
  /** Methods matched on any receiver (`from_pretrained`); the check decides by `site.path`. */
  methods?: readonly string[];
  /**
   * The top-level modules a method's receiver must come from for the rule to report it. A file
   * with no import of any of them (and no dynamic import) is then not parsed for these methods.
   */
  methodReceivers?: readonly string[];
  /**
   * Names the check looks for anywhere in the module, outside the call site's own function
   * (`mlflow.log_artifact` of a save's file, an Unpickler subclass's `find_class`): a one-shot
   * parse keeps every function or class body that spells one (analysis/partialParse.ts).
   */
  moduleReads?: readonly string[];
  /**
   * False when a bare reference to a matched function says nothing (`partial(requests.get, ...)`):
   * only calls are checked. By default a reference is reported as Information.
   */
  references?: boolean;
  check(site: CallSite, ctx: RuleContext): Draft | Draft[] | undefined;
}

/** Identity helper that keeps each rule's literal types and checks its shape at compile time. */
export function defineRule<R extends Rule>(rule: R): R {
  return rule;
}
