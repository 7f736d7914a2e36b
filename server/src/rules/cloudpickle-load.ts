import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `cloudpickle` loading: cloudpickle deserialization runs code from the data. */
export const cloudpickleLoad = defineRule({
  code: 'MLH103',
  name: 'cloudpickle-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'cloudpickle deserialization runs code from the data',
  nosec: ['B301'],
  noqa: ['S301'],
  calls: ['cloudpickle.load', 'cloudpickle.loads'],
  check: (site, ctx) =>
    alwaysUnsafe(site, ctx, 'runs any code embedded in the pickle it reads', 'Load only files this project wrote, or store data as JSON, safetensors or skops.'),
});
