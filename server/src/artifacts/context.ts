import type { Level } from './policy';
import { type ArtifactFinding, DEFAULT_LIMITS, type Limits, rank } from './report';
import type { Source } from './source';

/** What one file's scan accumulates, shared by the pickle walker and the container readers. */
export class ScanContext {
  readonly findings: ArtifactFinding[] = [];
  readonly imports = new Map<string, { module: string; name: string; level: Level | 'safe'; member?: string; count: number }>();
  readonly containers: string[] = [];
  inconclusive = false;
  /** Set when the opcode or time budget of the whole file ran out: everything stops. */
  exhausted = false;
  opsLeft: number;
  private readonly deadline: number;
  private readonly seen = new Set<string>();
  /** Read windows the walkers reuse (a nested walk takes its own while its parent's is in use). */
  readonly windows: Uint8Array[] = [];

  /** Scans a nested source (bytes inside a pickle, a member inside an archive); set by scan.ts. */
  nested: (src: Source, member: string, depth: number, hint?: 'pickle' | 'torch') => void = () => {};

  constructor(readonly limits: Limits = DEFAULT_LIMITS) {
    this.opsLeft = limits.opcodes;
    this.deadline = Date.now() + limits.ms;
  }

  add(f: ArtifactFinding): void {
    // The same message at the same place is one finding (a sub-walk may revisit bytes).
    const key = `${f.kind}\0${f.member ?? ''}\0${f.offset ?? ''}\0${f.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.findings.length < 10_000) this.findings.push(f);
    if (f.kind === 'inconclusive') this.inconclusive = true;
  }

  /** Stops the scan when a file-wide budget is spent, with an "inconclusive" finding. */
  outOfTime(): boolean {
    if (this.exhausted) return true;
    if (this.opsLeft <= 0) return this.exhaust(`the opcode budget (${this.limits.opcodes.toLocaleString('en')} opcodes) ran out`);
    if (Date.now() > this.deadline) return this.exhaust(`the time budget (${this.limits.ms} ms) ran out`);
    return false;
  }

  private exhaust(why: string): true {
    this.exhausted = true;
    this.add({ kind: 'inconclusive', level: 'medium', message: `Scan stopped: ${why}; the rest of the file was not read` });
    return true;
  }

  noteImport(module: string, name: string, level: Level | 'safe', member?: string): void {
    const key = `${member ?? ''}\0${module}\0${name}`;
    const entry = this.imports.get(key);
    if (entry) {
      entry.count++;
      if (rank(level) > rank(entry.level)) entry.level = level;
    } else if (this.imports.size < 10_000) {
      this.imports.set(key, { module, name, level, member, count: 1 });
    }
  }
}
