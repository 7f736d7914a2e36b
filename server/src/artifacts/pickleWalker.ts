import type { ScanContext } from './context';
import { classifyImport } from './policy';
import { decodeEscapes, decodeLatin1, decodeRawUnicodeEscape, decodeUtf8, printable } from './pickleText';
import { Memo } from './memo';
import { PickleReader } from './pickleReader';
import type { ArtifactFinding } from './report';
import { SliceSource, type Source } from './source';
import { commit } from './pickleFindings';
import { BOMB_WEIGHT, CONST, type ImportEvent, isOpcode, itemSize, KEEP_ITEMS, longValue, MAX_NAME, NESTED_LOADERS, OPCODE_NAMES, PERSISTENT, StopScan, StreamError, type StreamResult, type Sym, UNK, type WalkOptions, weight } from './pickleSymbols';

/** One pickle stream: fresh stack, memo and protocol, read through PickleReader's window. */
export class Walker extends PickleReader {
  private readonly streamStart: number;
  private stack: Sym[] = [];
  private readonly metastack: Sym[][] = [];
  private readonly memo = new Memo<Sym>(CONST);
  private proto = 0;
  private frameEnd = -1;
  private ops = 0;
  private readonly findings: ArtifactFinding[] = [];
  private readonly importsByKey = new Map<string, ImportEvent>();
  private readonly flagged = new Set<string>();
  private subwalks = 0;
  private opStart = 0;

  constructor(src: Source, ctx: ScanContext, private readonly opts: WalkOptions, start: number) {
    super(src, ctx, start);
    this.streamStart = start;
  }

  run(): StreamResult {
    let stopped = false;
    let error: string | undefined;
    let truncated = false;
    try {
      stopped = this.loop();
    } catch (err) {
      this.ctx.opsLeft -= this.ops & 0xffff;
      if (err instanceof StreamError) {
        // An opcode whose argument claimed bytes past its frame: CPython reads on at the frame end.
        if (this.frameEnd >= 0 && this.opStart < this.frameEnd && this.frameEnd < this.src.size) {
          const at = this.pos;
          this.pos = Math.max(this.pos, this.frameEnd + 1);
          this.checkFrame(this.opStart, OPCODE_NAMES[this.src.read(this.opStart, 1)[0]] ?? 'opcode');
          this.pos = at;
        }
        error = err.message;
        truncated = err.truncated;
      } else if (err instanceof StopScan) {
        error = 'the scan budget ran out';
      } else {
        error = `internal error: ${(err as Error).message}`;
      }
    }
    if (stopped) this.ctx.opsLeft -= this.ops & 0xffff;
    if (this.own) this.ctx.windows.push(this.own);
    return { stopped, end: this.pos, error, truncated, ops: this.ops, findings: this.findings, imports: [...this.importsByKey.values()] };
  }

  // ---- stack ---------------------------------------------------------------------------------

  private push(s: Sym): void {
    this.stack.push(s);
  }

  private pop(): Sym {
    const s = this.stack.pop();
    if (s === undefined) throw new StreamError('unpickling stack underflow');
    return s;
  }

  private top(): Sym {
    const s = this.stack[this.stack.length - 1];
    if (s === undefined) throw new StreamError('unpickling stack underflow');
    return s;
  }

  private popMark(): Sym[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (prev === undefined) throw new StreamError('could not find MARK');
    this.stack = prev;
    return items;
  }

  private seq(kind: 'tuple' | 'list' | 'dict' | 'set', items: Sym[]): Sym {
    let w = 1;
    for (const s of items) w += weight(s);
    const kept = items.length > KEEP_ITEMS ? items.slice(0, KEEP_ITEMS) : items;
    const sym: Sym = { t: 'seq', kind, items: kept, w: Math.min(w, 1e300) };
    if (w > BOMB_WEIGHT && w > 100 * (this.pos - this.streamStart)) {
      this.flag('bomb', { kind: 'anomaly', level: 'medium', message: `Expansion bomb: a ${this.pos - this.streamStart}-byte pickle builds a value of about ${w.toExponential(1)} objects through shared references; loading it exhausts memory`, offset: this.pos });
    }
    return sym;
  }

