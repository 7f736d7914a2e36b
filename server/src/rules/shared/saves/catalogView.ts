import type { Format } from './formats';

/**
 * What the save rules read of the model catalog: plain data, loaded by the engine (checkDocument)
 * so the analysis does no file I/O.
 */

export type Tier = 'sandbox' | 'development' | 'staging' | 'production';

export interface FormatExceptionView {
  format: Format;
  environment: Tier;
  justification?: string;
  approvedBy?: string;
  /** ISO date. */
  expires?: string;
}

export interface CatalogEntryView {
  id: string;
  /** Absolute path of the entry's YAML file. */
  file: string;
  /** False when the file fails the schema: an invalid entry never matches a save. */
  valid: boolean;
  title?: string;
  lifecycle?: string;
  criticality?: string;
  environments: ReadonlyArray<{ tier: Tier }>;
  match: { names?: readonly string[]; mlflowNames?: readonly string[]; hfRepos?: readonly string[]; paths?: readonly string[] };
  formatPolicy?: { allowed?: readonly Format[]; exceptions?: readonly FormatExceptionView[] };
  /** Fields the policy requires for the entry's criticality that it lacks. */
  missing: readonly string[];
}

export interface PolicyView {
  unsafe: readonly Format[];
  /** `'*'` allows every format. */
  allowed: Readonly<Partial<Record<Tier, '*' | readonly Format[]>>>;
  exceptions: readonly FormatExceptionView[];
}

/** The catalog that governs a file, or where one would go. */
export interface CatalogContext {
  /** The folder that holds `.mlcatalog/` (or would): match paths are relative to it. */
  root: string;
  /** The analysed file relative to `root` (POSIX), for the entries a fix declares. */
  file?: string;
  /** Today as `YYYY-MM-DD`: format exceptions expire at the end of their `expires` day. */
  today: string;
  /** Undefined when the workspace has no catalog yet. */
  catalog?: { entries: readonly CatalogEntryView[]; policy: PolicyView };
}
