import type { RuleMeta } from './defineRule';

/**
 * A model file under a catalog entry's `match.paths` has a digest (SHA-256, SHA-512 or BLAKE3,
 * as the entry records them) that none of the entry's versions records: the file was changed after it was reviewed (tampering), or retrained and
 * never recorded as a version. Computed in the same read as the MLH4xx scan.
 */
export const modelDigestMismatch: RuleMeta = {
  code: 'MLH305',
  name: 'model-digest-mismatch',
  family: 'save',
  cwe: 354,
  defaultSeverity: 'warning',
  title: 'model file whose digest matches none of the digests its catalog entry records',
};