  /** Adds items to the container on top of the stack (APPEND, SETITEM, ADDITEMS...). */
  private extend(items: Sym[], op: string, at: number): void {
    const target = this.top();
    if (target.t === 'global') {
      this.flag(`mutate:${at}`, { kind: 'anomaly', level: 'high', message: `${op} at offset ${at} adds items to the global ${printable(`${target.mod}.${target.name}`)} itself, not to an object: a known way around allow-lists (CVE-2026-24747)`, offset: at, opcode: op, module: target.mod, name: target.name });
      return;
    }
    if (target.t === 'seq') {
      for (const s of items) {
        target.w = Math.min(1e300, target.w + weight(s));
        if (target.items.length < KEEP_ITEMS) target.items.push(s);
      }
      if (target.w > BOMB_WEIGHT && target.w > 100 * (this.pos - this.streamStart)) {
        this.flag('bomb', { kind: 'anomaly', level: 'medium', message: `Expansion bomb: a ${this.pos - this.streamStart}-byte pickle builds a value of about ${target.w.toExponential(1)} objects through shared references`, offset: at });
      }
    }
  }

  private memoPut(key: number, at: number): void {
    if (key < 0) throw new StreamError(`negative memo key ${key}`);
    const value = this.top();
    if (!this.memo.has(key)) {
      if (this.memo.size >= this.ctx.limits.memo) {
        this.ctx.inconclusive = true;
        throw new StreamError(`the memo grew past ${this.ctx.limits.memo.toLocaleString('en')} entries (the scanner's bound) at offset ${at}`);
      }
    }
    this.memo.set(key, value);
  }

  private memoGet(key: number, at: number, op: string): void {
    const v = this.memo.get(key);
    if (v === undefined) {
      // CPython raises here, after running everything before; keep walking so later imports show.
      this.flag(`memo:${key}`, { kind: 'anomaly', level: 'medium', message: `${op} at offset ${at} reads memo key ${key}, which was never stored (pickle.load fails here, after running everything before it)`, offset: at, opcode: op });
      this.push(UNK);
    } else this.push(v);
  }

  private flag(key: string, f: Omit<ArtifactFinding, 'member'>): void {
    if (this.flagged.has(key) || this.flagged.size > 1000) return;
    this.flagged.add(key);
    this.findings.push({ ...f, member: this.opts.member });
  }

  // ---- imports and calls ---------------------------------------------------------------------

  private importEvent(mod: string, name: string, at: number, op: string, unresolved?: string): Sym {
    const key = `${mod}\0${name}\0${unresolved ?? ''}`;
    const seen = this.importsByKey.get(key);
    if (seen) seen.count++;
    else if (this.importsByKey.size < 10_000) {
      const { verdict, mapped } = unresolved ? { verdict: { level: 'critical' as const, reason: unresolved }, mapped: undefined } : classifyImport(mod, name, this.proto);
      this.importsByKey.set(key, { mod, name, verdict, offset: at, op, count: 1, mapped, unresolved });
    }
    return unresolved ? UNK : { t: 'global', mod, name };
  }

  private strValue(s: Sym): string | undefined {
    if (s.t !== 'str' || s.len > MAX_NAME) return undefined;
    const bytes = this.bytesAt(s.off, s.off + s.len);
    if (s.enc === 'utf8') return decodeUtf8(bytes);
    if (s.enc === 'latin1') return decodeLatin1(bytes);
    if (s.enc === 'escape') return decodeEscapes(bytes);
    return decodeRawUnicodeEscape(bytes);
  }

  private describe(s: Sym): string {
    if (s.t === 'str') return s.len > MAX_NAME ? `a ${s.len}-byte string` : 'an undecodable string';
    if (s.t === 'global') return `the object ${printable(`${s.mod}.${s.name}`)}`;
    if (s.t === 'call') return 'the result of a call';
    if (s.t === 'unk') return 'a value the scanner could not follow';
    if (s.t === 'seq') return `a ${s.kind}`;
    return `a ${s.t === 'int' ? 'number' : s.t}`;
  }

