import type { RuleMeta } from './defineRule';

/**
 * A model file (pickle, PyTorch, joblib, NumPy object array) imports a callable that runs code,
 * reaches files or the network, or that cannot be resolved: loading the file runs it.
 */
export const modelDangerousImport: RuleMeta = {
  code: 'MLH401',
  name: 'model-dangerous-import',
  family: 'artifact',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'model file imports a callable that can run code or reach files or the network when loaded',
};
