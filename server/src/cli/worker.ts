import * as path from 'path';
import { parentPort } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { checkFile } from './checkFile';
import type { CheckFileOptions } from './fileResult';

/** A worker thread of the CLI: parses and checks the files it is sent, one batch at a time. */
const ready = loadPython(path.join(__dirname, '..', 'server')).then(createParser);

parentPort?.on('message', async (msg: { start: number; files: string[]; options: CheckFileOptions }) => {
  const parser = await ready;
  parentPort?.postMessage({ start: msg.start, results: msg.files.map((f) => checkFile(parser, f, msg.options)) });
});
