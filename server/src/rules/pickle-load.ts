import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/**
 * `pickle.load`, `pickle.loads` and `pickle.Unpickler` (also through `_pickle`, `cPickle`):
 * unpickling runs any code the data carries. An `Unpickler` subclass that overrides
 * `find_class` is the documented mitigation and is reported as Information.
 */
export const pickleLoad = defineRule({
  code: 'MLH101',
  name: 'pickle-load',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'pickle deserialization runs code from the data',
  nosec: ['B301', 'B403'],
  noqa: ['S301'],
  calls: ['pickle.load', 'pickle.loads', 'pickle.Unpickler'],
  check(site, ctx) {
    const subclass = site.resolved.subclass;
    if (subclass && /\bdef\s+find_class\b/.test(subclass.text)) {
      return {
        severity: 'information',
        message: `\`${site.callee.text}\` restricts what it unpickles with \`find_class\`: keep its allow-list to plain data types.`,
      };
    }
    return alwaysUnsafe(
      site,
      ctx,
      'runs any code embedded in the pickle it reads',
      'Load only files this project wrote, or store data as JSON, safetensors or skops.',
    );
  },
});
