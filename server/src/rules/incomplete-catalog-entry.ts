import { defineRule } from './defineRule';
import { entryPath, governedSave, matchedEntry, SAVE_SITES } from './shared/saves/saveRule';

/**
 * A save matched to an entry that lacks what the policy requires for its criticality
 * (catalog.md §8.5 `required.byCriticality`): Information, pointing at the YAML file.
 */
export const incompleteCatalogEntry = defineRule({
  code: 'MLH304',
  name: 'incomplete-catalog-entry',
  family: 'save',
  cwe: 1059,
  defaultSeverity: 'information',
  title: 'Catalog entry of a saved model lacks fields its criticality requires',
  nosec: [],
  noqa: [],
  ...SAVE_SITES,
  check(site, ctx) {
    const governed = governedSave(site, ctx);
    const entry = matchedEntry(governed);
    const record = entry && governed?.context.catalog?.get(entry.id);
    if (!governed || !record || record.missing.length === 0) return undefined;
    const missing = [...new Set(record.missing.map((m) => `${m.field} (${m.because})`))];
    return {
      message: `\`${governed.save.api}\` saves \`${record.id}\`, whose catalog entry lacks what the catalog policy requires: ${missing.join(', ')}. Complete ${entryPath(governed.context, record.file)}.`,
    };
  },
});
