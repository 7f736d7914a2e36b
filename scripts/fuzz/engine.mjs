// Bundles the engine's entry points from the TypeScript sources into one CommonJS file the fuzz
// workers can load (the product bundles export only the CLI's main and the server).
import { join } from 'node:path';

import { bundleSources } from '../bench/lib.mjs';

/** Writes the engine bundle into `dir` and returns its path. */
export function bundleEngine(dir) {
  return bundleSources(
    [
      "export { createParser, loadPython } from './server/src/analysis/parser';",
      "export { analyze } from './server/src/analysis/analyzer';",
      "export { applyEdits, preferredEdits } from './server/src/analysis/applyFixes';",
      "export { NO_PROJECT } from './server/src/analysis/project';",
      "export { checkDocument } from './server/src/engine/checkDocument';",
      "export { checkFile } from './server/src/cli/checkFile';",
      "export { parseForAnalysis } from './server/src/analysis/partialParse';",
      "export { allRules } from './server/src/rules/index';",
    ],
    join(dir, 'engine.cjs'),
  );
}
