import { defineRule } from './defineRule';
import { entryPath, governedSave, matchedEntry, SAVE_SITES } from './shared/saves/saveRule';

/** A save of a model whose catalog entry is deprecated or retired (catalog.md §8.4.3). */
export const retiredModelSave = defineRule({
  code: 'MLH303',
  name: 'retired-model-save',
  family: 'save',
  cwe: 1059,
  defaultSeverity: 'warning',
  title: 'Save of a model whose catalog entry is deprecated or retired',
  nosec: [],
  noqa: [],
  ...SAVE_SITES,
  check(site, ctx) {
    const governed = governedSave(site, ctx);
    const entry = matchedEntry(governed);
    if (!governed || !entry) return undefined;
    const { lifecycle, id } = entry;
    if (lifecycle !== 'deprecated' && lifecycle !== 'retired') return undefined;
    const next = lifecycle === 'retired' ? 'nothing should produce it any more' : 'plan its replacement before shipping a new version';
    return {
      message: `\`${governed.save.api}\` saves \`${id}\`, whose catalog entry is ${lifecycle} (${entryPath(governed.context, governed.context.catalog?.get(id)?.file ?? '')}): ${next}, or move the entry back to \`active\` through review.`,
    };
  },
});
