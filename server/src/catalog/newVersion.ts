import * as path from 'path';
import { parseDocument } from 'yaml';

import type { Format, HashAlg } from './schemaTypes';
import type { FieldChange } from './yamlEdit';

/** A model file whose digest no version records: what is needed to record it as a new version. */
export interface UnrecordedArtifact {
  /** The model file, and the folder `match.paths` are relative to (the catalog's base). */
  file: string;
  base: string;
  /** The format the scanner found by content (`pytorch-zip`, `pickle`, `hdf5`...). */
  scanFormat: string;
  sizeBytes: number;
  digest: { alg: HashAlg; content: string };
}

/** The catalog's format of a scanned file: by content first, by its name where content cannot tell. */
export function catalogFormat(scanFormat: string, file: string): Format {
  const ext = path.extname(file).toLowerCase();
  switch (scanFormat) {
    case 'pytorch-zip':
      return 'pytorch-pickle';
    case 'torchscript-zip':
      return 'torchscript';
    case 'safetensors':
    case 'onnx':
    case 'keras':
    case 'tf-savedmodel':
      return scanFormat;
    case 'hdf5':
      return ext === '.h5' || ext === '.hdf5' ? 'keras-h5' : 'other';
    default:
      if (ext === '.joblib') return 'joblib';
      if (scanFormat === 'pickle') return ['.pt', '.pth', '.ckpt', '.bin'].includes(ext) ? 'pytorch-pickle' : 'pickle';
      return 'other';
  }
}

/**
 * The change that appends a version recording `artifact` to an entry's YAML text (its digest,
 * format and size; the changelog asks the person to say what changed). The label follows the
 * entry's numbering: one more than the highest number, or the next free count. `currentVersion`
 * is left alone: recording a file is not approving it.
 */
export function newVersionChange(entryText: string, artifact: UnrecordedArtifact, now = new Date()): { change: FieldChange; label: string } {
  const data = parseDocument(entryText, { schema: 'core' }).toJS({ maxAliasCount: 100 }) as { versions?: Array<{ version?: unknown }> } | null;
  const versions = Array.isArray(data?.versions) ? data.versions : [];
  const labels = new Set(versions.map((v) => String(v?.version)));
  const numbers = [...labels].filter((l) => /^\d+$/.test(l)).map(Number);
  let next = numbers.length ? Math.max(...numbers) + 1 : versions.length + 1;
  while (labels.has(String(next))) next++;
  const label = String(next);
  const rel = path.relative(artifact.base, artifact.file).split(path.sep).join('/');
  const version = {
    version: label,
    createdAt: `${now.toISOString().slice(0, 19)}Z`,
    changelog: `Recorded from ${rel}, whose digest no version recorded: say what changed and why.`,
    artifact: {
      uri: rel,
      format: catalogFormat(artifact.scanFormat, artifact.file),
      sizeBytes: artifact.sizeBytes,
      hashes: [{ alg: artifact.digest.alg, content: artifact.digest.content }],
    },
  };
  return { change: versions.length ? { path: ['versions', versions.length], value: version } : { path: ['versions'], value: [version] }, label };
}
