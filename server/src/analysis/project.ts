import type { LoadedCatalog } from '../catalog/fileCatalog';

/** What the engine knows of the project around a file: declared dependency versions, trusted sources, the model catalog. */

/** A version constraint read from requirements, pyproject or a lock file. */
export interface VersionFacts {
  /** The lowest version the constraints allow, when they set one. */
  min?: string;
  /** The highest version the constraints allow (inclusive), when they set one. */
  max?: string;
  /** Exclusive upper bound (`<2.6`). */
  below?: string;
  /** Where it was read, for messages (`requirements.txt`). */
  source: string;
}

export interface ProjectFacts {
  packages: ReadonlyMap<string, VersionFacts>;
  /** `trusted-sources` of the configuration: Hub patterns, hosts and URL prefixes not flagged for pinning. */
  trustedSources?: readonly string[];
  /** The model catalog that governs the file (the nearest `.mlcatalog/`), when there is one. */
  catalog?: LoadedCatalog;
}

export const NO_PROJECT: ProjectFacts = { packages: new Map() };

/** Compares dotted numeric versions (`2.10.1` > `2.6`); pre-release tags are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when every version the project allows for `pkg` is at least `version`. */
export function provablyAtLeast(project: ProjectFacts, pkg: string, version: string): boolean {
  const facts = project.packages.get(pkg);
  return !!facts?.min && compareVersions(facts.min, version) >= 0;
}

/** True when every version the project allows for `pkg` is at most `version`. */
export function provablyAtMost(project: ProjectFacts, pkg: string, version: string): boolean {
  const facts = project.packages.get(pkg);
  if (!facts) return false;
  if (facts.max && compareVersions(facts.max, version) <= 0) return true;
  return !!facts.below && compareVersions(facts.below, version) <= 0 && !version.startsWith(facts.below);
}
