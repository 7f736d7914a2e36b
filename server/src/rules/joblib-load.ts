import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';
import { skopsMigration } from './shared/migrations/skops';

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
  check(site, ctx) {
    const draft = alwaysUnsafe(site, ctx, 'unpickles the file, running any code it carries', 'Load only files this project wrote; for scikit-learn models prefer skops (skops.io) or ONNX.');
    // A remote pickle cannot be converted by loading it once: no migration for it (Error).
    return draft.severity === 'error' ? draft : { ...draft, fixes: skopsMigration(site, ctx, 'joblib') };
  },
});
