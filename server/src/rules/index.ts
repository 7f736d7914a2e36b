import { cloudpickleLoad } from './cloudpickle-load';
import type { Rule, RuleMeta } from './defineRule';
import { dillLoad } from './dill-load';
import { hfPickleFallback } from './hf-pickle-fallback';
import { hfUnpinnedDownload } from './hf-unpinned-download';
import { forbiddenModelFormat } from './forbidden-model-format';
import { hubStateDictUnsafe } from './hub-state-dict-unsafe';
import { incompleteCatalogEntry } from './incomplete-catalog-entry';
import { invalidConfiguration } from './invalid-configuration';
import { invalidNotebook } from './invalid-notebook';
import { joblibLoad } from './joblib-load';
import { jsonpickleDecode } from './jsonpickle-decode';
import { kerasLoadUnsafe } from './keras-load-unsafe';
import { kerasUnsafeConfig } from './keras-unsafe-config';
import { marshalLoad } from './marshal-load';
import { modelDigestMismatch } from './model-digest-mismatch';
import { modelDangerousImport } from './model-dangerous-import';
import { modelFormatAnomaly } from './model-format-anomaly';
import { modelScanInconclusive } from './model-scan-inconclusive';
import { modelUnknownImport } from './model-unknown-import';
import { numpyLoadAllowPickle } from './numpy-load-allow-pickle';
import { pandasReadPickle } from './pandas-read-pickle';
import { pickleLoad } from './pickle-load';
import { retiredModelSave } from './retired-model-save';
import { shellModelDownload } from './shell-model-download';
import { shelveOpen } from './shelve-open';
import { skopsLoadTrusted } from './skops-load-trusted';
import { tfSavedModelLoad } from './tf-saved-model-load';
import { torchDistributedObject } from './torch-distributed-object';
import { torchHubLoad } from './torch-hub-load';
import { torchJitLoad } from './torch-jit-load';
import { torchLoadUnsafe } from './torch-load-unsafe';
import { torchPackageImporter } from './torch-package-importer';
import { trustRemoteCode } from './trust-remote-code';
import { unreadableFile } from './unreadable-file';
import { unregisteredModelSave } from './unregistered-model-save';
import { urlModelDownload } from './url-model-download';
import { yamlLoadUnsafe } from './yaml-load-unsafe';

/** Every rule that analyses Python code, in code order. The one place rules are registered. */
export const allRules: readonly Rule[] = [
  pickleLoad,
  dillLoad,
  cloudpickleLoad,
  jsonpickleDecode,
  joblibLoad,
  pandasReadPickle,
  shelveOpen,
  marshalLoad,
  numpyLoadAllowPickle,
  torchLoadUnsafe,
  yamlLoadUnsafe,
  torchJitLoad,
  torchPackageImporter,
  torchDistributedObject,
  kerasLoadUnsafe,
  skopsLoadTrusted,
  tfSavedModelLoad,
  hubStateDictUnsafe,
  hfUnpinnedDownload,
  trustRemoteCode,
  hfPickleFallback,
  torchHubLoad,
  urlModelDownload,
  shellModelDownload,
  unregisteredModelSave,
  forbiddenModelFormat,
  retiredModelSave,
  incompleteCatalogEntry,
];

/** The model-file scanner's rules (server/src/artifacts), in code order. */
export const artifactRules: readonly RuleMeta[] = [modelDangerousImport, modelUnknownImport, modelScanInconclusive, modelFormatAnomaly, kerasUnsafeConfig, modelDigestMismatch];

/** Every rule code the tool reports, including those not tied to a Python call. */
export const allRuleMeta: readonly RuleMeta[] = [invalidConfiguration, unreadableFile, invalidNotebook, ...allRules, ...artifactRules];
