import type { FileResult } from '../cli/fileResult';

/** What the server asks its scan thread: scan the folder (only what changed unless `fresh`). */
export interface ScanRequest {
  id: number;
  root: string;
  maxFiles: number;
  trusted: boolean;
  fresh: boolean;
  /** Also list each file's saves and loads (for the catalog view; only when there is a catalog). */
  references?: boolean;
}

/** What the scan thread answers, in order: the plan, results in batches, then done (or failed). */
export type ScanReply =
  | { type: 'planned'; id: number; files: string[]; toCheck: number; unscanned: number }
  | { type: 'results'; id: number; results: FileResult[]; checked: number }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; error: string };
