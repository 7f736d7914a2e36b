import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `dill` loading: dill deserialization runs code from the data. */
export const dillLoad = defineRule({
  code: 'MLH102',
  name: 'dill-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'dill deserialization runs code from the data',
  nosec: ['B301', 'B403'],
  noqa: ['S301'],
  calls: ['dill.load', 'dill.loads', 'dill.Unpickler', 'dill.load_session', 'dill.load_module'],
  check: (site, ctx) =>
    alwaysUnsafe(site, ctx, 'runs any code embedded in the dill pickle it reads', 'Load only files this project wrote, or store data as JSON, safetensors or skops.'),
});
