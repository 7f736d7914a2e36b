import type { RuleMeta } from './defineRule';

/**
 * A model file is built in a way no normal writer produces and that makes loaders and scanners
 * disagree: frame tricks, globals mutated, computed callables, tampered or polyglot archives.
 */
export const modelFormatAnomaly: RuleMeta = {
  code: 'MLH404',
  name: 'model-format-anomaly',
  family: 'artifact',
  cwe: 20,
  defaultSeverity: 'warning',
  title: 'model file is malformed in a way that hides content from scanners or loaders',
};
