import type { ScanContext } from './context';
import { CONDITIONAL, type Level } from './policy';
import { identifierShaped, printable } from './pickleText';
import type { ArtifactFinding } from './report';
import { type ImportEvent, type Mode, type StreamResult, type WalkOptions } from './pickleSymbols';

function importFinding(e: ImportEvent, member: string | undefined): ArtifactFinding {
  const full = `${e.mod}.${e.name}`;
  const times = e.count > 1 ? ` (${e.count} times)` : '';
  if (e.unresolved) {
    return { kind: 'dangerous-import', level: 'critical', message: `${e.op} at offset ${e.offset} imports a global whose operands cannot be resolved (${e.unresolved}); a scanner cannot tell what it loads${times}`, module: e.mod, name: e.name, offset: e.offset, member, opcode: e.op };
  }
  const mapped = e.mapped ? ` (read as ${e.mapped[0]}.${e.mapped[1]} by Python 3)` : '';
  const level = e.verdict.level as Level;
  if (level === 'critical' || level === 'high') {
    return { kind: 'dangerous-import', level, message: `${e.op} at offset ${e.offset} imports ${printable(full)}${mapped}, which can run code or reach files or the network when the file is loaded (${e.verdict.reason})${times}`, module: e.mod, name: e.name, offset: e.offset, member, opcode: e.op };
  }
  return { kind: 'unknown-import', level, message: `${e.op} at offset ${e.offset} imports ${printable(full)}${mapped}, which is not on the allow-list: loading the file calls into it (${e.verdict.reason})${times}`, module: e.mod, name: e.name, offset: e.offset, member, opcode: e.op };
}

/** Adds a stream's findings to the file's; a `maybe` stream that found no named import is dropped. */
export function commit(ctx: ScanContext, r: StreamResult, mode: Mode, opts: WalkOptions, first: boolean): number {
  let imports = r.imports;
  if (mode === 'maybe') {
    // Random bytes can look like a GLOBAL: only identifier-shaped names count (artifacts.md §3.7).
    imports = imports.filter((e) => e.unresolved ? r.stopped : identifierShaped(e.mod) && identifierShaped(e.name));
    if (imports.length === 0 && !r.stopped) return 0;
  }
  const allSafe = imports.every((e) => e.verdict.level === 'safe' || CONDITIONAL.has(`${e.mod}.${e.name}`));
  for (const e of imports) {
    const full = `${e.mod}.${e.name}`;
    if (CONDITIONAL.has(full) && !e.unresolved) {
      // Safe only in company that is all allow-listed (the policy's caveats).
      e.verdict = allSafe ? { level: 'safe', reason: 'allow-listed with allow-listed company' } : { level: 'high', reason: `${full} calls what it is given; this pickle also imports globals off the allow-list` };
    }
    ctx.noteImport(e.mod, e.name, e.unresolved ? 'critical' : e.verdict.level, opts.member);
    if (e.unresolved || e.verdict.level !== 'safe') ctx.add(importFinding(e, opts.member));
  }
  for (const f of r.findings) ctx.add(f);
  if (r.error !== undefined && (mode === 'definite' || imports.length > 0)) {
    const where = opts.member ? ` in ${opts.member}` : '';
    const what = first && mode === 'definite' && r.ops <= 1 ? 'data is not a readable pickle' : 'pickle stream breaks';
    ctx.add({
      kind: 'inconclusive',
      level: 'medium',
      message: `The ${what}${where} at offset ${r.end}: ${r.error}. What came before was scanned (and would already have run under pickle.load); what follows was not`,
      offset: r.end,
      member: opts.member,
    });
  }
  return imports.length;
}
