import type { Rule } from '../../server/src/rules/defineRule';
import type { CatalogContext, CatalogEntryView, PolicyView } from '../../server/src/rules/shared/saves/catalogView';
import { SAVE_SITES } from '../../server/src/rules/shared/saves/saveRule';
import { type SaveSite, saveSiteOf } from '../../server/src/rules/shared/saves/saveSite';
import { findingsOf } from './testParser';

/** What a test compares of a save site: one line per save. */
export function describeSave(s: SaveSite): string {
  const target = s.registryName !== undefined ? `registry ${s.registryName}` : s.hubRepo !== undefined ? `hub ${s.hubRepo}` : s.template !== undefined ? `${s.kind} ${s.template}` : `${s.kind} ?`;
  return `${s.call.startPosition.row + 1} ${s.api} ${s.format}${s.inner ? `(${s.inner})` : ''} ${target}${s.certain ? '' : ' uncertain'}`;
}

/** The save sites the engine extracts from a source, described (a recording rule, no catalog needed). */
export async function savesIn(source: string): Promise<string[]> {
  const seen: string[] = [];
  const recorder: Rule = {
    code: 'MLH399', name: 'recorder', family: 'save', cwe: 0, defaultSeverity: 'hint', title: 'records save sites',
    ...SAVE_SITES,
    check(site, ctx) {
      const save = saveSiteOf(site, ctx);
      if (save) seen.push(describeSave(save));
      return undefined;
    },
  };
  await findingsOf(source, { rules: [recorder] });
  return seen;
}

export const ROOT = '/ws';

/** The default policy of catalog.md §8.5, as the rules read it. */
export const POLICY: PolicyView = {
  unsafe: ['pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle', 'keras-h5'],
  allowed: {
    sandbox: '*',
    development: '*',
    staging: ['safetensors', 'onnx', 'gguf', 'keras', 'tf-savedmodel', 'torchscript', 'xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost-cbm', 'pmml', 'skops', 'mlflow-model'],
    production: ['safetensors', 'onnx', 'gguf', 'keras', 'tf-savedmodel', 'torchscript', 'xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost-cbm', 'pmml', 'skops'],
  },
  exceptions: [],
};

/** A valid, complete entry in production unless told otherwise. */
export function entry(id: string, over: Partial<CatalogEntryView> = {}): CatalogEntryView {
  return { id, file: `${ROOT}/.mlcatalog/models/${id}.yaml`, valid: true, lifecycle: 'active', criticality: 'high', environments: [{ tier: 'production' }], match: {}, missing: [], ...over };
}

/** A catalog context for the analysis: the given entries, or no catalog at all. */
export function catalogOf(entries: CatalogEntryView[] | undefined, over: Partial<CatalogContext> & { policy?: PolicyView } = {}): CatalogContext {
  const { policy, ...rest } = over;
  return { root: ROOT, today: '2026-11-27', file: 'train.py', catalog: entries && { entries, policy: policy ?? POLICY }, ...rest };
}
