// A worker thread of the CLI: parses and checks the files it is sent, one batch at a time.
// NOTE: workerParser first, so that the parser's WebAssembly compiles while the other modules load.
import { parserReady } from './workerParser';

import { parentPort } from 'worker_threads';

import { artifactResult } from './artifactResult';
import { checkFile } from './checkFile';
import type { CheckFileOptions } from './fileResult';
import type { Job } from './pool';

parentPort?.on('message', async (msg: { files: string[]; options: CheckFileOptions; job?: Job }) => {
  if (msg.job === 'artifacts') {
    const results = [];
    for (const f of msg.files) results.push(await artifactResult(f, msg.options));
    parentPort?.postMessage({ results });
    return;
  }
  const parser = await parserReady;
  parentPort?.postMessage({ results: msg.files.map((f) => checkFile(parser, f, msg.options)) });
});
