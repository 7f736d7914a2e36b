import type { Format } from './formats';

/**
 * The model-writing APIs of rules.md §3.5 and catalog.md §8.4.1, as data: the canonical path (or
 * method name), where the target is, and what the target is.
 */

/** What a save's target names: a file, a folder, a Hugging Face Hub repository or a registry name. */
export type TargetKind = 'file' | 'directory' | 'hub' | 'registry';

export interface CallApi {
  /** The target parameter: name and position (undefined position: keyword only). */
  target: [string, number | undefined];
  kind: TargetKind;
  /** The object saved: name and position. */
  model?: [string, number];
  format: Format;
}

const st = (module: string): Array<[string, CallApi]> => [[`safetensors.${module}.save_file`, { target: ['filename', 1], kind: 'file', model: ['tensors', 0], format: 'safetensors' }]];

/** Module-level save functions by canonical path. */
export const CALL_APIS: ReadonlyMap<string, CallApi> = new Map<string, CallApi>([
  ['torch.save', { target: ['f', 1], kind: 'file', model: ['obj', 0], format: 'pytorch-pickle' }],
  ['torch.jit.save', { target: ['f', 1], kind: 'file', model: ['m', 0], format: 'torchscript' }],
  ['torch.onnx.export', { target: ['f', 2], kind: 'file', model: ['model', 0], format: 'onnx' }],
  ['safetensors.torch.save_model', { target: ['filename', 1], kind: 'file', model: ['model', 0], format: 'safetensors' }],
  ...['torch', 'numpy', 'flax', 'tensorflow', 'paddle', 'mlx'].flatMap(st),
  ['joblib.dump', { target: ['filename', 1], kind: 'file', model: ['value', 0], format: 'joblib' }],
  ['pickle.dump', { target: ['file', 1], kind: 'file', model: ['obj', 0], format: 'pickle' }],
  ['dill.dump', { target: ['file', 1], kind: 'file', model: ['obj', 0], format: 'dill' }],
  ['cloudpickle.dump', { target: ['file', 1], kind: 'file', model: ['obj', 0], format: 'cloudpickle' }],
  ['skops.io.dump', { target: ['file', 1], kind: 'file', model: ['obj', 0], format: 'skops' }],
  ['keras.models.save_model', { target: ['filepath', 1], kind: 'file', model: ['model', 0], format: 'keras' }],
  ['keras.saving.save_model', { target: ['filepath', 1], kind: 'file', model: ['model', 0], format: 'keras' }],
  ['tensorflow.saved_model.save', { target: ['export_dir', 1], kind: 'directory', model: ['obj', 0], format: 'tf-savedmodel' }],
  ['onnx.save', { target: ['f', 1], kind: 'file', model: ['proto', 0], format: 'onnx' }],
  ['onnx.save_model', { target: ['f', 1], kind: 'file', model: ['proto', 0], format: 'onnx' }],
  ['mlflow.register_model', { target: ['name', 1], kind: 'registry', format: 'mlflow-model' }],
]);

/**
 * MLflow flavors and the serialization inside their model folder (catalog.md §8.4.1): sklearn,
 * pyfunc and the like cloudpickle the model by default, pytorch uses `torch.save`.
 */
export const MLFLOW_FLAVORS: Readonly<Record<string, Format>> = {
  sklearn: 'cloudpickle',
  pyfunc: 'cloudpickle',
  pytorch: 'pytorch-pickle',
  statsmodels: 'pickle',
  pmdarima: 'pickle',
  prophet: 'other',
  tensorflow: 'tf-savedmodel',
  keras: 'keras',
  onnx: 'onnx',
  transformers: 'safetensors',
  sentence_transformers: 'safetensors',
  xgboost: 'other',
  lightgbm: 'lightgbm-text',
  catboost: 'catboost-cbm',
  spark: 'other',
  h2o: 'other',
  spacy: 'other',
  fastai: 'cloudpickle',
  paddle: 'other',
  langchain: 'cloudpickle',
  llama_index: 'other',
};

/** `mlflow.<flavor>.log_model` and `save_model` for every known flavor. */
export const MLFLOW_CALLS: readonly string[] = Object.keys(MLFLOW_FLAVORS).flatMap((f) => [`mlflow.${f}.log_model`, `mlflow.${f}.save_model`]);

/** Methods that write a model, on a receiver the extraction then types. */
export const SAVE_METHODS = ['save', 'save_weights', 'save_pretrained', 'push_to_hub', 'save_model'] as const;
export type SaveMethod = (typeof SAVE_METHODS)[number];

/** Hugging Face libraries whose objects `save_pretrained` / `push_to_hub`. */
export const HF_ROOTS = new Set(['transformers', 'diffusers', 'peft', 'sentence_transformers', 'optimum', 'setfit', 'timm']);
/** Gradient-boosting libraries whose boosters `save_model`. */
export const BOOSTER_ROOTS = new Set(['xgboost', 'lightgbm', 'catboost']);
/** Libraries whose models `save` with pickle. */
export const PICKLING_ROOTS = new Set(['gensim', 'statsmodels']);

/** The modules a method save's receiver can come from (the pre-filter's import gate). */
export const RECEIVER_ROOTS = ['keras', 'tensorflow', 'tf_keras', 'torch', ...HF_ROOTS, ...BOOSTER_ROOTS, ...PICKLING_ROOTS];

/**
 * Libraries whose objects are models: a `pickle.dump` of one of them is a model save. Anything
 * else that resolves (pandas, numpy, the standard library) is data.
 */
export const MODEL_ROOTS = new Set([
  'sklearn', 'torch', 'keras', 'tensorflow', 'tf_keras', 'statsmodels', 'prophet', 'lightning', 'pytorch_lightning',
  'flax', 'jax', 'mlx', 'onnx', 'imblearn', 'pmdarima', 'sktime', 'spacy', ...HF_ROOTS, ...BOOSTER_ROOTS, ...PICKLING_ROOTS,
]);

/**
 * Receivers of `save_pretrained` that are not models: tokenizers, processors and configs sit
 * beside the weights but are not what the catalog declares.
 */
export const NOT_A_MODEL_CLASS = /(?:Tokenizer|Processor|FeatureExtractor|Config|Arguments|Scheduler)(?:Fast)?\b/;

/** Extensions that are never a model file: a `.save("plot.png")` on an unknown object is not a save. */
export const DATA_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.svg', '.pdf', '.tif', '.tiff', '.webp', '.csv', '.tsv', '.txt', '.md',
  '.html', '.xlsx', '.xls', '.docx', '.parquet', '.npy', '.npz', '.wav', '.mp3', '.mp4', '.avi', '.yaml', '.yml', '.log',
]);
