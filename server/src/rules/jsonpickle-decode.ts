import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `jsonpickle` loading: jsonpickle decoding instantiates arbitrary classes. */
export const jsonpickleDecode = defineRule({
  code: 'MLH104',
  name: 'jsonpickle-decode',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'jsonpickle decoding instantiates arbitrary classes',
  nosec: ['B301'],
  noqa: ['S301'],
  calls: ['jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler'],
  check: (site, ctx) =>
    alwaysUnsafe(site, ctx, 'instantiates any class named in the JSON it decodes and can run code', 'Load only files this project wrote, or store data as JSON, safetensors or skops.'),
});
