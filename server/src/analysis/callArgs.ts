import type { Node } from 'web-tree-sitter';

import { fold } from './constants';
import type { ModuleIndex } from './moduleIndex';

/** One argument value found for a parameter, and where it came from. */
export interface ArgValue {
  value: Node;
  /** The `keyword_argument` node when passed by keyword in the call itself. */
  keyword?: Node;
  /** True when it came from a dict literal unpacked with `**`. */
  fromSplat: boolean;
}

/** The arguments of one call, with `**{...}` dict literals (and names bound to them) opened. */
export class CallArgs {
  readonly positional: Node[] = [];
  private readonly keywords = new Map<string, ArgValue>();
  /** `*args` present: any positional parameter may be set. */
  readonly hasStarArgs: boolean = false;
  /** `**kwargs` whose keys are not known: any keyword may be set. */
  readonly hasOpenKwargs: boolean = false;

  constructor(
    readonly list: Node | null,
    index: ModuleIndex,
  ) {
    for (const arg of list?.namedChildren ?? []) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) this.keywords.set(name.text, { value, keyword: arg, fromSplat: false });
      } else if (arg.type === 'list_splat') {
        this.hasStarArgs = true;
      } else if (arg.type === 'dictionary_splat') {
        const inner = arg.firstNamedChild;
        const dict = inner ? fold(inner, index) : { kind: 'unknown' as const };
        if (dict.kind !== 'dict' || dict.open) this.hasOpenKwargs = true;
        if (dict.kind === 'dict') {
          for (const [k, v] of dict.entries) if (!this.keywords.has(k)) this.keywords.set(k, { value: v, fromSplat: true });
        }
      } else if (this.keywords.size === 0) {
        this.positional.push(arg);
      }
    }
  }

  /** The value passed for a parameter, by keyword or (when given) by its position. */
  get(name: string, position?: number): ArgValue | undefined {
    const kw = this.keywords.get(name);
    if (kw) return kw;
    if (position !== undefined && position < this.positional.length) {
      return { value: this.positional[position], fromSplat: false };
    }
    return undefined;
  }

  /** True when a parameter may be set by an argument the analysis cannot see (`*a`, `**kw`). */
  mayBeHidden(position?: number): boolean {
    return this.hasOpenKwargs || (position !== undefined && this.hasStarArgs);
  }

  get count(): number {
    return this.positional.length + this.keywords.size;
  }
}