  private call(callee: Sym, args: Sym, op: string, at: number): void {
    if (callee.t === 'call') {
      this.flag(`dyn:${at}`, { kind: 'anomaly', level: 'high', message: `${op} at offset ${at} calls ${this.describe(callee)}, not an imported global: a call through a computed callable (attrgetter, getattr, a factory) hides what runs`, offset: at, opcode: op });
    }
    if (callee.t === 'global' && NESTED_LOADERS.has(`${callee.mod}.${callee.name}`)) {
      for (const b of this.bytesIn(args, 3)) {
        if (this.opts.depth >= this.ctx.limits.depth) {
          this.flag('depth', { kind: 'inconclusive', level: 'medium', message: `Nested pickles deeper than ${this.ctx.limits.depth} levels were not scanned`, offset: at });
          break;
        }
        const where = `${this.opts.member ? `${this.opts.member} > ` : ''}bytes at ${b.off} passed to ${callee.mod}.${callee.name}`;
        this.ctx.nested(new SliceSource(this.src, b.off, b.len), where, this.opts.depth + 1, callee.mod === 'torch' || callee.name === '_load_from_bytes' ? 'torch' : 'pickle');
      }
    }
    this.push({ t: 'call', callee, args, w: weight(args) + 1 });
  }

  private *bytesIn(s: Sym, depth: number): Generator<{ off: number; len: number }> {
    if (s.t === 'bytes') yield s;
    else if (depth > 0 && s.t === 'seq') for (const i of s.items) yield* this.bytesIn(i, depth - 1);
    else if (depth > 0 && s.t === 'call') yield* this.bytesIn(s.args, depth - 1);
  }

  private build(state: Sym, at: number): void {
    const target = this.top();
    if (target.t === 'global') {
      this.flag(`build:${at}`, { kind: 'anomaly', level: 'high', message: `BUILD at offset ${at} sets attributes on the global ${printable(`${target.mod}.${target.name}`)} itself, not on an object: later imports of it see attacker-chosen values`, offset: at, opcode: 'BUILD', module: target.mod, name: target.name });
      return;
    }
    if (target.t === 'call') {
      target.state = state;
      const c = target.callee;
      if (c.t === 'global' && c.name === 'NumpyArrayWrapper' && /(^|\.)numpy_pickle$/.test(c.mod)) this.skipJoblibArray(state, at);
    }
  }

  /** joblib writes an array's raw bytes right after its wrapper's BUILD (artifacts.md §3.11). */
  private skipJoblibArray(state: Sym, at: number): void {
    const get = (key: string): Sym | undefined => {
      if (state.t !== 'seq' || state.kind !== 'dict') return undefined;
      for (let i = 0; i + 1 < state.items.length; i += 2) if (this.strValue(state.items[i]) === key) return state.items[i + 1];
      return undefined;
    };
    const shape = get('shape');
    const dtype = get('dtype');
    const align = get('numpy_array_alignment_bytes');
    let typestr: string | undefined;
    if (dtype?.t === 'call' && dtype.args.t === 'seq' && dtype.args.items[0]) typestr = this.strValue(dtype.args.items[0]);
    // joblib commits the frame before writing the array, so the array follows the frame.
    if (this.pos === this.frameEnd) this.frameEnd = -1;
    if (typestr && /^[|<>=]?O/.test(typestr)) {
      // Object arrays are a nested pickle stream, loaded before this stream goes on.
      const inner = new Walker(this.src, this.ctx, this.opts, this.pos).run();
      commit(this.ctx, inner, 'definite', this.opts, false);
      if (!inner.stopped) throw new StreamError(`the object array after offset ${at} is not a complete pickle`, inner.truncated);
      this.pos = inner.end;
      return;
    }
    const size = itemSize(typestr);
    const dims = shape?.t === 'seq' && shape.kind === 'tuple' ? shape.items : undefined;
    if (size === undefined || !dims || dims.some((d) => d.t !== 'int')) {
      throw new StreamError(`a joblib array at offset ${at} has a shape or dtype the scanner cannot size, so its raw bytes cannot be skipped`);
    }
    let count = size;
    for (const d of dims) count *= (d as { v: number }).v;
    if (align?.t === 'int') this.skip(this.u8());
    this.skip(count);
  }

  // ---- the opcode loop -----------------------------------------------------------------------

