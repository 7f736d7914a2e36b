import * as path from 'path';
import type { Parser } from 'web-tree-sitter';

import { analyze, type AnalysisOptions } from '../../server/src/analysis/analyzer';
import { createParser, loadPython } from '../../server/src/analysis/parser';
import type { Finding } from '../../server/src/analysis/types';
import { allRules } from '../../server/src/rules';

let parser: Parser | undefined;

/** The wasm files straight from node_modules, so unit tests need no bundle. */
async function wasmDir(): Promise<string> {
  const fs = await import('fs/promises');
  const dir = path.join(__dirname, '..', '..', 'node_modules', '.ml-hygiene-test-wasm');
  await fs.mkdir(dir, { recursive: true });
  await fs.copyFile(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dir, 'web-tree-sitter.wasm'));
  await fs.copyFile(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), path.join(dir, 'tree-sitter-python.wasm'));
  return dir;
}

/** A parser for tests, created once. */
export async function testParser(): Promise<Parser> {
  parser ??= createParser(await loadPython(await wasmDir()));
  return parser;
}

/** Parses and analyses a source with all rules unless told otherwise. */
export async function findingsOf(source: string, options: Partial<AnalysisOptions> = {}): Promise<Finding[]> {
  const p = await testParser();
  const tree = p.parse(source);
  if (!tree) throw new Error('no tree');
  try {
    return analyze(tree, source, { rules: allRules, ...options });
  } finally {
    tree.delete();
  }
}
