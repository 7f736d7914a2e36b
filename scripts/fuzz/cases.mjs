// The fuzzer's inputs: deterministic (a seeded PRNG), so a failure can be replayed by seed and
// case number. Each generator returns { kind, bytes, expect? }, where `expect: 'MLH002'` says the
// CLI must report the file as unreadable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (arr) => arr[int(arr.length)] };
}

function walkPy(dir, out, limit) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= limit) return;
    const full = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walkPy(full, out, limit);
    else if (e.isFile() && e.name.endsWith('.py') && statSync(full).size < 200_000) out.push(readFileSync(full, 'utf8'));
  }
}

/**
 * Real Python to mutate: the example project, the snippets of the rule tests (template literals
 * that import something), and optionally a corpus folder for longer runs.
 */
export function loadSeeds(root, corpus) {
  const seeds = [];
  walkPy(join(root, 'examples'), seeds, 1000);
  walkPy(join(root, 'test', 'fixtures'), seeds, 2000);
  const rulesTests = join(root, 'test', 'unit', 'rules');
  for (const name of readdirSync(rulesTests)) {
    const text = readFileSync(join(rulesTests, name), 'utf8');
    for (const m of text.matchAll(/`([^`]*)`/g)) {
      if (/\bimport\b/.test(m[1]) && !m[1].includes('${')) seeds.push(m[1].replace(/\\\\/g, '\\'));
    }
  }
  if (corpus) walkPy(corpus, seeds, 5000);
  return seeds;
}

/** Tokens that steer mutations towards what the rules and the parser find interesting. */
const TOKENS = ['torch.load(', 'pickle.loads(', 'yaml.load(', 'np.load(', 'joblib.load(', 'allow_pickle=True', 'weights_only=False',
  'Loader=yaml.UnsafeLoader', '**kw', '(', ')', '[', ']', '{', '}', ':', ',', '\n', '\n    ', '\t', "'", '"', '"""', "'''", '#', '\\',
  '# noqa: MLH101', '# nosec', 'import torch as T\n', 'from pickle import *\n', 'lambda x:', '@', 'getattr(torch, "load")', ' if ',
  'async ', 'await ', 'f"{', '}"', 'match x:\n    case 1:', 'del ', 'global load\n', 'load = pickle.load\n', '\r\n', '\r', '\u00e9', '\u{1F600}', '\u2028'];

function mutateText(r, text) {
  let lines = text.split('\n');
  const rounds = 1 + r.int(8);
  for (let i = 0; i < rounds; i++) {
    const at = r.int(lines.length + 1);
    switch (r.int(7)) {
      case 0: lines.splice(at, 1); break;
      case 1: lines.splice(at, 0, lines[r.int(lines.length)] ?? ''); break;
      case 2: { const b = r.int(lines.length); [lines[at], lines[b]] = [lines[b] ?? '', lines[at] ?? '']; break; }
      default: {
        let s = lines.join('\n');
        const p = r.int(s.length + 1);
        const op = r.int(4);
        if (op === 0) s = s.slice(0, p) + s.slice(p + 1 + r.int(4));
        else if (op === 1) s = s.slice(0, p) + r.pick(TOKENS) + s.slice(p);
        else if (op === 2 && p + 1 < s.length) s = s.slice(0, p) + s[p + 1] + s[p] + s.slice(p + 2);
        else s = s.slice(0, p) + s.slice(p, p + r.int(40)) + s.slice(p);
        lines = s.split('\n');
      }
    }
  }
  return lines.join('\n');
}

const utf8 = (s) => Buffer.from(s, 'utf8');
/** A PEP 263 coding line may make bytes that are invalid UTF-8 valid source. */
const declares = (s) => /coding[:=]/.test(s.split('\n', 2).join('\n'));

function deepNesting(r) {
  const n = 1000 + r.int(9001);
  const shape = r.int(8);
  const head = 'import torch, pickle, yaml\nimport numpy as np\n';
  if (shape === 0) return head + 'x = ' + '('.repeat(n) + 'torch.load(p)' + ')'.repeat(n) + '\n';
  if (shape === 1) return head + 'x = ' + '['.repeat(n) + 'pickle.loads(b)' + ']'.repeat(n) + '\n';
  if (shape === 2) return head + 'x = ' + '{"k": '.repeat(n) + 'np.load(f, allow_pickle=True)' + '}'.repeat(n) + '\n';
  if (shape === 3) {
    // Nested blocks: one indentation level per `if`, as deep as the parser will go.
    const depth = 500 + r.int(4501);
    let s = head;
    for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}if x${i}:\n`;
    return s + `${' '.repeat(depth)}y = yaml.load(s)\n`;
  }
  if (shape === 4) return head + 'x = ' + Array.from({ length: n * 5 }, (_, i) => `a${i}`).join(' + ') + ' + torch.load(p)\n';
  if (shape === 5) return head + 'x = ' + 'f('.repeat(n) + 'torch.load' + ')'.repeat(n) + '(p)\n';
  if (shape === 6) return head + 'x = torch' + '.a'.repeat(n) + '.load(p)\nload = pickle.load\n' + 'load = load\n'.repeat(n) + 'load(f)\n';
  return head + 'x = ' + 'lambda: '.repeat(n) + 'pickle.loads(b)\n' + 'y = ' + 'not '.repeat(n) + 'z\n';
}

