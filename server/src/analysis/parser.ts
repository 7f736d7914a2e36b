import * as path from 'path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';

let ready: Promise<Language> | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar once per process.
 * `wasmDir` holds `web-tree-sitter.wasm` and `tree-sitter-python.wasm` (next to the bundle).
 */
export function loadPython(wasmDir: string): Promise<Language> {
  ready ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
    return Language.load(path.join(wasmDir, 'tree-sitter-python.wasm'));
  })();
  return ready;
}

/** A parser bound to the Python grammar. One per thread is enough: parsing is synchronous. */
export function createParser(python: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}

interface Point {
  row: number;
  column: number;
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * A parsed document that reparses incrementally: the edit between the old and the new text is
 * found by their common prefix and suffix, applied to the old tree, and the old tree is reused.
 */
export class ParsedDocument {
  private current: Tree;

  constructor(
    private readonly parser: Parser,
    private textValue: string,
  ) {
    this.current = this.parse(textValue);
  }

  get text(): string {
    return this.textValue;
  }

  get tree(): Tree {
    return this.current;
  }

  /** Replaces the text, reparsing only what changed. */
  update(next: string): void {
    const prev = this.textValue;
    if (next === prev) return;
    const max = Math.min(prev.length, next.length);
    let start = 0;
    while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
    let oldEnd = prev.length;
    let newEnd = next.length;
    while (oldEnd > start && newEnd > start && prev.charCodeAt(oldEnd - 1) === next.charCodeAt(newEnd - 1)) {
      oldEnd--;
      newEnd--;
    }
    const startPosition = pointAt(prev, start);
    this.current.edit(new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition,
      oldEndPosition: pointAt(prev, oldEnd),
      newEndPosition: pointAt(next, newEnd),
    }));
    const old = this.current;
    this.current = this.parse(next, old);
    old.delete();
    this.textValue = next;
  }

  /** Frees the tree; the document must not be used afterwards. */
  dispose(): void {
    this.current.delete();
  }

  private parse(text: string, old?: Tree): Tree {
    const tree = this.parser.parse(text, old ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
