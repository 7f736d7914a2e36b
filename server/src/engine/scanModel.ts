import * as fs from 'fs';

import type { ScanResult } from '../artifacts/report';
import { scanFile } from '../artifacts/scan';
import { type RecordedDigests, recordedDigests } from '../catalog/artifactDigests';

/** What scanning one model file gave: the scan, or why there is none, and its catalog digests. */
export interface ModelScan {
  file: string;
  size: number;
  scan?: ScanResult;
  /** Why the content was not read: the file is over the size cap. */
  skipped?: string;
  /** Why the file could not be read at all. */
  error?: string;
  /** The catalog entries whose `match.paths` cover the file and record digests. */
  digests: { recorded: RecordedDigests; matched: boolean }[];
}

export interface ScanModelOptions {
  /** Files larger than this are not read (the editor's `mlHygiene.artifacts.maxFileSizeMB`). */
  maxBytes?: number;
  /** Compute the SHA-256 even when no catalog entry asks for it (the scan report shows it). */
  hash?: boolean;
  /** Where the search for `.mlcatalog/` stops (the workspace folder in the editor). */
  stopAt?: string;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;
}

/**
 * Scans a model file and, in the same read, hashes it when a catalog entry records digests for
 * it (or when asked), comparing the SHA-256 with them. Never loads the file; never throws.
 */
export async function scanModel(file: string, options: ScanModelOptions = {}): Promise<ModelScan> {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return { file, size, error: `cannot read the file: ${(err as Error).message}`, digests: [] };
  }
  let recorded: RecordedDigests[] = [];
  try {
    recorded = recordedDigests(file, options.stopAt);
  } catch {
    // NOTE: a catalog that cannot be read is reported on its own files; the scan goes on.
  }
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    const skipped = `the file is ${megabytes(size)}, over the ${megabytes(options.maxBytes)} limit of the setting mlHygiene.artifacts.maxFileSizeMB`;
    return { file, size, skipped, digests: [] };
  }
  try {
    // NOTE: every algorithm an entry records is computed in the one read; SHA-256 for the report.
    const algs = [...new Set([...(options.hash ? ['SHA-256' as const] : []), ...recorded.flatMap((r) => r.algs)])];
    const scan = await scanFile(file, { hash: algs });
    const digests = recorded.map((r) => ({ recorded: r, matched: r.digests.some((d, i) => scan.digests?.[r.algs[i]] === d) }));
    return { file, size, scan, digests };
  } catch (err) {
    return { file, size, error: `cannot read the file: ${(err as Error).message}`, digests: [] };
  }
}
