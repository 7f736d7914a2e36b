// `npm run bench [-- PATH...]`: the CLI benchmark over the given folders (or the colon-separated
// folders of ML_HYGIENE_BENCH_CORPUS, or examples/retail-demo), then the language-server
// benchmark, with a compact summary against the targets (design/performance.md and the brief).
import { join } from 'node:path';

import { benchCli, formatCli } from './cli.mjs';
import { missingBuild, ROOT, table } from './lib.mjs';
import { benchServer, formatServer } from './server.mjs';

const CORPUS_HELP = `No corpus given: running on examples/retail-demo only (a toy; its figures mean little).
For the real corpus (outside the repository, never committed), with a snapshot of each repository:
  mkdir -p ~/ml-corpus/diffusers ~/ml-corpus/examples
  git --git-dir=<huggingface/diffusers snapshot> archive HEAD | tar -x -C ~/ml-corpus/diffusers
  git --git-dir=<pytorch/examples snapshot> archive HEAD | tar -x -C ~/ml-corpus/examples
  ML_HYGIENE_BENCH_CORPUS=~/ml-corpus/diffusers:~/ml-corpus/examples npm run bench
(or pass folders: npm run bench -- PATH [PATH...])`;

// Targets: the brief's and performance.md's (CLI on the real corpus with 2 cores; editor p95).
const CLI_TARGET_S = 2.5;
const EDIT_P95_TARGET_MS = 30;

const missing = missingBuild();
if (missing.length) {
  console.error(`ml-hygiene bench: the build is missing (${missing.join(', ')}); run \`npm run build\` first.`);
  process.exit(1);
}

let paths = process.argv.slice(2);
if (paths.length === 0 && process.env.ML_HYGIENE_BENCH_CORPUS) paths = process.env.ML_HYGIENE_BENCH_CORPUS.split(':').filter(Boolean);
const toy = paths.length === 0;
if (toy) {
  console.error(CORPUS_HELP);
  paths = [join(ROOT, 'examples', 'retail-demo')];
}

const log = (s) => console.error(s);
const cli = await benchCli(paths, { runs: 5, log });
const server = await benchServer({ log });
// The same file with three candidate calls per block instead of one: the cost per candidate.
const dense = await benchServer({ log, dense: true });

console.log('');
console.log(formatCli(cli));
console.log('');
console.log(formatServer(server));
console.log('');
console.log(formatServer(dense));
console.log('');
const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log(table([
  ['target', 'measured', 'verdict'],
  [
    `CLI wall ≤ ${CLI_TARGET_S} s${toy ? ' (real corpus only)' : ''}`,
    `${cli.wallMedian.toFixed(2)} s on ${cli.cores} cores`,
    toy ? 'n/a (toy corpus)' : verdict(cli.wallMedian <= CLI_TARGET_S),
  ],
  [`edit → publish p95 < ${EDIT_P95_TARGET_MS} ms`, `${server.editP95.toFixed(1)} ms`, verdict(server.editP95 < EDIT_P95_TARGET_MS)],
  ['edit → publish p95 < 20 ms (performance.md)', `${server.editP95.toFixed(1)} ms`, verdict(server.editP95 < 20)],
  [`  same, dense file (${dense.candidates} candidates) < ${EDIT_P95_TARGET_MS} ms`, `${dense.editP95.toFixed(1)} ms`, verdict(dense.editP95 < EDIT_P95_TARGET_MS)],
]));
if (process.env.ML_HYGIENE_BENCH_JSON) console.log(JSON.stringify({ cli, server: { ...server, latencies: undefined }, dense: { ...dense, latencies: undefined } }));
