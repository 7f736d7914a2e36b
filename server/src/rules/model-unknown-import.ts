import type { RuleMeta } from './defineRule';

/** A model file imports a global that is on neither list: loading the file calls code nobody vetted. */
export const modelUnknownImport: RuleMeta = {
  code: 'MLH402',
  name: 'model-unknown-import',
  family: 'artifact',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'model file imports a global that is not on the allow-list',
};
