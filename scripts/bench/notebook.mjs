// Notebook benchmark: `npm run bench:notebooks [-- --cells N] [--edits N] [--notebooks N]`.
// 1. The language server: a generated 300-cell notebook opened over LSP 3.17 notebook sync, then
//    edits of one cell at a time (each adds or removes a finding, so the cell is re-published);
//    reports edit → publish latency (the target: p95 under 30 ms).
// 2. The CLI: a folder of generated notebooks (code, markdown, magics, outputs with images),
//    checked with an empty cache; reports notebooks, cells and lines per second.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { bundleSources, CLI, fmtInt, median, missingBuild, quantile, requireFromRoot, ROOT, SERVER, table } from './lib.mjs';

const { createProtocolConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter } = requireFromRoot('vscode-languageserver-protocol/node');

const IMPORTS = '%matplotlib inline\nimport os\nimport pickle\n\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\nimport torch\nimport yaml\nfrom transformers import AutoModel, AutoTokenizer\n';

/**
 * Code cells as analysts write them: data wrangling, plots and training steps, with a load, a
 * download or a Hub call in about one cell in three (magics included).
 */
const CODE = [
  (i) => `ckpt_${i} = os.path.join(RUN_DIR, "epoch_${i}.pt")\nstate_${i} = torch.load(ckpt_${i}, map_location="cpu")\nmodel.load_state_dict(state_${i}["model"])\nmodel.eval()\n`,
  (i) => `df_${i} = pd.read_csv(f"data/part_${i}.csv", parse_dates=["day"])\ndf_${i} = df_${i}.dropna(subset=["units", "price"])\ndf_${i}["revenue"] = df_${i}.units * df_${i}.price\nweekly_${i} = df_${i}.groupby(pd.Grouper(key="day", freq="W")).revenue.sum()\nweekly_${i}.tail(8)\n`,
  (i) => `fig, ax = plt.subplots(1, 2, figsize=(12, 4))\nax[0].plot(losses[-200:], label="train")\nax[0].set_yscale("log")\nax[1].hist(residuals_${i % 7}, bins=50)\nax[1].set_title("residuals, step ${i}")\nfig.tight_layout()\n`,
  (i) => `!wget -q https://models.example/ckpt_${i}.bin -O ckpt_${i}.bin\nwith open("cache/features_${i}.pkl", "rb") as fh:\n    feats_${i} = pickle.load(fh)\nlen(feats_${i})\n`,
  (i) => `def collate_${i}(batch):\n    xs = [torch.as_tensor(b["x"], dtype=torch.float32) for b in batch]\n    ys = torch.tensor([b["y"] for b in batch])\n    lengths = torch.tensor([len(x) for x in xs])\n    xs = torch.nn.utils.rnn.pad_sequence(xs, batch_first=True)\n    return xs, ys, lengths\n`,
  (i) => `%time loss_${i} = train_epoch(model, loader, lr=1e-4)\nlosses.append(loss_${i})\nprint(f"epoch ${i}: {loss_${i}:.4f}")\n`,
  (i) => `summary_${i} = (\n    df.assign(margin=lambda d: d.revenue - d.cost)\n      .groupby(["store", "category"])\n      .agg(units=("units", "sum"), margin=("margin", "mean"))\n      .sort_values("margin", ascending=False)\n)\nsummary_${i}.head(10)\n`,
  (i) => `tok_${i} = AutoTokenizer.from_pretrained("org/encoder-${i}")\nenc_${i} = AutoModel.from_pretrained("org/encoder-${i}", revision="main")\ncfg_${i} = yaml.safe_load(open("conf/run_${i}.yaml"))\n`,
  (i) => `with torch.no_grad():\n    preds_${i} = model(x_val).squeeze(-1)\n    mae_${i} = (preds_${i} - y_val).abs().mean().item()\n    rmse_${i} = ((preds_${i} - y_val) ** 2).mean().sqrt().item()\nprint(f"MAE {mae_${i}:.3f}  RMSE {rmse_${i}:.3f}")\n`,
];

