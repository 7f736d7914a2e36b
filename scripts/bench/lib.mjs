// Shared helpers of the benchmarks: where things are, statistics, formatting, and a bundle of
// the engine's own discovery and pre-filter code so the scripts count exactly what the CLI does.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'ml-hygiene.js');
export const SERVER = join(ROOT, 'out', 'server', 'server.js');
export const BUILT = ['out/cli/cli.js', 'out/cli/worker.js', 'out/server/server.js', 'out/server/tree-sitter-python.wasm'];

/** The files of the build the benchmarks need that are missing (empty when built). */
export function missingBuild() {
  return BUILT.filter((f) => !existsSync(join(ROOT, f)));
}

export const requireFromRoot = createRequire(join(ROOT, 'package.json'));

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

export function fmtInt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

export function fmtPct(part, whole) {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

/** Prints rows (arrays of cells) as an aligned text table. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map((r, ri) => {
      const line = r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
      return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

let engine;

/**
 * `discover`, `mayHaveFindings` and `allRules` straight from the TypeScript sources, bundled
 * in memory with esbuild into a temporary CommonJS file (nothing is added to the product).
 */
export async function loadEngine() {
  if (engine) return engine;
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-'));
  try {
    const file = await bundleSources(
      [
        "export { discover } from './server/src/cli/discover';",
        "export { mayHaveFindings } from './server/src/analysis/analyzer';",
        "export { allRules } from './server/src/rules/index';",
      ],
      join(dir, 'engine.cjs'),
    );
    engine = createRequire(file)(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return engine;
}

/**
 * Bundles a few `export ... from './server/src/...'` lines from the TypeScript sources into one
 * CommonJS file at `file` (for the bench and the fuzzer; nothing is added to the product).
 */
export async function bundleSources(exportLines, file) {
  const result = await esbuild.build({
    stdin: { contents: exportLines.join('\n'), resolveDir: ROOT, loader: 'ts', sourcefile: 'engine-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    // The same alias as esbuild.mjs: the CommonJS build of web-tree-sitter.
    alias: { 'web-tree-sitter': requireFromRoot.resolve('web-tree-sitter') },
  });
  writeFileSync(file, result.outputFiles[0].contents);
  return file;
}
