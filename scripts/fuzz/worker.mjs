// A fuzzing child process: loads the engine bundle once, then checks each case it is sent the
// way the CLI does (checkFile) and the way the editor does (parse + analyse with every rule,
// fixes applied and re-analysed, untrusted mode; the CLI's partial parse compared, untimed),
// timing each pass (one analysis of the file) in wall time and in this process's CPU time. A process, not a thread, so that CPU time is the
// case's own, whatever else the machine runs, and so that a hang can be killed outright.
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const workerData = JSON.parse(process.env.ML_HYGIENE_FUZZ_WORKER);
const engine = createRequire(workerData.bundle)(workerData.bundle);
const parser = engine.createParser(await engine.loadPython(workerData.wasmDir));
const noSeverity = new Map();

function analyse(text, partial = false) {
  // NOTE: partial, as the CLI parses (the functions that cannot matter left out, however short).
  const tree = partial ? engine.parseForAnalysis(parser, text, engine.allRules, 0) : parser.parse(text);
  try {
    return engine.analyze(tree, text, { rules: engine.allRules, severity: noSeverity, project: engine.NO_PROJECT, honourSuppressions: true, oneShot: partial });
  } finally {
    tree?.delete();
  }
}

/** The findings as a comparable text: what a user sees of each. */
const shown = (findings) => JSON.stringify(findings.map((f) => [f.code, f.start, f.end, f.severity, f.message, f.fixes.map((x) => x.title)]));

function passes(file, bytes) {
  const out = [];
  const timed = (name, fn) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const value = fn();
    const cpu = process.cpuUsage(c0);
    out.push([name, (cpu.user + cpu.system) / 1000, performance.now() - t0]);
    return value;
  };
  const result = timed('checkFile', () => engine.checkFile(parser, file, { fix: false }));
  const text = Buffer.from(bytes).toString('utf8');
  const findings = timed('analyse', () => analyse(text));
  const partial = shown(analyse(text, true)) === shown(findings) ? undefined : 'the partial parse (as the CLI parses) gives other findings than the whole parse';
  const edits = engine.preferredEdits(findings);
  if (edits.length) timed('after-fix', () => analyse(engine.applyEdits(text, edits)));
  timed('untrusted', () => {
    const text = Buffer.from(bytes).toString('latin1');
    let tree;
    try {
      engine.checkDocument(text, file, () => (tree ??= parser.parse(text)), { trusted: false });
    } finally {
      tree?.delete();
    }
  });
  return { result, passes: out, partial };
}

process.on('message', ({ id, bytes, expect }) => {
  const file = join(workerData.dir, `case-${id}.py`);
  try {
    writeFileSync(file, bytes);
    const { result, passes: times, partial } = passes(file, bytes);
    const codes = result.findings.map((f) => f.code);
    const problem = partial ?? (expect && !codes.includes(expect) ? `expected ${expect}, got [${codes.join(', ')}]` : undefined);
    process.send({ id, times, problem });
  } catch (err) {
    process.send({ id, times: [], problem: `threw: ${err?.stack ?? err}` });
  } finally {
    rmSync(file, { force: true });
  }
});
// Warm up first (JIT, wasm), so that a case's times are its own and not the compiler's.
const warm = Buffer.from('import torch, yaml, pickle\nimport numpy as np\nx = torch.load(p)\ny = yaml.load(s)\nz = np.load(f, allow_pickle=True)\n'.repeat(400));
writeFileSync(join(workerData.dir, 'warm-up.py'), warm);
for (let i = 0; i < 3; i++) passes(join(workerData.dir, 'warm-up.py'), warm);
process.send({ ready: true });
