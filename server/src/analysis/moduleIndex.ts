import type { Node } from 'web-tree-sitter';

import { type Binding, classify, type Use } from './bindings';
import { BUILTINS, canonicalPath, ENTER_RETURNS_SELF, STAR_EXPORTS } from './knownModules';
import { type ImportedName, importedNames, moduleStarImports } from './moduleImports';
import { isDottedRead, occurrencesOf, wordStarts } from './nameOccurrences';
import { scopeChain, type ScopeMemo, scopeOf, stringValue } from './syntax';

/** What an expression is known to denote: a dotted path such as `torch.load` or `yaml.SafeLoader`. */
export interface Resolved {
  path: string;
  /** False when several bindings could apply and they disagree. */
  certain: boolean;
  /** Set when the path was reached through a class that subclasses it. */
  subclass?: Node;
  /** Other paths it may denote: a name iterating over `(AutoModel, AutoTokenizer)` is each in turn. */
  others?: readonly string[];
  /** The `for` loop (or comprehension clause) whose literal elements it takes in turn, and how many. */
  loop?: { node: Node; count: number };
  /** Set while a call site is checked for that element of `loop` only (the analyzer's methodDrafts). */
  element?: number;
}

/** What a `for` target takes in turn: its loop, each element (or its part), and whether that is certain. */
interface EachElements {
  loop: Node;
  elements: Array<Node | undefined>;
  certain: boolean;
}

/** The most elements of one loop checked one by one (`ModuleIndex.withElement`). */
export const MAX_ELEMENTS = 64;

/** The bindings of one name in one scope, as bindingFor reads them. */
interface ScopeBindings {
  /** A `global name` statement in this scope sends reads to the module's bindings. */
  global: boolean;
  /** The runtime bindings (or, with none, the typing-only ones), in source order. */
  pool: Binding[];
  /** Every binding in the pool has the same known path. */
  onePath: boolean;
}

