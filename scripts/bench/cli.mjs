// CLI benchmark: `node scripts/bench/cli.mjs PATH [PATH...] [--runs N]`.
// Runs the built CLI over the folders (one warm-up, then N runs, 5 by default) and reports wall
// time, lines of Python per second, files, findings, peak RSS (with /usr/bin/time), and the share
// of files and lines the engine's pre-filter (`mayHaveFindings`) lets through without a parse.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { CLI, fmtInt, fmtPct, loadEngine, median, missingBuild, ROOT, table } from './lib.mjs';

const TIME = '/usr/bin/time';

function countLines(buf) {
  // Newlines, as `wc -l` counts them.
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** The files the CLI walks (its own `discover`), their lines, and what the pre-filter keeps. */
export async function corpusFacts(paths) {
  const { discover, mayHaveFindings, allRules } = await loadEngine();
  const { files, missing } = discover(paths);
  if (missing.length) throw new Error(`no such file or folder: ${missing.join(', ')}`);
  let lines = 0;
  let bytes = 0;
  let skippedFiles = 0;
  let skippedLines = 0;
  let filterMs = 0;
  for (const file of files) {
    const buf = readFileSync(file);
    const n = countLines(buf);
    lines += n;
    bytes += buf.length;
    const text = buf.toString('utf8');
    const t0 = performance.now();
    const keep = mayHaveFindings(text, allRules);
    filterMs += performance.now() - t0;
    if (!keep) {
      skippedFiles++;
      skippedLines += n;
    }
  }
  return { files: files.length, lines, bytes, skippedFiles, skippedLines, filterMs, rules: allRules.length };
}

/**
 * One run of the CLI: wall seconds, findings, peak RSS in KiB (undefined without /usr/bin/time).
 * Each run gets an empty result cache (so it measures the real work, cache writes included)
 * unless `cacheDir` names one to reuse.
 */
function runOnce(paths, { extraNodeArgs = [], cacheDir } = {}) {
  const useTime = existsSync(TIME);
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-cli-'));
  const timeOut = join(dir, 'time.txt');
  const cache = ['--cache-dir', cacheDir ?? join(dir, 'cache')];
  const nodeArgs = [...extraNodeArgs, CLI, 'check', ...paths, '--format', 'json', '--fail-on', 'never', ...cache];
  const [cmd, args] = useTime ? [TIME, ['-f', '%M %U %S', '-o', timeOut, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      try {
        if (code !== 0) throw new Error(`CLI exited with ${code}: ${err.slice(0, 2000)}`);
        const findings = JSON.parse(Buffer.concat(out).toString('utf8'));
        let rssKiB;
        let cpu;
        if (useTime) {
          const [m, u, sys] = readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(' ').map(Number);
          rssKiB = m;
          cpu = u + sys;
        }
        const byCode = {};
        for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
        resolvePromise({ wall, cpu, findings: findings.length, byCode, rssKiB, stderr: err });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

export async function benchCli(paths, { runs = 5, log = () => {} } = {}) {
  const abs = paths.map((p) => resolve(p));
  const facts = await corpusFacts(abs);
  log(`cli: ${fmtInt(facts.files)} files, ${fmtInt(facts.lines)} lines; warm-up...`);
  const warm = await runOnce(abs);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(abs);
    log(`cli: run ${i + 1}/${runs}: ${r.wall.toFixed(3)} s wall${r.cpu !== undefined ? `, ${r.cpu.toFixed(2)} s CPU` : ''}, ${r.findings} findings${r.rssKiB ? `, ${(r.rssKiB / 1024).toFixed(0)} MiB` : ''}`);
    if (r.findings !== warm.findings) throw new Error(`findings differ between runs: ${warm.findings} vs ${r.findings}`);
    results.push(r);
  }
  // The result cache: a first run fills an empty cache, a second over the unchanged tree reads it.
  const cacheDir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-cache-'));
  let cached;
  try {
    const first = await runOnce(abs, { cacheDir });
    const second = await runOnce(abs, { cacheDir });
    if (second.findings !== warm.findings) throw new Error(`findings differ with the result cache: ${warm.findings} vs ${second.findings}`);
    cached = { first: first.wall, second: second.wall };
    log(`cli: result cache: first run ${first.wall.toFixed(3)} s, second run ${second.wall.toFixed(3)} s`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const walls = results.map((r) => r.wall);
  const rss = results.map((r) => r.rssKiB).filter((x) => x !== undefined);
  const cpu = results.map((r) => r.cpu).filter((x) => x !== undefined);
  const wall = median(walls);
  return {
    paths: abs,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    runs,
    wallMedian: wall,
    wallMin: Math.min(...walls),
    wallMax: Math.max(...walls),
    linesPerSecond: facts.lines / wall,
    ...facts,
    findings: warm.findings,
    byCode: warm.byCode,
    cpuMedian: cpu.length ? median(cpu) : undefined,
    loadAvg: os.loadavg()[0],
    peakRssMiB: rss.length ? Math.max(...rss) / 1024 : undefined,
    cached,
  };
}

export function formatCli(r) {
  const rows = [
    ['CLI', 'value'],
    ['paths', r.paths.join(', ')],
    ['cores', r.cores],
    ['files / lines / MB', `${fmtInt(r.files)} / ${fmtInt(r.lines)} / ${(r.bytes / 1e6).toFixed(1)}`],
    [`wall, median of ${r.runs} (min, max)`, `${r.wallMedian.toFixed(3)} s (${r.wallMin.toFixed(3)}, ${r.wallMax.toFixed(3)})`],
    ['lines/s (median wall)', fmtInt(r.linesPerSecond)],
    ['result cache: first run, second run (unchanged tree)', `${r.cached.first.toFixed(3)} s, ${r.cached.second.toFixed(3)} s`],
    ['CPU user+sys, median', r.cpuMedian === undefined ? 'n/a (no /usr/bin/time)' : `${r.cpuMedian.toFixed(2)} s (machine load avg ${r.loadAvg.toFixed(1)} at the end)`],
    ['findings', `${fmtInt(r.findings)}  ${Object.entries(r.byCode).sort().map(([c, n]) => `${c}:${n}`).join(' ')}`],
    ['peak RSS (max over runs)', r.peakRssMiB === undefined ? 'n/a (no /usr/bin/time)' : `${r.peakRssMiB.toFixed(0)} MiB`],
    ['pre-filter skips: files', `${fmtInt(r.skippedFiles)} (${fmtPct(r.skippedFiles, r.files)})`],
    ['pre-filter skips: lines', `${fmtInt(r.skippedLines)} (${fmtPct(r.skippedLines, r.lines)})`],
    ['pre-filter cost, all files, 1 thread', `${r.filterMs.toFixed(0)} ms (${r.rules} rules)`],
  ];
  return table(rows);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  let runs = 5;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else paths.push(argv[i]);
  }
  const missing = missingBuild();
  if (missing.length) {
    console.error(`not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
    process.exit(1);
  }
  if (paths.length === 0) {
    console.error('usage: node scripts/bench/cli.mjs PATH [PATH...] [--runs N]');
    process.exit(2);
  }
  const r = await benchCli(paths, { runs, log: (s) => console.error(s) });
  console.log(formatCli(r));
  if (process.env.ML_HYGIENE_BENCH_JSON) console.log(JSON.stringify(r));
}
