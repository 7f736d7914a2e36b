import type { RuleMeta } from './defineRule';

/**
 * A `.ipynb` file that is not a notebook ML Hygiene can read: not UTF-8, not JSON, or JSON of the
 * wrong shape (no cell list, a cell without a type, a source that is neither a string nor a list
 * of strings). Reported once on the file, where the problem is, so that a notebook nobody could
 * check never passes CI silently; the other files are still checked.
 */
export const invalidNotebook: RuleMeta = {
  code: 'MLH003',
  name: 'invalid-notebook',
  family: 'configuration',
  cwe: 20,
  defaultSeverity: 'warning',
  title: 'notebook could not be read (not JSON, or not a Jupyter notebook), so it was not checked',
};
