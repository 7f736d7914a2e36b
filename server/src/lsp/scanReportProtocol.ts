/**
 * The scan report of one model file, as the server sends it to the client's read-only report
 * editor: plain data shared by both sides (the client imports these types only). The server
 * computes it, so the extension host never parses a model file.
 */

export type ImportVerdict = 'dangerous' | 'unknown' | 'allowed';

export interface ScanReport {
  uri: string;
  size: number;
  /** The format found by content (`pickle`, `pytorch-zip`, `npy`...); absent when not scanned. */
  format?: string;
  verdict?: 'dangerous' | 'suspicious' | 'clean';
  /** The containers walked, outermost first (`pytorch-zip`, `pickle:archive/data.pkl`...). */
  containers: string[];
  /** Every global the file's pickles import, each with its verdict. */
  imports: { module: string; name: string; verdict: ImportVerdict; level: string; member?: string; count: number }[];
  /** Everything the scan reported (the Problems panel shows the same, with rule codes). */
  findings: { code: string; severity: string; message: string; member?: string; offset?: number }[];
  /** Why the scan is not conclusive (parse errors, limits, unreadable members). */
  inconclusive: string[];
  /** Lowercase hex; absent when the file was not read. */
  sha256?: string;
  /** Catalog entries whose `match.paths` cover the file and record digests: does the SHA-256 match? */
  catalog: { entryId: string; entryFile: string; matched: boolean }[];
  /** Why the content was not read (over the size cap, unreadable). */
  notScanned?: string;
  /** Not scanned because of mlHygiene.artifacts.maxFileSizeMB alone: a scan without the cap can be asked for. */
  overSizeLimit?: true;
  bytesRead?: number;
  ms?: number;
}

/** Request (client → server): the scan report of a model file, `{ uri, ignoreSizeLimit? }` (the user's "Scan anyway"). */
export const SCAN_REPORT_REQUEST = 'mlHygiene/scanReport';
