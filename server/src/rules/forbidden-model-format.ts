import { defineRule } from './defineRule';
import { describeFormat, PICKLE_FAMILY } from './shared/saves/formats';
import { formatViolation } from './shared/saves/policy';
import { saveMigrations } from './shared/saves/saveMigrations';
import { entryPath, governedSave, SAVE_SITES } from './shared/saves/saveRule';

/** The safe formats to suggest, by the library that saves. */
function alternative(format: string): string {
  if (format === 'pytorch-pickle') return 'safetensors (`safetensors.torch.save_model`) or ONNX';
  if (format === 'keras-h5') return 'the `.keras` format';
  if (format === 'mlflow-model') return 'a flavor that stores a safe format (onnx, transformers) or an approved exception';
  return 'skops (`skops.io.dump`) or ONNX for scikit-learn models';
}

/**
 * A save whose format the policy does not allow where the matched entry runs (catalog.md §8.5):
 * Error in production, Warning in other tiers, unless an approved, unexpired exception exists.
 */
export const forbiddenModelFormat = defineRule({
  code: 'MLH302',
  name: 'forbidden-model-format',
  family: 'save',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'Model saved in a format the catalog policy forbids where it runs',
  nosec: [],
  noqa: [],
  ...SAVE_SITES,
  check(site, ctx) {
    const governed = governedSave(site, ctx);
    const match = governed?.match;
    const catalog = governed?.context.catalog;
    if (!governed || !catalog || !match || !('entry' in match) || !match.entry.valid) return undefined;
    const { save, context } = governed;
    const violation = formatViolation(save, match.entry, catalog.policy, context.today);
    if (!violation) return undefined;
    const lapsed = violation.lapsed.length
      ? ` The exception for it ${violation.lapsed.some((x) => x.expires && x.expires.slice(0, 10) < context.today) ? `expired on ${violation.lapsed[0].expires}` : 'lacks a justification, an approver or an expiry date'}.`
      : '';
    const pickled = PICKLE_FAMILY.has(save.format) || (save.inner !== undefined && PICKLE_FAMILY.has(save.inner));
    return {
      severity: violation.tier === 'production' ? 'error' : 'warning',
      message: `\`${save.api}\` saves \`${match.entry.id}\` as ${describeFormat(save.format, save.inner)}, which the catalog policy does not allow in ${violation.tier} (${entryPath(context, match.entry.file)})${pickled ? ': whoever can replace the file runs code where it is loaded (CWE-502)' : ''}. Use ${alternative(save.format)}.${lapsed}`,
      fixes: saveMigrations(save, ctx, governed.path),
    };
  },
});