function bigFile(r, seeds) {
  const lines = [];
  while (lines.length < 50_000) lines.push(...r.pick(seeds).split('\n'));
  return lines.slice(0, 50_000 + r.int(100)).join('\n');
}

/** The next case of the stream. */
export function nextCase(r, seeds) {
  const seed = () => r.pick(seeds);
  switch (r.int(12)) {
    case 0: {
      const bytes = Buffer.alloc(r.int(4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(256);
      return { kind: 'random-bytes', bytes };
    }
    case 1: {
      // Random printable tokens: passes the sink pre-filter, so the analyser sees odd trees.
      const parts = ['import torch, pickle, yaml, joblib\nimport numpy as np\n'];
      for (let i = r.int(400); i > 0; i--) parts.push(r.next() < 0.6 ? r.pick(TOKENS) : String.fromCharCode(32 + r.int(95)));
      return { kind: 'token-soup', bytes: utf8(parts.join('')) };
    }
    case 2: case 3: case 4: return { kind: 'mutated', bytes: utf8(mutateText(r, seed())) };
    case 5: { const b = utf8(seed()); return { kind: 'truncated', bytes: b.subarray(0, r.int(b.length + 1)) }; }
    case 6: return { kind: 'deep-nesting', bytes: utf8(deepNesting(r)) };
    case 7: return r.next() < 0.25 ? { kind: '50k-lines', bytes: utf8(bigFile(r, seeds)) } : { kind: 'mutated', bytes: utf8(mutateText(r, seed())) };
    case 8: {
      const b = Buffer.from(utf8(seed()));
      const nul = r.int(b.length + 1);
      return { kind: 'nul-bytes', bytes: Buffer.concat([b.subarray(0, nul), Buffer.from([0]), b.subarray(nul)]), expect: 'MLH002' };
    }
    case 9: {
      // Latin-1 with accents and no coding line: invalid UTF-8.
      const s = seed();
      const text = `# Mod\u00e8le de pr\u00e9vision\n${s}`;
      return { kind: 'latin-1', bytes: Buffer.from(text, 'latin1'), expect: declares(s) ? undefined : 'MLH002' };
    }
    case 10: {
      const s = seed();
      const b = Buffer.from(utf8(s));
      const at = r.int(b.length + 1);
      const bad = r.pick([[0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xff], [0xed, 0xa0, 0x80]]);
      return { kind: 'invalid-utf8', bytes: Buffer.concat([b.subarray(0, at), Buffer.from(bad), b.subarray(at)]), expect: declares(s) ? undefined : 'MLH002' };
    }
    default: {
      const le = r.next() < 0.5;
      const body = Buffer.from(seed(), 'utf16le');
      if (!le) body.swap16();
      return { kind: 'utf-16-bom', bytes: Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]), expect: 'MLH002' };
    }
  }
}
