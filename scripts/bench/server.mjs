// Language-server benchmark: `node scripts/bench/server.mjs [--edits N] [--lines N] [--dense] [--cpu-prof DIR] [--write FILE]`.
// Generates a realistic 10,000-line training module in a temporary folder, drives the bundled
// server over stdio as an editor does, and measures didOpen → first publish, a warm full
// analysis (close and reopen), and edit → publish for single-character incremental edits.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { fmtInt, median, missingBuild, quantile, requireFromRoot, SERVER, table } from './lib.mjs';

const {
  createProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} = requireFromRoot('vscode-languageserver-protocol/node');

/** A small deterministic PRNG (mulberry32), so every run edits the same file the same way. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The candidate calls: every rule's kind of sink, safe and unsafe spellings alike.
const CANDIDATES = [
  (v) => `state = torch.load(${v}_path, map_location="cpu")`,
  (v) => `state = torch.load(${v}_path, map_location=device, weights_only=True)`,
  (v) => `arr = np.load(${v}_file, allow_pickle=True)`,
  (v) => `arr = np.load(${v}_file)`,
  (v) => `with open(${v}_path, "rb") as f:\n        obj = pickle.load(f)`,
  (v) => `cfg = yaml.load(open(${v}_yaml), Loader=yaml.Loader)`,
  (v) => `cfg = yaml.load(${v}_text, Loader=yaml.SafeLoader)`,
  (v) => `cfg = yaml.safe_load(${v}_text)`,
  (v) => `payload = pickle.loads(${v}_bytes)`,
];

/** The parameters every candidate spelling of `v` may use. */
const params = (v) => ['path', 'file', 'yaml', 'text', 'bytes'].map((k) => `${v}_${k}`).join(', ');

const NAMES = ['encoder', 'decoder', 'backbone', 'head', 'teacher', 'student', 'critic', 'actor', 'unet', 'vae', 'scheduler', 'tokenizer'];

/**
 * A training module of about `target` lines with at least `minCandidates` candidate calls: one in
 * every block of about 75 lines by default (`dense`: three per block, about 400 in all).
 */
