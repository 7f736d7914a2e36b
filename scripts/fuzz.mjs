// Robustness fuzzing: `node scripts/fuzz.mjs [--seed N] [--seconds S | --cases N] [--timeout MS]
// [--workers W] [--corpus DIR] [--out DIR]`. Feeds the engine (parse + analyse with every rule, fixes, untrusted
// mode) and the CLI random bytes, mutated real Python, truncated files, deep nesting, 50k-line
// files, NUL bytes and non-UTF-8 input. A case fails if anything throws, if one pass over a file
// (one analysis) takes more than --timeout (2 s) of CPU, twice, if the CLI does not report an
// undecodable file as MLH002, or if the partial parse the CLI makes (functions that cannot
// matter left out) finds anything other than the whole parse. Cases run in child processes (one per --workers lane) that are
// killed when a case overruns its wall-clock watchdog, so a hang is detected, not waited on; CPU
// time, unlike wall time, does not count what other processes on a shared machine do. Failing
// inputs are saved to --out for replay. Needs `npm run build` (the CLI bundle is fuzzed too).
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CLI, missingBuild, ROOT } from './bench/lib.mjs';
import { bundleEngine } from './fuzz/engine.mjs';
import { loadSeeds, nextCase, rng } from './fuzz/cases.mjs';

const opts = { seed: 1, seconds: 10, cases: 0, timeout: 2000, workers: Math.min(2, os.availableParallelism?.() ?? 2), corpus: undefined, out: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts)) {
    console.error(`fuzz: unknown option ${argv[i]}`);
    process.exit(2);
  }
  opts[key] = ['corpus', 'out'].includes(key) ? argv[++i] : Number(argv[++i]);
}
if (missingBuild().length) {
  console.error('fuzz: run `npm run build` first (the CLI bundle is fuzzed too)');
  process.exit(2);
}

const tmp = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-fuzz-'));
const outDir = opts.out ?? join(tmp, 'failures');
const bundle = await bundleEngine(tmp);
const seeds = loadSeeds(ROOT, opts.corpus);
const r = rng(opts.seed);
const failures = [];
const kinds = {};
let slowest = { ms: 0 };
let slowestWall = 0;
let cases = 0;
const deadline = Date.now() + opts.seconds * 1000;

function fail(c, problem) {
  failures.push({ id: c.id, kind: c.kind, problem: problem.slice(0, 2000) });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `case-${c.id}-${c.kind}.py`), c.bytes);
}

/** The real CLI over a batch of case files, in its own process with a time bound. */
const batchSize = 40;
let batch = [];
const cliRuns = [];
function runCliBatch(items) {
  const dir = mkdtempSync(join(tmp, 'cli-'));
  for (const c of items) writeFileSync(join(dir, `case-${c.id}.py`), c.bytes);
  cliRuns.push(new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], { cwd: dir });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000 + items.length * opts.timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        if (signal) throw new Error(`the CLI was killed after its time bound (${signal})`);
        if (code !== 0) throw new Error(`the CLI exited with ${code}: ${err.slice(0, 1000)}`);
        const rows = JSON.parse(out);
        for (const c of items.filter((x) => x.expect)) {
          if (!rows.some((row) => row.file === `case-${c.id}.py` && row.code === c.expect)) fail(c, `CLI: expected ${c.expect}`);
        }
      } catch (e) {
        for (const c of items) fail(c, `CLI batch: ${e.message}`);
      }
      rmSync(dir, { recursive: true, force: true });
      resolve();
    });
  }));
}

function startWorker(dir) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ML_HYGIENE_FUZZ_WORKER: JSON.stringify({ bundle, wasmDir: join(ROOT, 'out', 'server'), dir }) };
    // NOTE: 'advanced' serialization sends the case bytes as bytes, not as JSON arrays.
    const w = fork(fileURLToPath(new URL('./fuzz/worker.mjs', import.meta.url)), [], { env, serialization: 'advanced', execArgv: ['--max-old-space-size=1024'] });
    const early = (code) => reject(new Error(`fuzz worker exited with ${code} before it was ready`));
    w.once('exit', early);
    w.once('error', reject);
    w.once('message', () => {
      w.off('exit', early);
      resolve(w);
    });
  });
}

function stopWorker(w) {
  w.removeAllListeners('exit');
  w.kill('SIGKILL');
}

