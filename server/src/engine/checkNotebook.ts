import type { Tree } from 'web-tree-sitter';

import type { NotebookSource } from '../analysis/notebook/notebookSource';
import { type CheckOptions, type CheckResult, checkDocument } from './checkDocument';

/**
 * Checks a notebook's code cells as one module: the same rules, configuration and suppressions
 * as a Python file (the notebook's path governs them). Fixes that would write into masked IPython
 * syntax are dropped.
 */
export function checkNotebook(source: NotebookSource, filePath: string, tree: () => Tree, options: CheckOptions): CheckResult {
  const result = checkDocument(source.text, filePath, tree, options);
  return { ...result, findings: source.applicable(result.findings) };
}
