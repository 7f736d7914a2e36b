/**
 * The pickle memo, compact: a memo-heavy pickle (a dict of a million memoised keys) would hold a
 * million small objects in a `Map`. Strings, ints and constants are kept in typed arrays by key
 * (13 bytes an entry); only containers, globals and calls keep their object, in a side map.
 */
export type Compact = { t: 'str'; off: number; len: number; enc: StrEnc } | { t: 'int'; v: number } | { t: 'const' };
export type StrEnc = 'utf8' | 'latin1' | 'escape' | 'rue';

const ENCS: StrEnc[] = ['utf8', 'latin1', 'escape', 'rue'];
const EMPTY = 0;
const CONST = 1;
const STR = 2; // 2..5: one per encoding
const INT = 6;
const OTHER = 7;

export class Memo<S extends { t: string }> {
  private kind = new Uint8Array(1024);
  private a = new Float64Array(1024);
  private b = new Int32Array(1024);
  private readonly other = new Map<number, S>();
  private readonly far = new Map<number, S>();
  /** Distinct keys stored: the key MEMOIZE writes next. */
  size = 0;

  constructor(private readonly constSym: S) {}

  private grow(key: number): void {
    let n = this.kind.length;
    while (n <= key) n *= 2;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    const a = new Float64Array(n);
    a.set(this.a);
    const b = new Int32Array(n);
    b.set(this.b);
    this.kind = kind;
    this.a = a;
    this.b = b;
  }

  has(key: number): boolean {
    return (key < this.kind.length && this.kind[key] !== EMPTY) || this.far.has(key);
  }

  /** Keys close to those seen live in the arrays; a far jump (sparse, hostile keys) in a map. */
  private dense(key: number): boolean {
    return key < this.kind.length || (key <= 2 * this.kind.length && !this.far.has(key));
  }

  set(key: number, value: S): void {
    if (!this.has(key)) this.size++;
    if (!this.dense(key)) {
      this.far.set(key, value);
      return;
    }
    if (key >= this.kind.length) this.grow(key);
    if (this.kind[key] === OTHER) this.other.delete(key);
    const v = value as unknown as Compact;
    if (v.t === 'const') this.kind[key] = CONST;
    else if (v.t === 'str' && v.len <= 0x7fffffff) {
      this.kind[key] = STR + ENCS.indexOf(v.enc);
      this.a[key] = v.off;
      this.b[key] = v.len;
    } else if (v.t === 'int') {
      this.kind[key] = INT;
      this.a[key] = v.v;
    } else {
      this.kind[key] = OTHER;
      this.other.set(key, value);
    }
  }

  get(key: number): S | undefined {
    const k = key < this.kind.length ? this.kind[key] : EMPTY;
    if (k === EMPTY) return this.far.get(key);
    if (k === CONST) return this.constSym;
    if (k === INT) return { t: 'int', v: this.a[key] } as unknown as S;
    if (k === OTHER) return this.other.get(key);
    return { t: 'str', off: this.a[key], len: this.b[key], enc: ENCS[k - STR] } as unknown as S;
  }
}