// The watchdog tells a hang from slowness by the worker's CPU time where Linux shows it (up to
// four passes at the CPU bound, doubled, and a margin): on a busy machine wall time grows with the
// neighbours' work, CPU time does not. Elsewhere it falls back to wall time with a wider margin.
const CPU_WATCHDOG = 2 * 4 * opts.timeout + 2000;
const WALL_WATCHDOG = 4 * CPU_WATCHDOG;

/** CPU milliseconds a process has used (Linux /proc), or undefined where it cannot be read. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Sends one case to a worker; resolves with its answer, or `hang` when the watchdog fires. */
function ask(worker, c) {
  return new Promise((resolve) => {
    const startCpu = cpuMs(worker.pid);
    const startWall = Date.now();
    const timer = setInterval(() => {
      const cpu = startCpu === undefined ? undefined : cpuMs(worker.pid);
      const over = cpu === undefined ? Date.now() - startWall > WALL_WATCHDOG : cpu - startCpu > CPU_WATCHDOG;
      if (over) done({ hang: true });
    }, 250);
    const onMessage = (m) => m.id === c.id && done(m);
    const onExit = (code, signal) => done({ problem: `worker died (exit ${code ?? signal})`, dead: true });
    function done(v) {
      clearInterval(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(v);
    }
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.send({ id: c.id, bytes: c.bytes, expect: c.expect });
  });
}

/** One lane: a worker fed one case at a time; replaced when it overruns or dies. */
async function lane(n) {
  const dir = mkdtempSync(join(tmp, `w${n}-`));
  let worker = await startWorker(dir);
  // NOTE: --cases fixes the amount of work (for tests on a shared machine); --seconds the duration.
  while (opts.cases ? cases < opts.cases : Date.now() < deadline) {
    const c = { id: cases++, ...nextCase(r, seeds) };
    kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    batch.push(c);
    if (batch.length >= batchSize) runCliBatch(batch.splice(0));
    let verdict = await ask(worker, c);
    const slow = () => verdict.times?.some(([, cpu]) => cpu > opts.timeout);
    // NOTE: the machine is shared, so a slow pass is timed once more before it counts: a real
    // blow-up (quadratic work, a hang) is slow every time, a busy neighbour is not.
    if (!verdict.hang && !verdict.dead && slow()) verdict = await ask(worker, c);
    if (verdict.hang || verdict.dead) {
      if (verdict.hang) fail(c, `no answer within ${CPU_WATCHDOG} ms of CPU (hang)`);
      else fail(c, verdict.problem);
      stopWorker(worker);
      worker = await startWorker(dir);
      continue;
    }
    if (verdict.problem) fail(c, verdict.problem);
    for (const [pass, cpu, wall] of verdict.times) {
      if (cpu > slowest.ms) slowest = { ms: cpu, wall, pass, kind: c.kind, id: c.id, bytes: c.bytes.length };
      if (wall > slowestWall) slowestWall = wall;
      if (cpu > opts.timeout) fail(c, `${pass} took ${cpu.toFixed(0)} ms of CPU twice (bound ${opts.timeout} ms)`);
    }
  }
  stopWorker(worker);
}

const t0 = Date.now();
await Promise.all(Array.from({ length: opts.workers }, (_, n) => lane(n)));
if (batch.length) runCliBatch(batch.splice(0));
await Promise.all(cliRuns);
const seconds = (Date.now() - t0) / 1000;
rmSync(join(tmp, 'engine.cjs'), { force: true });
for (const f of failures) console.log(`FAIL case ${f.id} (${f.kind}): ${f.problem}`);
console.log(`fuzz: seed ${opts.seed}, ${cases} cases in ${seconds.toFixed(1)} s (${Object.entries(kinds).sort().map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
  `${cliRuns.length} CLI runs; slowest pass ${slowest.ms.toFixed(0)} ms CPU (${slowest.pass}, ${slowest.kind}, ${slowest.bytes} bytes; longest wall ${slowestWall.toFixed(0)} ms); ${failures.length} failures` +
  (failures.length ? `, inputs saved in ${outDir}` : ''));
if (!failures.length && !opts.out) rmSync(tmp, { recursive: true, force: true });
process.exitCode = failures.length ? 1 : 0;
