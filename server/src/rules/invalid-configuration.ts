import type { RuleMeta } from './defineRule';

/**
 * An invalid `[tool.ml-hygiene]` value in pyproject.toml: reported on the offending line; that
 * field falls back to its default and the rest of the configuration still applies.
 */
export const invalidConfiguration: RuleMeta = {
  code: 'MLH001',
  name: 'invalid-configuration',
  family: 'configuration',
  cwe: 1284,
  defaultSeverity: 'error',
  title: 'invalid [tool.ml-hygiene] configuration',
};
