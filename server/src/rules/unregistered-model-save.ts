import { defineRule } from './defineRule';
import { declareFixes, linkFixes } from './shared/saves/catalogFixes';
import { describeFormat, PICKLE_FAMILY } from './shared/saves/formats';
import { saveMigrations } from './shared/saves/saveMigrations';
import { entryPath, governedSave, SAVE_SITES } from './shared/saves/saveRule';
import { describeTarget } from './shared/saves/saveSite';

/**
 * A model save that no valid catalog entry declares (catalog.md §8.4.3), also when the workspace
 * has no catalog yet. Warning; Information when the receiver's type or the target is unknown.
 */
export const unregisteredModelSave = defineRule({
  code: 'MLH301',
  name: 'unregistered-model-save',
  family: 'save',
  cwe: 1059,
  defaultSeverity: 'warning',
  title: 'Model save that no catalog entry declares',
  nosec: [],
  noqa: [],
  ...SAVE_SITES,
  check(site, ctx) {
    const governed = governedSave(site, ctx);
    if (!governed) return undefined;
    const { save, context, match } = governed;
    if (match && 'entry' in match && match.entry.entry) return undefined;
    const what = `\`${save.api}\` writes a model as ${describeFormat(save.format, save.inner)} to ${describeTarget(save)}`;
    let why: string;
    if (!context.catalog) why = 'this workspace has no model catalog yet (.mlcatalog/): declare the model so it has an owner and a business use';
    else if (match && 'unknownId' in match) why = `\`# mlcatalog: ${match.unknownId}\` names no entry of the catalog`;
    else if (match && 'entry' in match) why = `it matches catalog entry \`${match.entry.id}\` (${entryPath(context, match.entry.file)}), which is not valid yet: complete it`;
    else why = 'no catalog entry declares it (by `# mlcatalog:` annotation, MLflow name, Hub repository or path)';
    const known = save.template !== undefined || save.registryName !== undefined || save.hubRepo !== undefined;
    const doubt = !save.certain ? " The receiver's type is not known here, so this may not be a model." : !known ? ' The target cannot be resolved here: link the save with `# mlcatalog: <id>`.' : '';
    return {
      severity: save.certain && known ? 'warning' : 'information',
      message: `${what}, but ${why}.${doubt}`,
      fixes: [
        ...(match && 'entry' in match ? [] : declareFixes(save, ctx, context)),
        ...linkFixes(save, ctx, context),
        ...(PICKLE_FAMILY.has(save.format) || save.format === 'keras-h5' ? saveMigrations(save, ctx, governed.path) : []),
      ],
    };
  },
});