export function generateModule(target = 10_000, { minCandidates = 100, dense = false, seed = 42 } = {}) {
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const out = [
    '"""Training utilities for a diffusion model (generated for the ML Hygiene benchmark)."""',
    'import math',
    'import os',
    'import pickle',
    'from dataclasses import dataclass',
    'from typing import Optional',
    '',
    'import numpy as np',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'import yaml',
    '',
    '',
  ];
  let candidates = 0;
  let block = 0;
  // Roughly one candidate per 80 lines, as in busy training code.
  const candidate = (indent, v) => {
    candidates++;
    return CANDIDATES[candidates % CANDIDATES.length](v).split('\n').map((l) => indent + l);
  };
  while (out.length < target - 40) {
    const n = pick(NAMES);
    const id = `${n}${block++}`;
    const C = id[0].toUpperCase() + id.slice(1);
    const dim = pick([64, 128, 256, 512]);
    const lines = [
      '@dataclass',
      `class ${C}Config:`,
      `    hidden_size: int = ${dim}`,
      `    num_layers: int = ${1 + Math.floor(rand() * 8)}`,
      `    dropout: float = ${(rand() * 0.5).toFixed(2)}`,
      `    checkpoint: Optional[str] = None`,
      '',
      '',
      `class ${C}(nn.Module):`,
      `    """The ${n} block number ${block}."""`,
      '',
      `    def __init__(self, config: ${C}Config):`,
      '        super().__init__()',
      '        self.config = config',
      `        self.proj = nn.Linear(config.hidden_size, config.hidden_size * 4)`,
      `        self.out = nn.Linear(config.hidden_size * 4, config.hidden_size)`,
      '        self.norm = nn.LayerNorm(config.hidden_size)',
      '        self.dropout = nn.Dropout(config.dropout)',
      '',
      '    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:',
      '        h = self.norm(x)',
      '        h = F.gelu(self.proj(h))',
      '        h = self.dropout(self.out(h))',
      '        if mask is not None:',
      '            h = h.masked_fill(~mask.unsqueeze(-1), 0.0)',
      `        scale = torch.sqrt(torch.tensor(${dim}.0, device=x.device))`,
      '        return x + h / scale',
      '',
      `    def load_weights(self, ${params('ckpt')}, device: str = "cpu"):`,
      ...candidate('        ', 'ckpt'),
      '        self.load_state_dict(state if isinstance(state, dict) else {}, strict=False)',
      '        return self',
      '',
      '',
      `def make_${id}_batch(batch_size: int, seq_len: int, seed: int = 0):`,
      '    rng = np.random.default_rng(seed)',
      `    data = rng.standard_normal((batch_size, seq_len, ${dim})).astype(np.float32)`,
      '    mask = np.ones((batch_size, seq_len), dtype=bool)',
      '    mask[:, seq_len // 2 :] = rng.random((batch_size, seq_len - seq_len // 2)) > 0.1',
      '    x = torch.from_numpy(data)',
      '    m = torch.from_numpy(mask)',
      '    return x, m',
      '',
      '',
      `def train_${id}(model: nn.Module, steps: int = 100, lr: float = 1e-4):`,
      '    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)',
      '    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)',
      '    losses = []',
      '    for step in range(steps):',
      `        x, m = make_${id}_batch(8, 32, seed=step)`,
      '        y = model(x, m)',
      '        loss = F.mse_loss(y, x) + 0.01 * torch.mean(torch.abs(y))',
      '        opt.zero_grad(set_to_none=True)',
      '        loss.backward()',
      '        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      '        opt.step()',
      '        sched.step()',
      '        losses.append(float(loss.detach().cpu()))',
      '        if step % 10 == 0:',
      '            print(f"step {step}: loss={np.mean(losses[-10:]):.4f} lr={sched.get_last_lr()[0]:.2e}")',
      '    return np.array(losses)',
      '',
      '',
      `def evaluate_${id}(model: nn.Module, ${params('data')}, ${params('cfg')}):`,
      ...(dense ? candidate('    ', 'data') : ['    arr = np.loadtxt(data_file, delimiter=",")']),
      ...(dense ? candidate('    ', 'cfg') : ['    cfg = dict(os.environ)']),
      '    model.eval()',
      '    with torch.no_grad():',
      '        x = torch.as_tensor(np.asarray(arr, dtype=np.float32))',
      '        y = model(x)',
      '        err = torch.linalg.norm(y - x, dim=-1).mean().item()',
      '    stats = {"err": err, "mean": float(np.mean(arr)), "std": float(np.std(arr))}',
      '    return stats, cfg',
      '',
      '',
    ];
    out.push(...lines);
  }
  while (candidates < minCandidates) out.push(`extra_path = extra_file = extra_yaml = extra_text = extra_bytes = None`, ...candidate('', 'extra'), '');
  while (out.length < target) out.push(`# padding line ${out.length}`);
  return { text: `${out.slice(0, target).join('\n')}\n`, candidates };
}

