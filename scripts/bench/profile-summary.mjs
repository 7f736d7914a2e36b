// `node scripts/bench/profile-summary.mjs FILE.cpuprofile [...] [--top N]`: where the time goes in
// V8 CPU profiles (from `node --cpu-prof`), summed over the files given: totals by kind (idle,
// GC, WebAssembly = tree-sitter, JavaScript), the functions with the most self time, and the
// named JavaScript functions with the most inclusive time (time with their callees).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const argv = process.argv.slice(2);
let top = 20;
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--top') top = Number(argv[++i]);
  else files.push(argv[i]);
}
if (files.length === 0) {
  console.error('usage: node scripts/bench/profile-summary.mjs FILE.cpuprofile [...] [--top N]');
  process.exit(2);
}

const keyOf = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'}${url ? `  ${basename(url)}:${lineNumber + 1}` : ''}`;
const kindOf = ({ functionName, url }) => {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 (program)';
  if (functionName.startsWith('wasm-function') || (url && !url.includes('.') && !url.startsWith('node:'))) return 'WebAssembly (tree-sitter)';
  return 'JavaScript';
};

const self = new Map();
const inclusive = new Map();
const kinds = new Map();
let total = 0;
for (const file of files) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id).callFrame;
    self.set(keyOf(frame), (self.get(keyOf(frame)) ?? 0) + dt);
    kinds.set(kindOf(frame), (kinds.get(kindOf(frame)) ?? 0) + dt);
    total += dt;
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n).callFrame;
      if (!f.functionName || f.functionName.startsWith('(') || f.functionName.startsWith('wasm-function')) continue;
      const k = keyOf(f);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
}
const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
const print = (map, n) => {
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms.toFixed(0).padStart(8)} ms ${pct(ms)}  ${key}`);
};
console.log(`${files.length} profile(s), ${total.toFixed(0)} ms sampled\n\nby kind:`);
print(kinds, 10);
console.log(`\ntop self time:`);
print(self, top);
console.log(`\ntop inclusive time (named JavaScript functions):`);
print(inclusive, top);
