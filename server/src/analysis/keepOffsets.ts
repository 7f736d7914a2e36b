import type { Rule } from '../rules/defineRule';
import type { CodeRegions } from './codeRegions';
import { importStatements } from './importStatements';
import { occurrencesOf, previousChar } from './nameOccurrences';
import { planFor } from './prefilter';
import { LONG_LINE, Receivers } from './sinkReceivers';
import type { SinkTable } from './sinks';

/** The statements that reach out of a function: a body that spells one is always parsed. */
const REACHING_OUT = ['global', 'nonlocal'];
const MAX_ROUNDS = 5;
const ASSIGNED = /^[ \t]*((?:[A-Za-z_]\w*[ \t]*,[ \t]*)*[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/;
const BOUND_BEFORE = /(?:^[ \t]*(?:class|(?:async[ \t]+)?for)[ \t]+([\w, \t]+?)\b|([A-Za-z_]\w*)[ \t]*:=)/;
const CALLED = /[ \t]*\(/y;
const BOUND_AFTER = /^[^\n]*?\bas[ \t]+([A-Za-z_]\w*)/;

export interface KeepPlan {
  re: RegExp;
  table: SinkTable;
  /** The called names of the sinks and the method sinks. */
  words: Set<string>;
  methods: Set<string>;
  /** The root modules of the sinks (`torch`, `requests`, `_pickle`). */
  roots: Set<string>;
  /** Names that keep a body wherever they are spelled: the rules' `moduleReads`, REACHING_OUT. */
  anywhere: Set<string>;
}

const plans = new WeakMap<readonly Rule[], KeepPlan>();

function keepPlan(rules: readonly Rule[]): KeepPlan {
  let keep = plans.get(rules);
  if (keep) return keep;
  const plan = planFor(rules);
  const methods = new Set(plan.byMethod.keys());
  const anywhere = new Set([...REACHING_OUT, ...rules.flatMap((r) => r.moduleReads ?? [])]);
  const words = new Set<string>([...methods, ...anywhere]);
  const roots = new Set<string>();
  for (const pairs of plan.pairsByWord.values()) {
    for (const pair of pairs) {
      words.add(pair.last);
      roots.add(pair.words[0]);
    }
  }
  keep = { words, methods, roots, anywhere, table: plan.table, re: new RegExp(`\\b(?:${[...words].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g') };
  plans.set(rules, keep);
  return keep;
}

/**
 * Where the text spells something the analysis of `rules` may look at from inside a function:
 * a method sink (`.from_pretrained`), a sink's called name in quotes (`getattr(m, "load")`) or
 * after a dot on a receiver that may lead to a sink module (`requests.get`, `s.get` where
 * `s = requests.Session()`; not `kwargs.get`, `self.cache.get`), a name imported from a sink module
 * (`from torch import load as L`) or assigned one (`L = torch.load`, transitively), `global`,
 * a name some rule reads anywhere in the module (Rule.moduleReads). Undefined after a star
 * import: any name may then be a sink.
 */
export function keepOffsets(text: string, rules: readonly Rule[], code: CodeRegions): number[] | undefined {
  const imports = importStatements(text).filter((s) => code.isCode(s.keyword));
  if (imports.some((s) => s.star)) return undefined;
  const plan = keepPlan(rules);
  const receivers = new Receivers(text, plan, code, imports);
  const keeps: number[] = [];
  let pending = new Set<string>(receivers.aliases);
  plan.re.lastIndex = 0;
  for (let m = plan.re.exec(text); m; m = plan.re.exec(text)) {
    if (!code.isCode(m.index)) continue;
    const word = m[0];
    if (!plan.anywhere.has(word)) {
      const before = previousChar(text, m.index);
      if (before < 0) continue;
      const ch = text[before];
      if (ch === '.') {
        if (!plan.methods.has(word) && !receivers.mayLead(before, word)) continue;
      } else if (ch !== '"' && ch !== "'") continue;
    }
    keeps.push(m.index);
    if (!boundBy(text, m.index, word.length, pending)) return undefined;
  }
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && pending.size; round++) {
    const next = new Set<string>();
    for (const name of pending) {
      seen.add(name);
      for (const at of occurrencesOf(text, name)) {
        if (!code.isCode(at)) continue;
        keeps.push(at);
        if (!boundBy(text, at, name.length, next)) return undefined;
      }
    }
    pending = new Set([...next].filter((n) => !seen.has(n)));
  }
  return keeps.sort((a, b) => a - b);
}

/**
 * Adds the names the statement at `at` binds to what is there: `L = torch.load`, `with … as f`.
 * Not when it is called there: `m = torch.load(f)` binds what the call returns, which is no sink.
 * False when the line is too long to look at (minified code): nothing is then left out.
 */
function boundBy(text: string, at: number, length: number, out: Set<string>): boolean {
  CALLED.lastIndex = at + length;
  if (CALLED.test(text)) return true;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (at - lineStart > LONG_LINE) return false;
  const before = text.slice(lineStart, at);
  const assigned = ASSIGNED.exec(before) ?? BOUND_BEFORE.exec(before);
  for (const group of assigned?.slice(1) ?? []) for (const name of group?.split(',') ?? []) if (name.trim()) out.add(name.trim());
  const after = BOUND_AFTER.exec(text.slice(at + length, at + length + 400));
  if (after) out.add(after[1]);
  return true;
}
