import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { checkFile } from './checkFile';
import type { CheckFileOptions, FileResult } from './fileResult';

const BATCH = 24;
/** Below this many files a worker's start-up costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;

export function wasmDir(): string {
  return path.join(__dirname, '..', 'server');
}

/** Checks files on every core with worker threads (in this thread for a handful of files). */
export async function checkFiles(files: string[], options: CheckFileOptions): Promise<FileResult[]> {
  const cores = Math.max(1, (os.availableParallelism?.() ?? os.cpus().length));
  if (files.length < MIN_FILES_FOR_WORKERS || cores === 1) {
    const parser = createParser(await loadPython(wasmDir()));
    return files.map((f) => checkFile(parser, f, options));
  }
  const results: FileResult[] = [];
  let next = 0;
  const workerCount = Math.min(cores, Math.ceil(files.length / BATCH));
  await Promise.all(
    Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'worker.js'));
      const feed = () => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const batch = files.slice(next, next + BATCH);
        next += BATCH;
        worker.postMessage({ files: batch, options });
      };
      worker.on('message', (batch: FileResult[]) => {
        results.push(...batch);
        feed();
      });
      worker.on('error', reject);
      feed();
    })),
  );
  return results.sort((a, b) => a.path.localeCompare(b.path));
}
