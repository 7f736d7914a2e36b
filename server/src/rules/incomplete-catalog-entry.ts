import { defineRule } from './defineRule';
import { entryPath, governedSave, SAVE_SITES } from './shared/saves/saveRule';

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
    const match = governed?.match;
    if (!governed || !match || !('entry' in match) || !match.entry.valid) return undefined;
    const { missing, id, file, criticality } = match.entry;
    if (missing.length === 0) return undefined;
    return {
      message: `\`${governed.save.api}\` saves \`${id}\`, whose catalog entry lacks what the policy requires of a ${criticality ?? ''} model: ${missing.join(', ')}. Complete ${entryPath(governed.context, file)}.`,
    };
  },
});
