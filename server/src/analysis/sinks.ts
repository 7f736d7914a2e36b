import { CANONICAL_PREFIXES } from './knownModules';

/**
 * The set of dotted paths rules match, with every prefix of each (at `.` and `()` boundaries),
 * so the scanner can tell from text alone whether `np.zeros` could ever lead to a sink.
 */
export class SinkTable {
  readonly paths: ReadonlySet<string>;
  private readonly prefixes = new Set<string>();
  /** Top-level modules of all sinks: an import of anything else binds nothing of interest. */
  readonly roots = new Set<string>();

  constructor(paths: Iterable<string>) {
    this.paths = new Set(paths);
    for (const path of this.paths) {
      this.roots.add(path.split(/[.(]/)[0]);
      for (let i = 0; i < path.length; i++) {
        if (path[i] === '.' || path[i] === '(') this.prefixes.add(path.slice(0, i));
      }
      this.prefixes.add(path);
    }
    // NOTE: other spellings of a relevant path (`torch.serialization` for `torch`'s `load`,
    // `sklearn.externals.joblib`) are relevant too, so `ser = torch.serialization` is followed.
    for (const [from, to] of CANONICAL_PREFIXES) {
      if (!this.prefixes.has(to)) continue;
      this.roots.add(from.split('.')[0]);
      for (let i = 0; i <= from.length; i++) if (i === from.length || from[i] === '.') this.prefixes.add(from.slice(0, i));
    }
  }

  /** True when `path` is a sink or could become one by attribute access or a call. */
  relevant(path: string): boolean {
    return this.prefixes.has(path);
  }
}
