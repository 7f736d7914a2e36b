import type { RuleMeta } from './defineRule';

/**
 * A file the CLI could not analyse: it could not be read, holds NUL bytes, or is not text in an
 * encoding Python accepts (UTF-8, or what its PEP 263 coding line declares). Reported on line 1
 * so that a file nobody could check never passes CI silently.
 */
export const unreadableFile: RuleMeta = {
  code: 'MLH002',
  name: 'unreadable-file',
  family: 'configuration',
  cwe: 20,
  defaultSeverity: 'warning',
  title: 'file could not be read or decoded, so it was not checked',
};
