import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `marshal.load(s)`: not meant for untrusted data; malformed input can crash the interpreter. */
export const marshalLoad = defineRule({
  code: 'MLH108',
  name: 'marshal-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'marshal is not safe for untrusted data',
  nosec: ['B302'],
  noqa: ['S302'],
  calls: ['marshal.load', 'marshal.loads'],
  check: (site, ctx) =>
    alwaysUnsafe(
      site,
      ctx,
      'reads code objects and is not secure against malicious data',
      'Use JSON for data; never marshal data from outside the process.',
    ),
});