/** A notebook of `cells` cells (a markdown cell every fourth), with outputs of `outputBytes` each. */
export function generateNotebook(cells, { outputBytes = 0, seed = 0 } = {}) {
  const out = [{ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: lines(IMPORTS) }];
  const image = 'iVBORw0KGgoAAAANSUhEUgAA'.repeat(Math.ceil(outputBytes / 24)).slice(0, outputBytes);
  for (let i = 1; i < cells; i++) {
    if (i % 4 === 0) {
      out.push({ cell_type: 'markdown', metadata: {}, source: lines(`## Step ${i}\n\nWhat we look at in this step, and why the last run diverged.\n`) });
      continue;
    }
    const outputs = outputBytes ? [{ data: { 'image/png': image, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' }] : [];
    out.push({ cell_type: 'code', execution_count: i + 1, metadata: {}, outputs, source: lines(CODE[(i + seed) % CODE.length](i)) });
  }
  const nb = { cells: out, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

function lines(text) {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** The server on a notebook of `cells` cells: open, then `edits` edits of one cell each. */
export async function benchNotebookServer({ cells = 300, edits = 200, cpuProfDir, log = () => {} } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-nb-'));
  const nbUri = pathToFileURL(join(dir, 'analysis.ipynb')).toString();
  const rootUri = pathToFileURL(dir).toString();
  const nb = JSON.parse(generateNotebook(cells));
  const docs = nb.cells.map((c, i) => ({
    uri: `vscode-notebook-cell:${nbUri.slice(5)}#W${i}sZmlsZQ%3D%3D`,
    languageId: c.cell_type === 'code' ? 'python' : 'markdown',
    version: 1,
    text: c.source.join(''),
  }));
  const code = docs.filter((d) => d.languageId === 'python');
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...profile, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = [];
  let waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push({ ...p, at: performance.now() });
    waiters = waiters.filter((w) => !w());
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ enable: true })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const wait = (pred, what) => new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${stderr}`)), 30_000);
    const check = () => {
      const hit = published.find(pred);
      if (hit) clearTimeout(timer), resolvePromise(hit);
      return !!hit;
    };
    if (!check()) waiters.push(check);
  });
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: { workspace: { configuration: true } }, initializationOptions: { trusted: true } });
    await connection.sendNotification('initialized', {});
    const tOpen = performance.now();
    await connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: docs.map((d) => ({ kind: d.languageId === 'python' ? 2 : 1, document: d.uri })) },
      cellTextDocuments: docs,
    });
    const lastCell = code[code.length - 1].uri;
    const opened = await wait((p) => p.uri === lastCell, 'the first publish of every cell');
    const openMs = opened.at - tOpen;
    const diagnostics = published.reduce((n, p) => n + p.diagnostics.length, 0);
    log(`notebook server: ${cells} cells (${code.length} code), didOpen → every cell published ${openMs.toFixed(1)} ms, ${diagnostics} diagnostics`);

    // Each edit adds a line with a finding to a cell, or removes it again: one cell changes, the
    // whole notebook is re-analysed, and that cell's diagnostics change (so it is re-published).
    const latencies = [];
    let nbVersion = 1;
    let pending;
    for (let i = 0; i < edits; i++) {
      const doc = pending ?? code[1 + ((i * 37) % (code.length - 1))];
      const change = pending
        ? { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }
        : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'extra = torch.load("x.pt")\n' };
      pending = pending ? undefined : doc;
      doc.version++;
      const v = doc.version;
      const start = published.length;
      const ts = performance.now();
      await connection.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: nbUri, version: ++nbVersion },
        change: { cells: { textContent: [{ document: { uri: doc.uri, version: v }, changes: [change] }] } },
      });
      const got = await wait((p) => p.uri === doc.uri && p.version === v && published.indexOf(p) >= start, `the publish of ${doc.uri} v${v}`);
      latencies.push(got.at - ts);
    }
    return { cells, codeCells: code.length, lines: code.reduce((n, d) => n + d.text.split('\n').length - 1, 0), openMs, diagnostics, edits: latencies.length, median: median(latencies), p95: quantile(latencies, 0.95), max: Math.max(...latencies) };
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

/**
 * The same edits analysed in this process, timed in CPU time of this thread (process.cpuUsage):
 * what one edit costs the server (join, incremental parse, rules, shell commands), whatever else
 * the machine is doing; the wall-clock figure above also waits for a busy machine's scheduler.
 */
export async function benchNotebookCpu({ cells = 300, edits = 200 } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-nbcpu-'));
  try {
    const file = await bundleSources([
      "export { createParser, loadPython, ParsedDocument } from './server/src/analysis/parser';",
      "export { NotebookSource } from './server/src/analysis/notebook/notebookSource';",
      "export { checkNotebook } from './server/src/engine/checkNotebook';",
    ], join(dir, 'engine.cjs'));
    const { createParser, loadPython, ParsedDocument, NotebookSource, checkNotebook } = requireFromRoot(file);
    const parser = createParser(await loadPython(join(ROOT, 'out', 'server')));
    const nb = JSON.parse(generateNotebook(cells));
    const texts = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    const path = join(dir, 'analysis.ipynb');
    let source = new NotebookSource(texts);
    const doc = new ParsedDocument(parser, source.text);
    const analyse = () => checkNotebook(source, path, () => doc.tree, { trusted: true });
    analyse();
    const cpu = [];
    for (let i = 0; i < edits; i++) {
      const c = 1 + ((Math.floor(i / 2) * 37) % (texts.length - 1));
      texts[c] = i % 2 === 0 ? `extra = torch.load("x.pt")\n${texts[c]}` : texts[c].slice(texts[c].indexOf('\n') + 1);
      const t0 = process.cpuUsage();
      source = new NotebookSource(texts, source);
      doc.update(source.text);
      analyse();
      const d = process.cpuUsage(t0);
      cpu.push((d.user + d.system) / 1000);
    }
    doc.dispose();
    return { median: median(cpu), p95: quantile(cpu, 0.95), max: Math.max(...cpu) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI over `notebooks` generated notebooks of `cells` cells with `outputBytes` per output. */
export function benchNotebookCli({ notebooks = 200, cells = 60, outputBytes = 20_000, runs = 3, log = () => {} } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ml-hygiene-bench-nbcli-'));
  let bytes = 0;
  for (let i = 0; i < notebooks; i++) {
    const text = generateNotebook(cells, { outputBytes, seed: i });
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `nb_${String(i).padStart(4, '0')}.ipynb`), text);
  }
  const codeCells = notebooks * (cells - Math.floor((cells - 1) / 4));
  const walls = [];
  let findings = 0;
  try {
    for (let r = 0; r <= runs; r++) {
      const t0 = performance.now();
      const res = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--fail-on', 'never', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const wall = (performance.now() - t0) / 1000;
      if (res.status !== 0) throw new Error(`the CLI failed: ${res.stderr}`);
      findings = JSON.parse(res.stdout).length;
      if (r > 0) walls.push(wall); // the first run warms the file cache
      log(`notebook CLI run ${r}: ${wall.toFixed(2)} s${r === 0 ? ' (warm-up)' : ''}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = median(walls);
  return { notebooks, cells, codeCells, bytes, findings, wall, perSecond: notebooks / wall, cellsPerSecond: codeCells / wall, mbPerSecond: bytes / 1e6 / wall, cores: os.availableParallelism?.() ?? os.cpus().length };
}

export function formatNotebook(server, cli, cpu) {
  return table([
    ['notebooks', 'value'],
    ['server: notebook', `${server.cells} cells (${server.codeCells} code, ${fmtInt(server.lines)} lines), ${server.diagnostics} diagnostics`],
    ['server: didOpen → every cell published', `${server.openMs.toFixed(1)} ms`],
    [`server: one cell edited → publish, ${server.edits} edits: median`, `${server.median.toFixed(1)} ms`],
    ['server: one cell edited → publish: p95 (target < 30 ms)', `${server.p95.toFixed(1)} ms (${server.p95 < 30 ? 'met' : 'MISSED'})`],
    ['server: one cell edited → publish: max', `${server.max.toFixed(1)} ms`],
  ].concat(!cpu ? [] : [
    ['engine: one cell edited → analysed, CPU time: median', `${cpu.median.toFixed(1)} ms`],
    ['engine: one cell edited → analysed, CPU time: p95 (max)', `${cpu.p95.toFixed(1)} ms (${cpu.max.toFixed(1)})`],
  ]).concat(!cli ? [] : [
    ['CLI: corpus', `${cli.notebooks} notebooks × ${cli.cells} cells (${fmtInt(cli.codeCells)} code cells), ${(cli.bytes / 1e6).toFixed(1)} MB with outputs, ${cli.findings} findings`],
    [`CLI: wall (median, ${cli.cores} cores, no cache)`, `${cli.wall.toFixed(2)} s`],
    ['CLI: throughput', `${cli.perSecond.toFixed(0)} notebooks/s, ${fmtInt(cli.cellsPerSecond)} code cells/s, ${cli.mbPerSecond.toFixed(1)} MB/s`],
  ]));
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  const server = {};
  const cli = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cells') server.cells = Number(argv[++i]);
    else if (argv[i] === '--edits') server.edits = Number(argv[++i]);
    else if (argv[i] === '--notebooks') cli.notebooks = Number(argv[++i]);
    else if (argv[i] === '--cpu-prof') server.cpuProfDir = resolve(argv[++i]);
    else if (argv[i] === '--server-only') cli.skip = true;
    else {
      console.error(`unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  const missing = missingBuild();
  if (missing.length) {
    console.error(`not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
    process.exit(1);
  }
  const log = (s) => console.error(s);
  const s = await benchNotebookServer({ ...server, log });
  const cpu = await benchNotebookCpu(server);
  if (cli.skip) console.log(formatNotebook(s, undefined, cpu));
  else console.log(formatNotebook(s, benchNotebookCli({ ...cli, log }), cpu));
}
