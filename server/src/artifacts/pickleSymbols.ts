import type { Verdict } from './policy';
import type { ArtifactFinding } from './report';

/** The walker's symbolic values, bounds and stream results (artifacts.md §3). */

export type Sym =
  | { t: 'str'; off: number; len: number; enc: 'utf8' | 'latin1' | 'escape' | 'rue' }
  | { t: 'bytes'; off: number; len: number }
  | { t: 'int'; v: number }
  | { t: 'const' }
  | { t: 'persistent' }
  | { t: 'seq'; kind: 'tuple' | 'list' | 'dict' | 'set'; items: Sym[]; w: number }
  | { t: 'global'; mod: string; name: string }
  | { t: 'call'; callee: Sym; args: Sym; w: number; state?: Sym }
  | { t: 'unk' };

export const CONST: Sym = { t: 'const' };
export const UNK: Sym = { t: 'unk' };
export const PERSISTENT: Sym = { t: 'persistent' };
/** Items kept per container (the rest only count toward its weight). */
export const KEEP_ITEMS = 128;
/** A symbolic value standing for more than this many objects in a small stream is a bomb (R07). */
export const BOMB_WEIGHT = 1e8;
export const MAX_LINE = 16 * 1024 * 1024;
export const WINDOW = 1 << 20;
/** Text of a string operand decoded for names; longer strings are not names. */
export const MAX_NAME = 4096;

export const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT',
  0x4a: 'BININT', 0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID',
  0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING', 0x55: 'SHORT_BINSTRING',
  0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND', 0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT',
  0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET', 0x69: 'INST', 0x6a: 'LONG_BINGET',
  0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT',
  0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS', 0x47: 'BINFLOAT',
  0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2',
  0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES',
  0x43: 'SHORT_BINBYTES', 0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8',
  0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL',
  0x94: 'MEMOIZE', 0x95: 'FRAME', 0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

/** Whether `b` is one of the 68 opcodes. */
export function isOpcode(b: number): boolean {
  return OPCODE_NAMES[b] !== undefined;
}

/** Callees whose bytes argument is itself deserialised (artifacts.md §3.9). */
export const NESTED_LOADERS = new Set([
  'pickle.loads', '_pickle.loads', 'cPickle.loads', 'dill.loads', 'dill._dill.loads', 'cloudpickle.loads',
  'torch.load', 'torch.serialization.load', 'torch.storage._load_from_bytes', 'numpy.load', 'joblib.load',
]);

export class StreamError extends Error {
  constructor(message: string, readonly truncated = false) {
    super(message);
  }
}
export class StopScan extends Error {}

export function weight(s: Sym): number {
  return s.t === 'seq' || s.t === 'call' ? s.w : 1;
}

export interface ImportEvent {
  mod: string;
  name: string;
  verdict: Verdict;
  offset: number;
  op: string;
  count: number;
  mapped?: [string, string];
  unresolved?: string;
}

/** How sure the caller is that the bytes are a pickle. */
export type Mode = 'definite' | 'maybe';

export interface WalkOptions {
  /** Where the bytes are, for messages (`archive/data.pkl`, `nested pickle at 12`). */
  member?: string;
  mode: Mode;
  depth: number;
  /** Where to start in the source (default 0). */
  start?: number;
  /** Stop after this many streams (legacy torch reads 5; `pickle.load` reads 1). */
  maxStreams?: number;
}

export interface WalkSummary {
  /** Streams that ran to STOP. */
  streams: number;
  /** The first opcode was valid and at least one opcode parsed. */
  parsed: boolean;
  /** Offset after the last STOP, or where the walk gave up. */
  end: number;
  /** Import events kept (0 when a `maybe` walk was discarded). */
  imports: number;
}

export interface StreamResult {
  stopped: boolean;
  end: number;
  error?: string;
  truncated?: boolean;
  ops: number;
  findings: ArtifactFinding[];
  imports: ImportEvent[];
}

export function longValue(b: Uint8Array): Sym {
  if (b.length === 0) return { t: 'int', v: 0 };
  if (b.length > 6) return CONST;
  let v = 0;
  for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i];
  if (b[b.length - 1] & 0x80) v -= 2 ** (8 * b.length);
  return { t: 'int', v };
}

/** Bytes per item of a NumPy typestr (`<f8`, `|u1`, `<U10`, `|V16`); undefined if unknown. */
export function itemSize(typestr: string | undefined): number | undefined {
  const m = typestr && /^[|<>=]?([bBiufcmMSUVa?])(\d*)(\[\w+\])?$/.exec(typestr);
  if (!m) return undefined;
  const n = m[2] === '' ? 1 : Number(m[2]);
  if (m[1] === 'U') return 4 * n;
  if (m[1] === '?' || m[1] === 'b' && m[2] === '') return 1;
  return n;
}
