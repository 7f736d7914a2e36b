import { cloudpickleLoad } from './cloudpickle-load';
import type { Rule, RuleMeta } from './defineRule';
import { dillLoad } from './dill-load';
import { hfUnpinnedDownload } from './hf-unpinned-download';
import { forbiddenModelFormat } from './forbidden-model-format';
import { hubStateDictUnsafe } from './hub-state-dict-unsafe';
import { incompleteCatalogEntry } from './incomplete-catalog-entry';
import { invalidConfiguration } from './invalid-configuration';
import { joblibLoad } from './joblib-load';
import { jsonpickleDecode } from './jsonpickle-decode';
import { kerasLoadUnsafe } from './keras-load-unsafe';
import { marshalLoad } from './marshal-load';
import { numpyLoadAllowPickle } from './numpy-load-allow-pickle';
import { pandasReadPickle } from './pandas-read-pickle';
import { pickleLoad } from './pickle-load';
import { retiredModelSave } from './retired-model-save';
import { shellModelDownload } from './shell-model-download';
import { shelveOpen } from './shelve-open';
import { skopsLoadTrusted } from './skops-load-trusted';
import { tfSavedModelLoad } from './tf-saved-model-load';
import { torchDistributedObject } from './torch-distributed-object';
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
  urlModelDownload,
  shellModelDownload,
  unregisteredModelSave,
  forbiddenModelFormat,
  retiredModelSave,
  incompleteCatalogEntry,
];

/** Every rule code the tool reports, including those not tied to a Python call. */
export const allRuleMeta: readonly RuleMeta[] = [invalidConfiguration, unreadableFile, ...allRules];
