import { type Format, UNSAFE_DESERIALIZATION } from '../../../catalog/schemaTypes';

export type { Format };

/** Formats whose loading unpickles (catalog.md: `unsafeDeserialization: true`). */
export const PICKLE_FAMILY: ReadonlySet<Format> = UNSAFE_DESERIALIZATION;

/** What a format is, in a few words, for messages. */
export function describeFormat(format: Format, inner?: Format): string {
  if (format === 'mlflow-model' && inner) return `an MLflow model (${inner} inside)`;
  if (PICKLE_FAMILY.has(format)) return `${format} (pickle-based: loading it runs code)`;
  if (format === 'keras-h5') return 'keras-h5 (legacy HDF5: Lambda layers are rebuilt from bytecode)';
  return format;
}
