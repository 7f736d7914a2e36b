// Bundles the engine's entry points from the TypeScript sources into one CommonJS file the fuzz
// workers can load (the product bundles export only the CLI's main and the server).
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { requireFromRoot, ROOT } from '../bench/lib.mjs';

/** Writes the engine bundle into `dir` and returns its path. */
export async function bundleEngine(dir) {
  const entry = [
    "export { createParser, loadPython } from './server/src/analysis/parser';",
    "export { analyze } from './server/src/analysis/analyzer';",
    "export { applyEdits, preferredEdits } from './server/src/analysis/applyFixes';",
    "export { NO_PROJECT } from './server/src/analysis/project';",
    "export { checkDocument } from './server/src/engine/checkDocument';",
    "export { checkFile } from './server/src/cli/checkFile';",
    "export { allRules } from './server/src/rules/index';",
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'fuzz-engine.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    // The same alias as esbuild.mjs: the CommonJS build of web-tree-sitter.
    alias: { 'web-tree-sitter': requireFromRoot.resolve('web-tree-sitter') },
  });
  const file = join(dir, 'engine.cjs');
  writeFileSync(file, result.outputFiles[0].contents);
  return file;
}
