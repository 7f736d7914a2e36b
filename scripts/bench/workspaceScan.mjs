// `npm run bench:workspace [-- FILES] [--no-catalog]`: the language server's first full workspace scan (the
// Shadow ML inventory and the catalog view's save/load sites) of a generated workspace of 5,000
// Python files (or FILES), over stdio as an editor drives it. Reports the time from `initialized`
// to the inventory's scanning=false, the catalog request after it, and the server's memory
// (resident set now and at its peak, worker thread included). Targets: < 10 s, < 200 MB.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { missingBuild, requireFromRoot, SERVER } from './lib.mjs';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = requireFromRoot('vscode-languageserver-protocol/node');

const SCAN_TARGET_S = 10;
const MEMORY_TARGET_MB = 200;
const args = process.argv.slice(2);
const FILES = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);
// Without a catalog the scan does not look for save and load sites.
const CATALOG = !args.includes('--no-catalog');

const missing = missingBuild();
if (missing.length) {
  console.error(`bench:workspace: the build is missing (${missing.join(', ')}); run \`npm run build\` first.`);
  process.exit(1);
}

/** A file of one of five kinds ML code is made of, with `i` in its names so no two are alike. */
function source(i) {
  const helpers = Array.from({ length: 8 }, (_, k) => `def helper_${i}_${k}(x, y=${k}):\n    """Scale and shift."""\n    total = 0\n    for v in range(y):\n        total += x * v\n    return total\n`).join('\n');
  switch (i % 5) {
    case 0:
      return `import torch\nfrom torch import nn\n\nclass Net${i}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(${i % 97 + 1}, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\ndef train_${i}():\n    model = Net${i}()\n    torch.save(model.state_dict(), f"models/net_${i}/{'{'}epoch{'}'}.pt")\n    torch.save(model, "models/demand_lstm_${i}.pt")\n\n${helpers}`;
    case 1:
      return `import torch\n\n\ndef load_${i}(path):\n    return torch.load(path, map_location="cpu")\n\n\ndef load_safe_${i}(path):\n    return torch.load(path, weights_only=True)\n\n${helpers}`;
    case 2:
      return `from transformers import AutoModel, AutoTokenizer\n\nNAME = "acme/model-${i}"\n\n\ndef get_${i}():\n    tok = AutoTokenizer.from_pretrained(NAME, revision="0123456789abcdef0123456789abcdef01234567")\n    return tok, AutoModel.from_pretrained(NAME)\n\n${helpers}`;
    case 3:
      return `import joblib\nimport pickle\nfrom pathlib import Path\n\nOUT = Path(__file__).parent / "models"\n\n\ndef save_${i}(model):\n    joblib.dump(model, OUT / "price_${i}.joblib")\n    with open(OUT / "price_${i}.pkl", "wb") as fh:\n        pickle.dump(model, fh)\n\n${helpers}`;
    default:
      return `import math\nimport os\n\n\ndef area_${i}(r):\n    return math.pi * r * r\n\n\ndef env_${i}():\n    return os.environ.get("HOME_${i}")\n\n${helpers}`;
  }
}

function generate(dir) {
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg_${Math.floor(i / 100)}`, `mod_${Math.floor(i / 20) % 5}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file_${i}.py`), source(i));
  }
  if (!CATALOG) return;
  mkdirSync(join(dir, '.mlcatalog', 'models'), { recursive: true });
  writeFileSync(join(dir, '.mlcatalog', 'models', 'demand.yaml'), [
    'schema: mlcatalog/v1', 'id: demand', 'businessUse: Forecasts weekly demand for the benchmark.', 'owners: { business: user:a, technical: user:b }',
    'criticality: high', 'environments: [ { tier: production } ]', 'match: { paths: ["models/demand_lstm_*.pt"], hfRepos: ["acme/model-2"] }', '',
  ].join('\n'));
}

/** Resident memory of a process, now and at its peak, in MB (Linux /proc). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

const dir = mkdtempSync(join(os.tmpdir(), 'mlh-bench-workspace-'));
try {
  const t0 = performance.now();
  generate(dir);
  console.error(`generated ${FILES} Python files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const settings = { enable: true, workspaceScan: { enable: true, maxFiles: FILES + 100 } };
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('mlHygiene/catalogChanged', () => undefined);
  let changed = () => undefined;
  connection.onNotification('mlHygiene/inventoryChanged', () => changed());
  connection.listen();
  const root = pathToFileURL(dir).toString();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    initializationOptions: { trusted: true },
  });
  const start = performance.now();
  await connection.sendNotification('initialized', {});
  let inventory;
  let sawScanning = false;
  for (;;) {
    inventory = await connection.sendRequest('mlHygiene/getInventory');
    sawScanning ||= inventory.scanning;
    if (sawScanning && !inventory.scanning) break;
    if (performance.now() - start > 300_000) throw new Error(`the scan did not finish in 300 s: ${JSON.stringify({ ...inventory, files: inventory.files.length })}`);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 200);
      changed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  const scanS = (performance.now() - start) / 1000;
  const afterScan = memoryOf(child.pid);
  const t1 = performance.now();
  const catalog = await connection.sendRequest('mlHygiene/getCatalog');
  const catalogMs = performance.now() - t1;
  const memory = memoryOf(child.pid);
  const findings = inventory.files.reduce((n, f) => n + f.items.length, 0);
  const [entry] = catalog.entries;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  child.kill();
  const ok = (v, target) => (v < target ? 'ok' : 'OVER TARGET');
  console.log(`workspace scan of ${FILES} files${CATALOG ? ' with a catalog' : ', no catalog'}: ${scanS.toFixed(2)} s to scanning=false (target < ${SCAN_TARGET_S} s: ${ok(scanS, SCAN_TARGET_S)})`);
  console.log(`  inventory: ${findings} findings in ${inventory.files.length} files, ${inventory.unscanned} unscanned`);
  if (entry) console.log(`  catalog view: ${catalogMs.toFixed(0)} ms for getCatalog; entry "${entry.id}" with ${entry.saves.length} saves and ${entry.loads.length} loads`);
  console.log(`  server memory after the scan: ${afterScan.rss.toFixed(0)} MB resident (target < ${MEMORY_TARGET_MB} MB: ${ok(afterScan.rss, MEMORY_TARGET_MB)}); after getCatalog ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
