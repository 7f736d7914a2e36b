import type { Node } from 'web-tree-sitter';

import { defineRule, type RuleContext } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';
import { skopsMigration } from './shared/migrations/skops';

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
  // An Unpickler subclass is Information when its class body defines find_class.
  moduleReads: ['find_class'],
  check(site, ctx) {
    if (overridesFindClass(site.resolved.subclass, ctx)) {
      return {
        severity: 'information',
        message: `\`${site.callee.text}\` restricts what it unpickles with \`find_class\`: keep its allow-list to plain data types.`,
      };
    }
    const draft = alwaysUnsafe(
      site,
      ctx,
      'runs any code embedded in the pickle it reads',
      'Load only files this project wrote, or store data as JSON, safetensors or skops.',
    );
    // A remote pickle cannot be converted by loading it once: no migration for it (Error).
    return draft.severity === 'error' ? draft : { ...draft, fixes: skopsMigration(site, ctx, 'pickle') };
  },
});

/** True when the class, or a class of this file it derives from, defines `find_class`. */
function overridesFindClass(subclass: Node | undefined, ctx: RuleContext): boolean {
  for (let cls = subclass, depth = 0; cls && depth < 8; depth++) {
    if (/\bdef\s+find_class\b/.test(cls.text)) return true;
    const base = cls.childForFieldName('superclasses')?.firstNamedChild;
    cls = base && base.type !== 'keyword_argument' ? ctx.index.resolve(base)?.subclass : undefined;
  }
  return false;
}
