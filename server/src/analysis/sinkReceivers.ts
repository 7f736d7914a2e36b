import type { CodeRegions } from './codeRegions';
import { lineEnd } from './definitionBodies';
import { boundNames, type ImportStatement } from './importStatements';
import type { KeepPlan } from './keepOffsets';
import { canonicalPath } from './knownModules';
import { occurrencesOf } from './nameOccurrences';

/** Calls through which the resolver reaches a module or attribute by its name. */
const RESOLVERS = ['getattr', '__import__', 'import_module'];
const MAX_DEPTH = 3;
/** How much of a line before a name the binding patterns read (each is a regex over it): minified code is not read. */
export const LONG_LINE = 2000;
/** After a name: it is assigned (`x =`, `x: T =`, `x, y =`, `x :=`). */
const ASSIGNED_AFTER = /^[ \t]*(?:(?::[^=\n]*)?=(?!=)|:=|,[^\n=]*[^=!<>]=(?!=))/;
const IDENTIFIER = /[A-Za-z_]\w*/g;

/**
 * Which receivers may lead to a sink, as the resolver would follow them: a name imported from a
 * sink's root module when the dotted path it then spells can become a sink (`requests.get`, not
 * `os.environ.get`), or a name bound (assigned, `with … as`, `for`) by a statement that names such
 * a module, a sink or a resolver (`getattr`), through up to MAX_DEPTH bindings. A parameter never
 * does (the resolver does not follow it), nor a subscript (`x[0].get`).
 */
export class Receivers {
  /** Names imported from a sink's root module, with the dotted path each is bound to. */
  private readonly imported = new Map<string, string>();
  /** Names imported as a sink's called name (`from torch import load as L`: `L`). */
  readonly aliases = new Set<string>();
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly text: string,
    private readonly plan: KeepPlan,
    private readonly code: CodeRegions,
    imports: ImportStatement[],
  ) {
    for (const statement of imports) {
      const fromSink = statement.from !== undefined && plan.roots.has(statement.from.split('.')[0]);
      for (const { name, source, path } of boundNames(statement)) {
        if (statement.from !== undefined && plan.words.has(source)) this.aliases.add(name);
        if (statement.from !== undefined ? fromSink : plan.roots.has(source.split('.')[0])) this.imported.set(name, path);
      }
    }
  }

  /** Whether `receiver.word`, the dot at `dot`, may resolve to a sink. */
  mayLead(dot: number, word: string): boolean {
    const chain = chainBefore(this.text, dot);
    if (!chain) return true;
    // `importlib.import_module("pickle").loads`: the resolver reads the module's name.
    if (RESOLVERS.some((r) => chain.suffix.includes(`.${r}(`))) return true;
    if (chain.subscripted) return false;
    const path = this.imported.get(chain.root);
    if (path !== undefined && this.plan.table.relevant(canonicalPath(`${path}${chain.suffix}.${word}`))) return true;
    return this.leads(chain.root, 0);
  }

  /** Whether `name` may be bound to what leads to a sink (at depth 0, not counting its own import). */
  private leads(name: string, depth: number): boolean {
    if (this.aliases.has(name) || this.plan.words.has(name) || RESOLVERS.includes(name)) return true;
    if (depth > 0 && this.imported.has(name)) return true;
    if (name === 'self' || name === 'cls' || depth >= MAX_DEPTH) return false;
    const key = `${depth}:${name}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    // NOTE: false while its bindings are looked at, so that `x = x.y` does not loop.
    this.known.set(key, false);
    let leads = false;
    for (const at of occurrencesOf(this.text, name)) {
      if (!this.code.isCode(at)) continue;
      // NOTE: a line too long to read (minified code) may bind anything.
      if (at - this.text.lastIndexOf('\n', at - 1) > LONG_LINE) {
        leads = true;
        break;
      }
      const statement = this.bindingAt(at, name);
      if (statement === undefined) continue;
      const names = new Set(statement.match(IDENTIFIER));
      names.delete(name);
      if ([...names].some((n) => this.leads(n, depth + 1))) {
        leads = true;
        break;
      }
    }
    this.known.set(key, leads);
    return leads;
  }

  /** The text of the statement that binds `name` at `at` (`x = …`, `with … as x`, `for x in …`), if it does. */
  private bindingAt(at: number, name: string): string | undefined {
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const before = text.slice(lineStart, at);
    const binds =
      ASSIGNED_AFTER.test(text.slice(at + name.length, at + name.length + 400)) || /\bas[ \t]+$/.test(before) || /^[ \t]*(?:async[ \t]+)?for\b/.test(before);
    if (!binds) return undefined;
    const lexed = lineEnd(text, lineStart);
    const end = lexed < 0 ? text.length : lexed;
    return text.slice(lineStart, Math.min(end, lineStart + 4000));
  }
}

/**
 * The dotted chain that ends at the dot `dot`: the name it starts from and the rest as a resolved
 * path spells it (`requests.Session().get` → `requests`, `.Session()`), or undefined when it
 * starts with something else (a literal, a bracket it cannot match).
 */
function chainBefore(text: string, dot: number): { root: string; suffix: string; subscripted: boolean } | undefined {
  let i = dot - 1;
  let suffix = '';
  let subscripted = false;
  for (;;) {
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    const ch = text[i];
    if (ch === ')' || ch === ']') {
      const open = openingOf(text, i);
      if (open < 0) return undefined;
      if (ch === ']') subscripted = true;
      else suffix = `()${suffix}`;
      i = open - 1;
      continue;
    }
    const end = i + 1;
    while (i >= 0 && /\w/.test(text[i])) i--;
    if (i + 1 === end || /\d/.test(text[i + 1])) return undefined;
    const name = text.slice(i + 1, end);
    let j = i;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    if (text[j] !== '.') return { root: name, suffix, subscripted };
    suffix = `.${name}${suffix}`;
    i = j - 1;
  }
}

/** The index of the bracket that opens the one closing at `close`, or -1 (strings are not skipped). */
function openingOf(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0 && close - i < 2000; i--) {
    const ch = text[i];
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '(' || ch === '[' || ch === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