  private loop(): boolean {
    const ctx = this.ctx;
    const maxDepth = ctx.limits.metastack;
    const size = this.src.size;
    for (;;) {
      if ((++this.ops & 0xffff) === 0) {
        ctx.opsLeft -= 0x10000;
        if (ctx.outOfTime()) throw new StopScan();
      }
      const at = this.pos;
      this.opStart = at;
      if (at === this.frameEnd) this.frameEnd = -1;
      if (at >= size) throw new StreamError(`the data ends at offset ${at} before the pickle's STOP opcode`, true);
      if (at >= this.bufPos + this.bufLen) this.ensure(1);
      const op = this.buf[at - this.bufPos];
      this.pos = at + 1;
      switch (op) {
        case 0x28: // MARK
          if (this.metastack.length >= maxDepth) {
            ctx.inconclusive = true;
            throw new StreamError(`more than ${maxDepth} nested MARKs at offset ${at} (the scanner's bound)`);
          }
          this.metastack.push(this.stack);
          this.stack = [];
          break;
        case 0x2e: // STOP
          this.pop();
          this.checkFrame(at, 'STOP');
          return true;
        case 0x30: // POP
          if (this.stack.length > 0) this.stack.pop();
          else this.popMark();
          break;
        case 0x31: // POP_MARK
          this.popMark();
          break;
        case 0x32: // DUP
          this.push(this.top());
          break;
        case 0x4e: case 0x88: case 0x89: // NONE, NEWTRUE, NEWFALSE
          this.push(CONST);
          break;
        case 0x49: case 0x4c: { // INT, LONG
          const t = this.lineText().trim().replace(/L$/, '');
          const v = Number(t);
          this.push(/^[+-]?\d+$/.test(t) && Number.isSafeInteger(v) ? { t: 'int', v } : CONST);
          break;
        }
        case 0x46: // FLOAT
          this.line();
          this.push(CONST);
          break;
        case 0x4a: // BININT
          this.push({ t: 'int', v: this.i32() });
          break;
        case 0x4b: // BININT1
          this.push({ t: 'int', v: this.u8() });
          break;
        case 0x4d: // BININT2
          this.push({ t: 'int', v: this.u16() });
          break;
        case 0x8a: { // LONG1
          const n = this.u8();
          const off = this.skip(n);
          this.push(longValue(this.bytesAt(off, off + n)));
          break;
        }
        case 0x8b: { // LONG4
          const n = this.i32();
          if (n < 0) throw new StreamError(`LONG4 at offset ${at} has a negative length`);
          this.skip(n);
          this.push(CONST);
          break;
        }
        case 0x47: // BINFLOAT
          this.ensure(8);
          this.pos += 8;
          this.push(CONST);
          break;
        case 0x53: { // STRING
          const [s, e] = this.line();
          const q = this.bytesAt(s, Math.min(s + 1, e));
          const last = this.bytesAt(Math.max(s, e - 1), e);
          if (e - s < 2 || (q[0] !== 0x27 && q[0] !== 0x22) || last[0] !== q[0]) throw new StreamError(`the STRING opcode argument at offset ${at} must be quoted`);
          this.push({ t: 'str', off: s + 1, len: e - s - 2, enc: 'escape' });
          break;
        }
        case 0x54: { // BINSTRING
          const n = this.i32();
          if (n < 0) throw new StreamError(`BINSTRING at offset ${at} has a negative length`);
          this.push({ t: 'str', off: this.skip(n), len: n, enc: 'latin1' });
          break;
        }
        case 0x55: { // SHORT_BINSTRING
          const n = this.u8();
          this.push({ t: 'str', off: this.skip(n), len: n, enc: 'latin1' });
          break;
        }
        case 0x56: { // UNICODE
          const [s, e] = this.line();
          this.push({ t: 'str', off: s, len: e - s, enc: 'rue' });
          break;
        }
        case 0x58: { // BINUNICODE
          const n = this.u32();
          this.push({ t: 'str', off: this.skip(n), len: n, enc: 'utf8' });
          break;
        }
        case 0x8c: { // SHORT_BINUNICODE
          const n = this.u8();
          this.push({ t: 'str', off: this.skip(n), len: n, enc: 'utf8' });
          break;
        }
        case 0x8d: { // BINUNICODE8
          const n = this.u64();
          this.push({ t: 'str', off: this.skip(n), len: n, enc: 'utf8' });
          break;
        }
        case 0x43: { // SHORT_BINBYTES
          const n = this.u8();
          this.push({ t: 'bytes', off: this.skip(n), len: n });
          break;
        }
        case 0x42: { // BINBYTES
          const n = this.u32();
          this.push({ t: 'bytes', off: this.skip(n), len: n });
          break;
        }
        case 0x8e: case 0x96: { // BINBYTES8, BYTEARRAY8
          const n = this.u64();
          this.push({ t: 'bytes', off: this.skip(n), len: n });
          break;
        }
        case 0x97: // NEXT_BUFFER
          this.push(CONST);
          break;
        case 0x98: // READONLY_BUFFER
          this.top();
          break;
        case 0x5d: // EMPTY_LIST
          this.push({ t: 'seq', kind: 'list', items: [], w: 1 });
          break;
        case 0x29: // EMPTY_TUPLE
          this.push({ t: 'seq', kind: 'tuple', items: [], w: 1 });
          break;
        case 0x7d: // EMPTY_DICT
          this.push({ t: 'seq', kind: 'dict', items: [], w: 1 });
          break;
        case 0x8f: // EMPTY_SET
          this.push({ t: 'seq', kind: 'set', items: [], w: 1 });
          break;
        case 0x61: // APPEND
          this.extend([this.pop()], 'APPEND', at);
          break;
        case 0x65: // APPENDS
          this.extend(this.popMark(), 'APPENDS', at);
          break;
        case 0x73: { // SETITEM
          const v = this.pop();
          const k = this.pop();
          this.extend([k, v], 'SETITEM', at);
          break;
        }
        case 0x75: { // SETITEMS
          const items = this.popMark();
          if (items.length % 2 !== 0) throw new StreamError(`odd number of items for SETITEMS at offset ${at}`);
          this.extend(items, 'SETITEMS', at);
          break;
        }
        case 0x90: // ADDITEMS
          this.extend(this.popMark(), 'ADDITEMS', at);
          break;
        case 0x6c: // LIST
          this.push(this.seq('list', this.popMark()));
          break;
        case 0x74: // TUPLE
          this.push(this.seq('tuple', this.popMark()));
          break;
        case 0x64: // DICT
          this.push(this.seq('dict', this.popMark()));
          break;
        case 0x91: // FROZENSET
          this.push(this.seq('set', this.popMark()));
          break;
        case 0x85: // TUPLE1
          this.push(this.seq('tuple', [this.pop()]));
          break;
        case 0x86: { // TUPLE2
          const b = this.pop();
          const a = this.pop();
          this.push(this.seq('tuple', [a, b]));
          break;
        }
        case 0x87: { // TUPLE3
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          this.push(this.seq('tuple', [a, b, c]));
          break;
        }
        case 0x70: // PUT
          this.memoPut(this.lineInt('PUT'), at);
          break;
        case 0x71: // BINPUT
          this.memoPut(this.u8(), at);
          break;
        case 0x72: // LONG_BINPUT
          this.memoPut(this.u32(), at);
          break;
        case 0x94: // MEMOIZE: the next key is the number of keys (not max + 1)
          this.memoPut(this.memo.size, at);
          break;
        case 0x67: // GET
          this.memoGet(this.lineInt('GET'), at, 'GET');
          break;
        case 0x68: // BINGET
          this.memoGet(this.u8(), at, 'BINGET');
          break;
        case 0x6a: // LONG_BINGET
          this.memoGet(this.u32(), at, 'LONG_BINGET');
          break;
        case 0x63: { // GLOBAL
          const [mod, name] = this.globalLines(at, 'GLOBAL');
          this.push(this.importEvent(mod, name, at, 'GLOBAL'));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const nameSym = this.pop();
          const modSym = this.pop();
          const mod = this.strValue(modSym);
          const name = this.strValue(nameSym);
          if (mod === undefined || name === undefined) {
            const why = `module is ${mod === undefined ? this.describe(modSym) : `"${printable(mod)}"`}, name is ${name === undefined ? this.describe(nameSym) : `"${printable(name)}"`}`;
            this.push(this.importEvent(mod ?? '?', name ?? '?', at, 'STACK_GLOBAL', why));
          } else this.push(this.importEvent(mod, name, at, 'STACK_GLOBAL'));
          break;
        }
        case 0x69: { // INST
          const [mod, name] = this.globalLines(at, 'INST');
          const args = this.popMark();
          const cls = this.importEvent(mod, name, at, 'INST');
          this.call(cls, this.seq('tuple', args), 'INST', at);
          break;
        }
        case 0x82: case 0x83: case 0x84: { // EXT1, EXT2, EXT4
          const code = op === 0x82 ? this.u8() : op === 0x83 ? this.u16() : this.i32();
          if (code <= 0) throw new StreamError(`EXT at offset ${at} specifies code <= 0`);
          this.flag(`ext:${code}`, { kind: 'anomaly', level: 'medium', message: `${OPCODE_NAMES[op]} at offset ${at} imports extension code ${code} from the copyreg registry, which is empty unless something registered it: the global it names cannot be known`, offset: at, opcode: OPCODE_NAMES[op] });
          this.push(UNK);
          break;
        }
        case 0x52: { // REDUCE
          const args = this.pop();
          this.call(this.pop(), args, 'REDUCE', at);
          break;
        }
        case 0x6f: { // OBJ
          const items = this.popMark();
          if (items.length === 0) throw new StreamError(`OBJ at offset ${at} has no class`);
          this.call(items[0], this.seq('tuple', items.slice(1)), 'OBJ', at);
          break;
        }
        case 0x81: { // NEWOBJ
          const args = this.pop();
          this.call(this.pop(), args, 'NEWOBJ', at);
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = this.pop();
          const args = this.pop();
          this.call(this.pop(), this.seq('tuple', [args, kwargs]), 'NEWOBJ_EX', at);
          break;
        }
        case 0x62: { // BUILD
          const state = this.pop();
          this.build(state, at);
          break;
        }
        case 0x50: // PERSID
          this.line();
          this.push(PERSISTENT);
          break;
        case 0x51: // BINPERSID
          this.pop();
          this.push(PERSISTENT);
          break;
        case 0x80: { // PROTO
          const v = this.u8();
          if (v > 5) throw new StreamError(`unsupported pickle protocol ${v} at offset ${at}`);
          if (at !== this.streamStart) {
            this.flag(`proto:${at}`, { kind: 'anomaly', level: 'medium', message: `PROTO ${v} at offset ${at} is not at the start of the stream: it switches name handling part-way (Python 2 mapping off, dotted names on), a trick to slip names past scanners`, offset: at, opcode: 'PROTO' });
          }
          this.proto = v;
          break;
        }
        case 0x95: { // FRAME
          const n = this.u64();
          if (this.frameEnd > at) {
            this.flag(`reframe:${at}`, { kind: 'anomaly', level: 'high', message: `FRAME at offset ${at} starts inside the frame that ends at ${this.frameEnd}: pickle.load and linear scanners read different opcodes`, offset: at, opcode: 'FRAME' });
          }
          if (this.pos + n > this.src.size) throw new StreamError(`FRAME at offset ${at} declares ${n} bytes, past the end of the data`, true);
          this.frameEnd = this.pos + n;
          break;
        }
        default:
          this.pos = at;
          throw new StreamError(`invalid load key ${JSON.stringify(String.fromCharCode(op))} (0x${op.toString(16).padStart(2, '0')})`);
      }
      if (this.frameEnd >= 0 && this.pos > this.frameEnd && at < this.frameEnd) this.checkFrame(at, OPCODE_NAMES[op]);
    }
  }

