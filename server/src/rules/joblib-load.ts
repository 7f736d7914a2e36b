import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `joblib` loading: joblib.load unpickles the file. */
export const joblibLoad = defineRule({
  code: 'MLH105',
  name: 'joblib-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'joblib.load unpickles the file',
  nosec: ['B301'],
  noqa: [],
  calls: ['joblib.load'],
  check: (site, ctx) =>
    alwaysUnsafe(site, ctx, 'unpickles the file, running any code it carries', 'Load only files this project wrote; for scikit-learn models prefer skops (skops.io) or ONNX.'),
});
