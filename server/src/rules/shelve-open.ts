import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `shelve.open` and the `Shelf` classes: every value read back is unpickled. */
export const shelveOpen = defineRule({
  code: 'MLH107',
  name: 'shelve-open',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'shelve unpickles every value it reads',
  nosec: ['B301', 'B403'],
  noqa: ['S301'],
  calls: ['shelve.open', 'shelve.Shelf', 'shelve.DbfilenameShelf', 'shelve.BsdDbShelf'],
  check(site, ctx) {
    const flag = site.args.get('flag', 1);
    const folded = flag && ctx.fold(flag.value);
    // NOTE: flag="n" always creates a new, empty database: nothing old is read back.
    if (site.path === 'shelve.open' && folded?.kind === 'str' && folded.value === 'n') return undefined;
    return alwaysUnsafe(site, ctx, 'unpickles every value read from the shelf', 'Use a JSON file or sqlite3 for data that may come from elsewhere.');
  },
});