/** The index of the first item that starts at or after `offset` (items are in source order). */
function firstFrom(items: ReadonlyArray<{ start: number }>, offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last binding that starts before `offset` (bindings are in source order). */
function lastBefore(pool: readonly Binding[], offset: number): Binding | undefined {
  const i = firstFrom(pool, offset);
  return i > 0 ? pool[i - 1] : undefined;
}

interface NameInfo {
  bindings: Binding[];
  uses: Use[];
}

const MAX_DEPTH = 8;


/**
 * A lazily built index of one module's names: bindings with their scopes, found by scanning the
 * text for the name and classifying each occurrence, so no whole-tree walk is ever made.
 */
export class ModuleIndex {
  private readonly names = new Map<string, NameInfo>();
  private words?: Map<string, number[]>;
  private starImports: Array<{ module: string; start: number }> | undefined;
  private importList: ImportedName[] | undefined;
  private readonly scopes: ScopeMemo = new Map();
  private readonly facts = new Map<string, unknown>();
  private readonly grouped = new Map<string, Map<number, ScopeBindings>>();
  /** Loops being looked at one element at a time: the loop's node id → the element's index. */
  private readonly chosen = new Map<number, number>();
  private readonly elements = new Map<number, EachElements | undefined>();

  constructor(
    readonly root: Node,
    readonly text: string,
    /** Split the text into words once to find names (a module analysed once, in a tree scan). */
    private readonly splitWords = false,
  ) {}

  /**
   * A fact about this module computed once per analysis (an environment override in the text,
   * the save sites a migration matches against): rules ask for it once per call site.
   */
  memo<T>(key: string, build: () => T): T {
    if (!this.facts.has(key)) this.facts.set(key, build());
    return this.facts.get(key) as T;
  }

  /** Finds the occurrences of several names (from one tokenisation of the text) and caches them. */
  scan(names: Iterable<string>): void {
    const todo = [...names].filter((n) => !this.names.has(n));
    if (todo.length === 0) return;
    for (const name of todo) {
      const info: NameInfo = { bindings: [], uses: [] };
      this.names.set(name, info);
      for (const start of this.occurrences(name)) {
        // NOTE: `name.attr` outside an import line is always a read; record it without touching
        // the tree, since ML code reads `torch.` and `np.` thousands of times.
        if (isDottedRead(this.text, start, start + name.length)) {
          info.uses.push({ name, start });
          continue;
        }
        const node = this.root.descendantForIndex(start, start + name.length);
        if (!node || node.type !== 'identifier' || node.startIndex !== start || node.endIndex !== start + name.length) continue;
        const entry = classify(node, this.scopes);
        if (!entry) continue;
        if ('kind' in entry) info.bindings.push(entry);
        else info.uses.push(entry);
      }
    }
  }

  /** Where a name occurs as a whole word not after a dot (from the module's words when split). */
  private occurrences(name: string): number[] {
    // NOTE: only where the tree has the text: a name in a function body a partial parse left out has no node.
    if (this.splitWords && /^\w+$/.test(name)) return (this.words ??= wordStarts(this.text, this.root.tree.getIncludedRanges())).get(name) ?? [];
    return occurrencesOf(this.text, name);
  }

  /** The identifier node of a use (looked up on demand), or undefined inside a string or comment. */
  nodeOf(use: Use): Node | undefined {
    if (use.node) return use.node;
    const node = this.root.descendantForIndex(use.start, use.start + use.name.length);
    if (!node || node.type !== 'identifier' || node.startIndex !== use.start) return undefined;
    use.node = node;
    return node;
  }

  bindings(name: string): Binding[] {
    this.scan([name]);
    return this.names.get(name)?.bindings ?? [];
  }

  uses(name: string): Use[] {
    this.scan([name]);
    return this.names.get(name)?.uses ?? [];
  }

  /** The uses of a name that start in `[from, to)`, found by binary search (uses are in text order). */
  usesBetween(name: string, from: number, to: number): Use[] {
    const uses = this.uses(name);
    return uses.slice(firstFrom(uses, from), firstFrom(uses, to));
  }

  /** The binding of `name` that a read at `at` sees, and whether it is the only candidate. */
  bindingFor(name: string, at: Node): { binding: Binding; certain: boolean } | undefined {
    const byScope = this.bindingsByScope(name);
    if (byScope.size === 0) return undefined;
    // NOTE: a name bound once, in the module (`import torch`), is that binding wherever it is
    // read: no scope chain needed, and ML code reads `torch` and `np` thousands of times.
    const only = byScope.size === 1 ? byScope.values().next().value : undefined;
    if (only && !only.global && only.pool.length === 1 && only.pool[0].scope.type === 'module') return { binding: only.pool[0], certain: true };
    const chain = scopeChain(at, this.scopes);
    const module = chain[chain.length - 1];
    for (let i = 0; i < chain.length; i++) {
      let scope = chain[i];
      if (scope.type === 'class_definition' && i > 0) continue;
      if (byScope.get(scope.id)?.global) scope = module;
      const group = byScope.get(scope.id);
      if (!group || group.pool.length === 0) continue;
      const { pool } = group;
      const pick = (i === 0 && lastBefore(pool, at.startIndex)) || pool[pool.length - 1];
      return { binding: pick, certain: pool.length === 1 || group.onePath };
    }
    return undefined;
  }

  /**
   * A name's bindings grouped by scope, made once per name: a file with a thousand imports of
   * `torch` (a 50k-line generated file, found by scripts/fuzz.mjs) made each read filter them all.
   */
  private bindingsByScope(name: string): Map<number, ScopeBindings> {
    let byScope = this.grouped.get(name);
    if (byScope) return byScope;
    byScope = new Map();
    const here = new Map<number, Binding[]>();
    for (const b of this.bindings(name)) {
      const group = byScope.get(b.scope.id) ?? { global: false, pool: [], onePath: false };
      byScope.set(b.scope.id, group);
      if (b.kind === 'global') group.global = true;
      else here.set(b.scope.id, [...(here.get(b.scope.id) ?? []), b]);
    }
    for (const [id, all] of here) {
      const runtime = all.filter((b) => !b.typeOnly);
      const pool = runtime.length > 0 ? runtime : all;
      const group = byScope.get(id)!;
      group.pool = pool;
      group.onePath = pool.every((b) => b.path !== undefined && b.path === pool[0].path);
    }
    this.grouped.set(name, byScope);
    return byScope;
  }

  /** Resolves a name read at `at` to a dotted path, following imports, aliases and star imports. */
  resolveName(name: string, at: Node, depth = 0): Resolved | undefined {
    const found = this.bindingFor(name, at);
    if (!found) {
      const star = this.starSource(name, at.startIndex);
      if (star) return { path: canonicalPath(`${star}.${name}`), certain: true };
      return BUILTINS.has(name) ? { path: `builtins.${name}`, certain: true } : undefined;
    }
    const { binding, certain } = found;
    if (binding.typeOnly) return undefined;
    if (binding.kind === 'import' && binding.path) return { path: canonicalPath(binding.path), certain };
    if (binding.kind === 'assignment' && binding.value && depth < MAX_DEPTH) {
      const value = this.resolve(binding.value, depth + 1);
      return value && { ...value, certain: value.certain && certain };
    }
    if (binding.each && binding.value && depth < MAX_DEPTH) return this.resolveEach(binding, certain, depth + 1);
    if (binding.entered && binding.value && depth < MAX_DEPTH) {
      const value = this.resolve(binding.value, depth + 1);
      return value && ENTER_RETURNS_SELF.has(value.path) ? { ...value, certain: value.certain && certain } : undefined;
    }
    if (binding.kind === 'class' && binding.value && depth < MAX_DEPTH) {
      const base = binding.value.childForFieldName('superclasses')?.firstNamedChild;
      const value = base && base.type !== 'keyword_argument' ? this.resolve(base, depth + 1) : undefined;
      return value && { path: value.path, certain: value.certain, subclass: binding.value };
    }
    return undefined;
  }

  /**
   * Runs `fn` while the names bound by `loop` (a `for` statement or a comprehension's `for`
   * clause) take its element `i` only: resolution and constant folding then see one pair of
   * `for name, cls in [("a", A), ("b", B)]` at a time.
   */
  withElement<T>(loop: Node, i: number, fn: () => T): T {
    const before = this.chosen.get(loop.id);
    this.chosen.set(loop.id, i);
    try {
      return fn();
    } finally {
      if (before === undefined) this.chosen.delete(loop.id);
      else this.chosen.set(loop.id, before);
    }
  }

  /**
   * The elements a `for` target takes over a literal tuple, list or set (or a name bound to one):
   * for a name in a target tuple, the part in its place of each element (undefined where an
   * element is not a tuple of that length). Undefined when the iterable is not such a literal.
   */
  private eachElements(binding: Binding): EachElements | undefined {
    // NOTE: remembered per target: a loop over thousands of pairs is folded once per element checked.
    if (!this.elements.has(binding.node.id)) this.elements.set(binding.node.id, this.findEachElements(binding));
    return this.elements.get(binding.node.id);
  }

  private findEachElements(binding: Binding): EachElements | undefined {
    let items = binding.value;
    const loop = items?.parent;
    if (!items || !loop) return undefined;
    let certain = true;
    if (items.type === 'identifier') {
      const found = this.bindingFor(items.text, items);
      if (!found || found.binding.kind !== 'assignment' || !found.binding.value) return undefined;
      items = found.binding.value;
      certain = found.certain;
    }
    if (items.type === 'parenthesized_expression' && items.firstNamedChild) items = items.firstNamedChild;
    if (items.type !== 'tuple' && items.type !== 'list' && items.type !== 'set') return undefined;
    const place = binding.eachAt;
    const elements = items.namedChildren
      .filter((n): n is Node => !!n && n.type !== 'comment')
      .map((element): Node | undefined => {
        if (element.type === 'list_splat') return undefined;
        if (!place) return element;
        const tuple = element.type === 'parenthesized_expression' ? element.firstNamedChild : element;
        if (tuple?.type !== 'tuple' && tuple?.type !== 'list') return undefined;
        const parts = tuple.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
        return parts.length === place.of && parts.every((p) => p.type !== 'list_splat') ? parts[place.at] : undefined;
      });
    return { loop, elements, certain };
  }

  /**
   * The element a `for` target holds while its loop is looked at one element at a time
   * (withElement). With `read`, only for a read in the loop's own scope and statement, which
   * sees the target whatever else binds the name (`for name, cls in ...` twice in one module).
   */
  chosenElement(binding: Binding, read?: Node): Node | undefined {
    const loop = binding.each ? binding.value?.parent : undefined;
    const i = loop ? this.chosen.get(loop.id) : undefined;
    if (!loop || i === undefined) return undefined;
    if (read) {
      const holder = loop.type === 'for_in_clause' ? loop.parent : loop;
      if (!holder || read.startIndex < holder.startIndex || read.endIndex > holder.endIndex) return undefined;
      if (scopeOf(read, this.scopes).id !== binding.scope.id) return undefined;
    }
    return this.eachElements(binding)?.elements[i];
  }

  /**
   * What a `for` target over a literal tuple, list or set (or a name bound to one) denotes: the
   * first element that resolves, the others in `others`, certain only when they all agree; the
   * chosen element only, under withElement.
   */
  private resolveEach(binding: Binding, certain: boolean, depth: number): Resolved | undefined {
    const each = this.eachElements(binding);
    if (!each) return undefined;
    certain &&= each.certain;
    const i = this.chosen.get(each.loop.id);
    if (i !== undefined) {
      const element = each.elements[i];
      const value = element && this.resolve(element, depth + 1);
      return value && { path: value.path, certain: value.certain && certain };
    }
    const paths: Resolved[] = [];
    for (const element of each.elements) {
      const value = element && this.resolve(element, depth + 1);
      if (value) paths.push(value);
    }
    if (paths.length === 0) return undefined;
    const distinct = [...new Set(paths.map((p) => p.path))];
    const agree = distinct.length === 1 && paths.length === each.elements.length && paths.every((p) => p.certain);
    return {
      path: distinct[0],
      certain: certain && agree,
      ...(distinct.length > 1 ? { others: distinct.slice(1) } : {}),
      loop: { node: each.loop, count: each.elements.length },
    };
  }

  /** Resolves an expression to a dotted path; calls add `()` (`pickle.Unpickler().load`). */
  resolve(node: Node, depth = 0): Resolved | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node.text, node, depth);
      case 'parenthesized_expression': {
        const inner = node.firstNamedChild;
        return inner ? this.resolve(inner, depth + 1) : undefined;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        const base = object && attr ? this.resolve(object, depth + 1) : undefined;
        return base && attr ? { path: canonicalPath(`${base.path}.${attr.text}`), certain: base.certain } : undefined;
      }
      case 'call':
        return this.resolveCall(node, depth);
      default:
        return undefined;
    }
  }

  private resolveCall(node: Node, depth: number): Resolved | undefined {
    const fn = node.childForFieldName('function');
    const callee = fn ? this.resolve(fn, depth + 1) : undefined;
    if (!callee) return undefined;
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const first = args[0];
    if (callee.path === 'builtins.getattr' && first && args[1]) {
      const attr = stringValue(args[1]);
      const base = this.resolve(first, depth + 1);
      return attr && base ? { path: canonicalPath(`${base.path}.${attr}`), certain: base.certain } : undefined;
    }
    if ((callee.path === 'importlib.import_module' || callee.path === 'builtins.__import__') && first) {
      const module = stringValue(first);
      return module ? { path: canonicalPath(module), certain: callee.certain } : undefined;
    }
    return { path: `${callee.path}()`, certain: callee.certain };
  }

  /** The module a name came from through `from m import *` before `offset`, if the module exports it. */
  private starSource(name: string, offset: number): string | undefined {
    this.starImports ??= moduleStarImports(this.root, this.text, this.scopes);
    let source: string | undefined;
    for (const s of this.starImports) {
      if (s.start < offset && STAR_EXPORTS[s.module]?.includes(name)) source = s.module;
    }
    return source;
  }

  /** Every name bound by an import (`import a.b as c` → c = a.b), found from the `import` keywords. */
  imports(): readonly ImportedName[] {
    this.importList ??= importedNames(this.root, this.text);
    return this.importList;
  }
}