  private globalLines(at: number, op: string): [string, string] {
    const [ms, me] = this.line();
    const [ns, ne] = this.line();
    const mod = decodeUtf8(this.bytesAt(ms, Math.min(me, ms + MAX_NAME)));
    const name = decodeUtf8(this.bytesAt(ns, Math.min(ne, ns + MAX_NAME)));
    if (mod === undefined || name === undefined) throw new StreamError(`${op} at offset ${at} names a module or attribute that is not valid UTF-8`);
    return [mod, name];
  }

  /** An opcode that crosses the end of its frame: CPython's file reader goes on at the frame end (P37). */
  private checkFrame(at: number, op: string): void {
    if (this.frameEnd < 0 || at >= this.frameEnd || this.pos <= this.frameEnd) return;
    const frameEnd = this.frameEnd;
    this.flag(`cross:${at}`, { kind: 'anomaly', level: 'high', message: `${op} at offset ${at} runs past the end of its frame (offset ${frameEnd}): pickle.load on a file reads on from the frame end, so it executes opcodes a linear scanner sees as data`, offset: at, opcode: op });
    if (this.subwalks++ >= 4) return;
    for (let p = frameEnd; p < frameEnd + 64 && p < this.src.size; p++) {
      if (!isOpcode(this.src.read(p, 1)[0])) continue;
      const r = new Walker(this.src, this.ctx, { ...this.opts, mode: 'maybe' }, p).run();
      if (commit(this.ctx, r, 'maybe', { ...this.opts, member: this.opts.member }, false) > 0) break;
    }
  }
}
