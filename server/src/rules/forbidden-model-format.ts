import { formatVerdict, tiersOf } from '../catalog/policy';
import type { Tier } from '../catalog/schemaTypes';
import { defineRule } from './defineRule';
import { describeFormat, type Format, PICKLE_FAMILY } from './shared/saves/formats';
import { saveMigrations } from './shared/saves/saveMigrations';
import { entryPath, governedSave, matchedEntry, SAVE_SITES } from './shared/saves/saveRule';

/** Tiers from the most to the least demanding: the first refusal found is the one reported. */
const TIERS: readonly Tier[] = ['production', 'staging', 'development', 'sandbox'];

/** A safe format to suggest, by what is saved. */
function alternative(format: Format, allowed: readonly Format[]): string {
  const or = (fs: readonly Format[]) => (fs.length > 1 ? `${fs.slice(0, -1).join(', ')} or ${fs[fs.length - 1]}` : (fs[0] ?? 'a format the policy allows'));
  const pick = (...fs: Format[]) => or(fs.some((f) => allowed.includes(f)) ? fs.filter((f) => allowed.includes(f)) : allowed.slice(0, 3));
  if (format === 'pytorch-pickle') return pick('safetensors', 'onnx', 'torchscript');
  if (format === 'keras-h5') return pick('keras', 'tf-savedmodel');
  if (format === 'mlflow-model') return `a flavor that stores a safe format (${pick('onnx', 'safetensors')}) or an approved exception`;
  return pick('skops', 'onnx');
}

/**
 * A save whose format the policy does not allow where the matched entry runs (catalog.md §8.5,
 * decided by catalog/policy.ts formatVerdict): Error in production, Warning in other tiers,
 * unless an approved, unexpired exception exists. `other` (a format the analysis cannot name)
 * is never judged.
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
    const entry = matchedEntry(governed);
    const catalog = governed?.context.catalog;
    if (!governed || !entry || !catalog || governed.save.format === 'other') return undefined;
    const { save, context } = governed;
    const tiers = tiersOf(entry);
    for (const tier of TIERS.filter((t) => tiers.includes(t))) {
      const verdict = formatVerdict(catalog.policy.policy, save.format, tier, entry, context.now);
      if (verdict.allowed && verdict.exception && context.trusted === false) {
        return {
          severity: 'information',
          message: `\`${save.api}\` saves \`${entry.id}\` as ${describeFormat(save.format, save.inner)}, allowed in ${tier} only by an exception in this repository's catalog (approved by ${verdict.exception.exception.approvedBy ?? 'nobody named'}), shown because the workspace is not trusted.`,
        };
      }
      if (verdict.allowed) continue;
      const lapsed = verdict.unusable.map((x) => (x.expired ? `The exception for it expired on ${x.exception.expires}.` : `The exception for it lacks ${x.lacking.join(', ')}.`));
      const pickled = PICKLE_FAMILY.has(save.format) || save.format === 'keras-h5' || (save.inner !== undefined && PICKLE_FAMILY.has(save.inner));
      const file = entryPath(context, governed.match && 'entry' in governed.match ? governed.match.entry.file : '');
      return {
        severity: tier === 'production' ? 'error' : 'warning',
        message: `\`${save.api}\` saves \`${entry.id}\` as ${describeFormat(save.format, save.inner)}: ${verdict.reason} (${file})${pickled ? '; whoever can replace the file runs code where it is loaded (CWE-502)' : ''}. Use ${alternative(save.format, verdict.alternatives)}.${lapsed.length ? ` ${lapsed[0]}` : ''}`,
        fixes: saveMigrations(save, ctx, governed.path),
      };
    }
    return undefined;
  },
});
