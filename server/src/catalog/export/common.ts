import { currentVersionIndex } from '../policy';
import type { CatalogEntry, VersionEntry } from '../schemaEntry';

/** The version an export describes: `currentVersion`, or the last one listed. */
export function currentVersion(entry: CatalogEntry): VersionEntry | undefined {
  const i = currentVersionIndex(entry);
  return i >= 0 ? entry.versions![i] : undefined;
}

/** `jane.doe@example.com` → the address; `user:x`/`group:x` → undefined. */
export function emailOf(principal: string): string | undefined {
  return principal.includes('@') && !/^(user|group):/.test(principal) ? principal : undefined;
}
