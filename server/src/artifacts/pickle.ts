import type { ScanContext } from './context';
import { type Source } from './source';
import { Walker } from './pickleWalker';
import { commit } from './pickleFindings';
import { type Mode, WINDOW, type WalkOptions, type WalkSummary } from './pickleSymbols';

export { isOpcode, type Mode, OPCODE_NAMES } from './pickleSymbols';

/**
 * The pickle scanner of artifacts.md §3: every stream of a file, one after another, with
 * resynchronisation after a broken one. Each stream is walked by pickleWalker.ts (a symbolic
 * stack, metastack and memo over the 68 opcodes, CPython's `_pickle.c` semantics; nothing
 * evaluated or imported, no allocation sized by a length field); pickleFindings.ts turns what a
 * stream imported into findings; pickleSymbols.ts holds the symbolic values and bounds.
 */

/** Walks every pickle stream in `src` from `start`, reporting into `ctx`. Never throws for bad input. */
export function walkPickles(src: Source, ctx: ScanContext, opts: WalkOptions): WalkSummary {
  const summary: WalkSummary = { streams: 0, parsed: false, end: opts.start ?? 0, imports: 0 };
  let pos = opts.start ?? 0;
  let first = true;
  let resyncBudget = 4 * 1024 * 1024;
  const maxStreams = opts.maxStreams ?? 10_000;
  while (pos < src.size && summary.streams < maxStreams && !ctx.outOfTime()) {
    // The first stream is what the caller says it is; later ones may be trailing data.
    const mode: Mode = first ? opts.mode : 'maybe';
    const r = new Walker(src, ctx, opts, pos).run();
    const kept = commit(ctx, r, mode, opts, first);
    if (first) summary.parsed = r.stopped || r.ops > 1 || kept > 0;
    summary.imports += kept;
    if (r.stopped) {
      summary.streams++;
      summary.end = r.end;
      pos = r.end;
      first = false;
      continue;
    }
    // After junk or a broken stream, the next stream that starts with PROTO 2-5 (artifacts.md §3.8).
    first = false;
    const next = resync(src, pos + 1, resyncBudget);
    if (next < 0) break;
    resyncBudget -= next - pos;
    if (resyncBudget <= 0) break;
    if (summary.streams > 0 || summary.parsed) {
      ctx.add({ kind: 'anomaly', level: 'low', message: `Another pickle starts at offset ${next} after bytes that are not a pickle; sequential pickle.load calls would stop before it, other loaders may not`, offset: next, member: opts.member });
    }
    pos = next;
  }
  return summary;
}

/** The next offset at or after `from` holding `\x80[\x02-\x05]` within `budget` bytes, or -1. */
function resync(src: Source, from: number, budget: number): number {
  const end = Math.min(src.size - 1, from + budget);
  for (let p = from; p < end; p += WINDOW) {
    const chunk = src.read(p, Math.min(WINDOW + 1, end + 1 - p));
    for (let i = 0; i + 1 < chunk.length; i++) {
      if (chunk[i] === 0x80 && chunk[i + 1] >= 2 && chunk[i + 1] <= 5) return p + i;
    }
  }
  return -1;
}