function waitFor(pred, published, waiters, timeoutMs, what) {
  return new Promise((resolvePromise, reject) => {
    const check = () => {
      const hit = published.find(pred);
      if (hit) {
        clearTimeout(timer);
        resolvePromise({ hit, at: performance.now() });
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    if (!check()) waiters.push(check);
  });
}

export async function benchServer({ edits = 200, lines = 10_000, dense = false, reopen = 5, cpuProfDir, log = () => {} } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-server-'));
  const { text, candidates } = generateModule(lines, { dense });
  const file = join(dir, 'train_module.py');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  const rootUri = pathToFileURL(dir).toString();

  const nodeArgs = [];
  if (cpuProfDir) {
    mkdirSync(cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`);
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = [];
  let waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    p.receivedAt = performance.now();
    published.push(p);
    waiters = waiters.filter((w) => !w());
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ enable: true })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', (m) => log(`server: ${m.message}`));
  connection.listen();
  const wait = (pred, what, timeoutMs = 30_000) => waitFor(pred, published, waiters, timeoutMs, what);

  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      initializationOptions: { trusted: true },
    });
    const initMs = performance.now() - t0;
    await connection.sendNotification('initialized', {});

    // didOpen → first publish: the first full parse and analysis, in a fresh process.
    let version = 1;
    let current = text;
    const tOpen = performance.now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    const first = await wait((p) => p.uri === uri && p.version === version, 'the first publish');
    const openMs = first.at - tOpen;
    const firstDiagnostics = first.hit.diagnostics.length;
    log(`server: initialize ${initMs.toFixed(0)} ms, didOpen → publish ${openMs.toFixed(1)} ms, ${firstDiagnostics} diagnostics`);

    // Single-character edits: insert a character at a varied place, then delete it again.
    const rand = rng(7);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const editable = [];
    for (let l = 0; l < lineStarts.length - 1; l++) {
      const s = text.slice(lineStarts[l], lineStarts[l + 1] - 1);
      if (s.trim()) editable.push(l);
    }
    const latencies = [];
    let pending;
    for (let i = 0; i < edits; i++) {
      let change;
      if (!pending) {
        const line = editable[Math.floor(rand() * editable.length)];
        const s = current.slice(lineStarts[line], current.indexOf('\n', lineStarts[line]));
        const indent = s.length - s.trimStart().length;
        const character = indent + Math.floor(rand() * (s.length - indent + 1));
        const ch = 'abcdefghijklmnopqrstuvwxyz_0123456789 ()'[Math.floor(rand() * 40)];
        change = { range: { start: { line, character }, end: { line, character } }, text: ch };
        const off = lineStarts[line] + character;
        current = current.slice(0, off) + ch + current.slice(off);
        pending = { line, character };
      } else {
        const { line, character } = pending;
        change = { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
        const off = lineStarts[line] + character;
        current = current.slice(0, off) + current.slice(off + 1);
        pending = undefined;
      }
      version++;
      const v = version;
      const ts = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      const got = await wait((p) => p.uri === uri && p.version === v, `the publish of version ${v}`);
      latencies.push(got.at - ts);
    }
    if (current !== text) throw new Error('the edits did not restore the text');

    // A warm full analysis: close and reopen (the document store forgets the tree on close).
    const reopenMs = [];
    for (let i = 0; i < reopen; i++) {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      version++;
      const v = version;
      const ts = performance.now();
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: v, text } });
      const got = await wait((p) => p.uri === uri && p.version === v, `the publish after reopening (version ${v})`);
      reopenMs.push(got.at - ts);
    }
    const last = published.filter((p) => p.uri === uri).pop();
    return {
      lines: text.split('\n').length - 1,
      candidates,
      initMs,
      openMs,
      firstDiagnostics,
      lastDiagnostics: last.diagnostics.length,
      edits: latencies.length,
      editMedian: median(latencies),
      editP95: quantile(latencies, 0.95),
      editMax: Math.max(...latencies),
      editMin: Math.min(...latencies),
      reopenMedian: median(reopenMs),
      latencies,
    };
  } catch (err) {
    err.message += stderr ? `\nserver stderr:\n${stderr.slice(-4000)}` : '';
    throw err;
  } finally {
    try {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await connection.sendNotification('exit');
    } catch {
      // already gone
    }
    // Give the server a moment to exit by itself (so a --cpu-prof profile gets written).
    await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    connection.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatServer(r) {
  return table([
    ['language server', 'value'],
    ['file', `${fmtInt(r.lines)} lines, ${r.candidates} candidate calls, ${r.firstDiagnostics} diagnostics`],
    ['spawn → initialize result', `${r.initMs.toFixed(1)} ms`],
    ['didOpen → first publish (cold)', `${r.openMs.toFixed(1)} ms`],
    ['close + reopen → publish (warm full analysis, median)', `${r.reopenMedian.toFixed(1)} ms`],
    [`edit → publish, ${r.edits} one-char edits: median`, `${r.editMedian.toFixed(1)} ms`],
    ['edit → publish: p95', `${r.editP95.toFixed(1)} ms`],
    ['edit → publish: max (min)', `${r.editMax.toFixed(1)} ms (${r.editMin.toFixed(1)})`],
  ]);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  const opts = { log: (s) => console.error(s) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--edits') opts.edits = Number(argv[++i]);
    else if (argv[i] === '--lines') opts.lines = Number(argv[++i]);
    else if (argv[i] === '--dense') opts.dense = true;
    else if (argv[i] === '--cpu-prof') opts.cpuProfDir = resolve(argv[++i]);
    else if (argv[i] === '--write') {
      // Writes the generated module somewhere, to look at it or profile it separately.
      writeFileSync(argv[++i], generateModule(opts.lines ?? 10_000, { dense: opts.dense }).text);
      process.exit(0);
    } else {
      console.error(`unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  const missing = missingBuild();
  if (missing.length) {
    console.error(`not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
    process.exit(1);
  }
  const r = await benchServer(opts);
  console.log(formatServer(r));
  if (process.env.ML_HYGIENE_BENCH_JSON) console.log(JSON.stringify({ ...r, latencies: undefined }));
}
