import * as path from 'path';
import { parentPort } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { artifactResult } from './artifactResult';
import { checkFile } from './checkFile';
import type { CheckFileOptions } from './fileResult';
import type { Job } from './pool';

/** A worker thread of the CLI: parses and checks the files it is sent, one batch at a time. */
const ready = loadPython(path.join(__dirname, '..', 'server')).then(createParser);

parentPort?.on('message', async (msg: { files: string[]; options: CheckFileOptions; job?: Job }) => {
  if (msg.job === 'artifacts') {
    const results = [];
    for (const f of msg.files) results.push(await artifactResult(f, msg.options));
    parentPort?.postMessage({ results });
    return;
  }
  const parser = await ready;
  parentPort?.postMessage({ results: msg.files.map((f) => checkFile(parser, f, msg.options)) });
});
