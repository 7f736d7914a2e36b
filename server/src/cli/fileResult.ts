import type { ModelReference } from '../analysis/modelReferences';
import type { CatalogProblem } from '../catalog/yamlSource';
import type { ConfigProblem } from '../config/projectConfig';
import type { Finding, Position, Severity } from '../analysis/types';

/** A finding as the CLI reports it: positions resolved, fixes summarised. */
export interface ReportedFinding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  start: Position;
  end: Position;
  fixable: boolean;
  fixTitle?: string;
  /** Set only in an untrusted workspace, for a finding the repository suppresses (shown, not hidden). */
  suppressed?: boolean;
  /** Matches the finding to a baseline entry (analysis/fingerprint.ts). */
  fingerprint: string;
  /** For a model-file finding: its scanner level and where in the file it is. */
  artifact?: { level: string; member?: string; offset?: number; module?: string; name?: string };
  /**
   * In a notebook: the cell (0-based, markdown cells counted) and the range in the cell's text;
   * `start` and `end` are then positions in the `.ipynb` file where that text is stored.
   */
  cell?: { index: number; start: Position; end: Position };
}

/** What checking one file produced; plain data, so workers can send it. */
export interface FileResult {
  path: string;
  findings: ReportedFinding[];
  /** Findings removed by `--fix`. */
  fixed: number;
  configProblems: ConfigProblem[];
  /** Why the file could not be read or decoded (also reported as an MLH002 finding). */
  error?: string;
  /** `--fix` or `--add-noqa` rewrote the file. */
  changed?: boolean;
  /** `# noqa` codes written by `--add-noqa`. */
  noqaAdded?: number;
  /** With `references`: the saves and loads the file names (the editor's catalog view). */
  references?: ModelReference[];
  /** For a model file: Information for catalog entries whose recorded digests it does not match (MLH305). */
  catalogNotes?: CatalogProblem[];
  /** With `digest`: the SHA-256 of the bytes checked, and the file's stat taken before they were read. */
  content?: { sha256: string; size: number; mtimeMs: number };
}

/** Options every file is checked with. */
export interface CheckFileOptions {
  fix: boolean;
  /** False for the editor's scan of an untrusted workspace; the CLI is always trusted. */
  trusted?: boolean;
  addNoqa?: boolean;
  select?: string[];
  ignore?: string[];
  /** Also list the saves and loads the file names, from the same parse (the editor's workspace scan). */
  references?: boolean;
  /** Also give the checked bytes' SHA-256 and the file's stat (for the result cache, read once). */
  digest?: boolean;
}

/** A finding as the CLI reports it, at the given positions (of the file, or of the notebook file). */
export function toReported(f: Finding, start: Position, end: Position, fingerprint: string): ReportedFinding {
  const fix = f.fixes.find((x) => x.preferred);
  return {
    code: f.code,
    name: f.name,
    severity: f.severity,
    message: f.message,
    start,
    end,
    fixable: !!fix,
    fixTitle: fix?.title,
    ...(f.suppressed ? { suppressed: true } : {}),
    fingerprint,
  };
}
