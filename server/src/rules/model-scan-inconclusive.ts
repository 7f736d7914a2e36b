import type { RuleMeta } from './defineRule';

/**
 * A model file could not be scanned to the end (broken or truncated pickle, unreadable member,
 * unsupported compression, a scan limit): what was found is reported, the rest is unknown.
 */
export const modelScanInconclusive: RuleMeta = {
  code: 'MLH403',
  name: 'model-scan-inconclusive',
  family: 'artifact',
  cwe: 20,
  defaultSeverity: 'warning',
  title: 'model file could not be scanned completely, so it is not known to be safe',
};
