/**
 * Model artifact formats as the catalog names them (catalog.md §7.1 `Format`), and the family
 * each belongs to.
 */

export const FORMATS = [
  'safetensors', 'onnx', 'gguf', 'keras', 'tf-savedmodel', 'torchscript',
  'xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost-cbm', 'pmml', 'skops',
  'pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle', 'keras-h5',
  'mlflow-model', 'other',
] as const;

export type Format = (typeof FORMATS)[number];

/** Formats whose loading unpickles (catalog.md: `unsafeDeserialization: true`). */
export const PICKLE_FAMILY: ReadonlySet<Format> = new Set(['pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle']);

/** What a format is, in a few words, for messages. */
export function describeFormat(format: Format, inner?: Format): string {
  if (format === 'mlflow-model' && inner) return `an MLflow model (${inner} inside)`;
  if (PICKLE_FAMILY.has(format)) return `${format} (pickle-based: loading it runs code)`;
  if (format === 'keras-h5') return 'keras-h5 (legacy HDF5: Lambda layers are rebuilt from bytecode)';
  return format;
}
