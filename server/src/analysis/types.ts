/** Plain data shared by the engine, the language server and the CLI. No LSP types here. */

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
 * A write to one file of the model catalog (catalog.md §8.1), as plain data: edits to the text
 * whose SHA-256 is `readHash`, or, with no `readHash`, a new file that must not exist yet.
 */
export interface CatalogFileWrite {
  /** Absolute path. */
  file: string;
  readHash?: string;
  edits: TextEdit[];
}

/** A fix a user can apply: one or more edits that belong together (import insertions included). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Catalog files the fix writes besides its edits of the analysed text (never applied by --fix). */
  catalog?: { files: CatalogFileWrite[]; summary: string };
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
