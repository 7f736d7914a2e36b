import type { FileResult } from '../cli/fileResult';
import type { ScanReport } from './scanReport';

/** What the server asks its scan thread: scan the folder (only what changed unless `fresh`). */
export interface ScanRequest {
  type?: 'scan';
  id: number;
  root: string;
  maxFiles: number;
  trusted: boolean;
  fresh: boolean;
  /** Also list each file's saves and loads (for the catalog view; only when there is a catalog). */
  references?: boolean;
  /** Model files larger than this are not read (mlHygiene.artifacts.maxFileSizeMB). */
  maxModelBytes: number;
  /** Size and mtime of each file as last checked: the thread checks only files that differ. */
  stamps: Array<[string, string]>;
}

/** The scan report of one model file (the custom editor), answered out of the scan's turn. */
export interface ReportRequest {
  type: 'report';
  id: number;
  file: string;
  root: string | undefined;
  maxModelBytes: number;
  trusted: boolean;
}

/** What the scan thread answers, in order: the plan, results in batches, then done (or failed). */
export type ScanReply =
  | { type: 'planned'; id: number; files: string[]; toCheck: number; unscanned: number }
  | { type: 'results'; id: number; results: FileResult[]; checked: number }
  | { type: 'done'; id: number; stamps: Array<[string, string]> }
  | { type: 'failed'; id: number; error: string }
  | { type: 'report'; id: number; report: ScanReport }
  | { type: 'report-failed'; id: number; error: string };
