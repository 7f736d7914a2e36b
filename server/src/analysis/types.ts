/** Plain data shared by the engine, the language server and the CLI. No LSP types here. */

import type { EntryDraft } from '../catalog/catalogWrite';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The rule families, by the hundreds digit of their codes. */
export type Family = 'configuration' | 'deserialization' | 'download' | 'save' | 'artifact';

/** A replacement of `[start, end)` (UTF-16 offsets into the analysed text) by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A write to the model catalog a fix asks for (catalog.md §8.1), as `mlHygiene/catalogEdit` takes
 * it (absolute paths here): the editor runs it through `mlHygiene.applyCatalogEdit`, which
 * applies it only while the files still are what it was made against; the CLI never applies it.
 */
export type CatalogRequest = { action: 'createCatalog'; folder: string } | { action: 'createEntry'; catalogDir: string; draft: EntryDraft };

/** A fix a user can apply: one or more edits that belong together (import insertions included). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** A catalog write the fix asks for besides its edits of the analysed text (never applied by --fix). */
  catalogEdit?: CatalogRequest;
  /** Preferred fixes are the safe, behaviour-keeping ones that "fix all" and `--fix` apply. */
  preferred: boolean;
  /** Set on the fix that adds `# noqa: CODE` (the one `--add-noqa` applies): the code. */
  noqa?: string;
}

/** How a finding was silenced, when it was. */
export interface Suppression {
  by: 'noqa' | 'nosec' | 'configuration';
  /** The comment or setting that did it, for messages in untrusted workspaces. */
  text: string;
}

/** One problem found in one document. */
export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  /** Set when the repository silenced the finding but it is still shown (untrusted workspaces). */
  suppressed?: Suppression;
  /** A digest of the finding's statement's normalised text, from which baseline fingerprints are made. */
  context?: string;
  /** Set in the editor when the project's baseline holds the finding: the baseline file's name. */
  baselined?: string;
}

/** Zero-based line and UTF-16 column, as LSP and editors count them. */
export interface Position {
  line: number;
  character: number;
}
