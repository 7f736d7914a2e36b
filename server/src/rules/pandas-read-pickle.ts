import { defineRule } from './defineRule';
import { alwaysUnsafe } from './shared/deserializer';

/** `pandas.read_pickle`: unpickles the file, and accepts URLs, so a remote pickle is one call away. */
export const pandasReadPickle = defineRule({
  code: 'MLH106',
  name: 'pandas-read-pickle',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'pandas.read_pickle unpickles the file',
  nosec: ['B301'],
  noqa: ['S301'],
  calls: ['pandas.read_pickle'],
  check: (site, ctx) =>
    alwaysUnsafe(
      site,
      ctx,
      'unpickles the file, running any code it carries',
      'Store tables as Parquet or Feather (`read_parquet`, `read_feather`).',
    ),
});
