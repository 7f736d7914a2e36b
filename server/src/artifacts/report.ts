import type { HashAlg } from '../catalog/schemaTypes';
import type { Level } from './policy';

/** Which MLH4xx rule a finding belongs to. */
export type FindingKind = 'dangerous-import' | 'unknown-import' | 'inconclusive' | 'anomaly' | 'keras';

/** One thing the scanner found in a model file. */
export interface ArtifactFinding {
  kind: FindingKind;
  level: Level;
  message: string;
  /** The imported module and callable, for imports. */
  module?: string;
  name?: string;
  /** Byte offset inside the member (or the file) where it was seen. */
  offset?: number;
  /** The container path: a zip member, a tar member, `nested pickle at N`, joined by ` > `. */
  member?: string;
  opcode?: string;
}

/** The outcome of scanning one file (artifacts.md §3.12). */
export interface ScanResult {
  path: string;
  /** The format found by content (`pickle`, `pytorch-zip`, `npy`, `zip`, ...). */
  format: string;
  verdict: 'dangerous' | 'suspicious' | 'clean';
  /** A limit, an error or an unreadable part cut the scan short: the verdict is a lower bound. */
  inconclusive: boolean;
  findings: ArtifactFinding[];
  /** Every global the pickles import, with its verdict (for the scan report). */
  imports: { module: string; name: string; level: Level | 'safe'; member?: string; count: number }[];
  /** The containers walked, outermost first (`zip:archive/data.pkl`, ...). */
  containers: string[];
  bytesRead: number;
  ms: number;
  /** The file's SHA-256 (lowercase hex), when asked for (computed in the same pass). */
  sha256?: string;
  /** Every digest asked for, by algorithm (lowercase hex). */
  digests?: Partial<Record<HashAlg, string>>;
}

/** Bounds per file (artifacts.md §3.7). */
export interface Limits {
  opcodes: number;
  metastack: number;
  memo: number;
  /** Milliseconds of wall clock for the whole file. */
  ms: number;
  /** Nested pickles and archives inside each other. */
  depth: number;
  /** The most bytes a compressed member or file may inflate to. */
  inflate: number;
}

export const DEFAULT_LIMITS: Limits = {
  opcodes: 50_000_000,
  metastack: 10_000,
  memo: 5_000_000,
  ms: 30_000,
  depth: 3,
  inflate: 512 * 1024 * 1024,
};

const RANK: Record<Level, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function rank(level: Level | 'safe'): number {
  return level === 'safe' ? 0 : RANK[level];
}

export function verdictOf(findings: readonly ArtifactFinding[]): ScanResult['verdict'] {
  const top = Math.max(0, ...findings.map((f) => RANK[f.level]));
  return top >= RANK.high ? 'dangerous' : top === RANK.medium ? 'suspicious' : 'clean';
}
