import * as path from 'path';
import picomatch from 'picomatch';

import type { Position } from '../analysis/types';
import { catalogFor } from './fileCatalog';
import type { HashAlg } from './schemaTypes';

/** The digests a catalog entry records for the model files under its `match.paths`. */
export interface RecordedDigests {
  entryId: string;
  /** The entry's YAML file, and where its `match.paths` are (for the Information there). */
  entryFile: string;
  /** The folder `match.paths` are relative to. */
  base: string;
  start: Position;
  end: Position;
  /** Lowercase hex: `match.hashes` and every version's `artifact.hashes`. */
  digests: string[];
  /** The algorithm of each digest (SHA-256, SHA-512, BLAKE3). */
  algs: HashAlg[];
  /** The version label of each digest (`match` for match.hashes). */
  versions: string[];
}

/**
 * The entries whose `match.paths` cover a model file and that record at least one digest. An
 * entry without digests has nothing to compare: MLH304 asks for them where the policy requires them.
 */
export function recordedDigests(file: string, stopAt?: string): RecordedDigests[] {
  const catalog = catalogFor(file, stopAt);
  if (!catalog) return [];
  const rel = path.relative(catalog.base, path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('..')) return [];
  const out: RecordedDigests[] = [];
  for (const entry of catalog.entries) {
    const globs = entry.match.paths ?? [];
    if (!globs.some((g) => picomatch(g, { dot: true })(rel))) continue;
    const pairs: [string, HashAlg, string][] = [];
    for (const h of entry.match.hashes ?? []) pairs.push([h.content.toLowerCase(), h.alg, 'match']);
    for (const v of entry.versions ?? []) for (const h of v.artifact.hashes ?? []) pairs.push([h.content.toLowerCase(), h.alg, v.version]);
    if (!pairs.length) continue;
    const record = catalog.get(entry.id);
    if (!record) continue;
    const [s, e] = record.source.rangeOf(['match', 'paths']);
    out.push({
      entryId: entry.id,
      entryFile: record.file,
      base: catalog.base,
      start: record.source.lines.positionAt(s),
      end: record.source.lines.positionAt(e),
      digests: pairs.map(([d]) => d),
      algs: pairs.map(([, a]) => a),
      versions: pairs.map(([, , v]) => v),
    });
  }
  return out;
}
