import type { RuleMeta } from './defineRule';

/** A `.keras` model holds a Lambda layer or names a module outside Keras: loading it runs code. */
export const kerasUnsafeConfig: RuleMeta = {
  code: 'MLH405',
  name: 'keras-unsafe-config',
  family: 'artifact',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'Keras model file holds a Lambda layer or a module outside Keras',
};
