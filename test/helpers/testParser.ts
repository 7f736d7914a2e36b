import * as path from 'path';
import { strict as assert } from 'assert';
import type { Parser, Tree } from 'web-tree-sitter';

import { analyze, type AnalysisOptions } from '../../server/src/analysis/analyzer';
import { createParser, loadPython } from '../../server/src/analysis/parser';
import { parseForAnalysis } from '../../server/src/analysis/partialParse';
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

/**
 * Parses and analyses a source with all rules unless told otherwise. Every fixture is also
 * analysed as the CLI does it, once (`oneShot`), with the functions that cannot matter left out of
 * the tree (parseForAnalysis, with no minimum size): the findings and their fixes must be the same.
 * Not with rules of a test's own (a recorder's second run would record everything twice).
 */
export async function findingsOf(source: string, options: Partial<AnalysisOptions> = {}): Promise<Finding[]> {
  const p = await testParser();
  const rules = options.rules ?? allRules;
  const analysed = (tree: Tree | null, oneShot = false): Finding[] => {
    if (!tree) throw new Error('no tree');
    try {
      return analyze(tree, source, { rules, ...options, ...(oneShot ? { oneShot } : {}) });
    } finally {
      tree.delete();
    }
  };
  const findings = analysed(p.parse(source));
  if (rules.every((r) => allRules.includes(r))) {
    const partial = analysed(parseForAnalysis(p, source, allRules, 0), true);
    assert.deepEqual(partial, findings, 'the findings differ when functions that cannot matter are left out of the parse (parseForAnalysis)');
  }
  return findings;
}
