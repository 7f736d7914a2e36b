import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { artifactResult } from './artifactResult';
import { checkFile } from './checkFile';
import type { CheckFileOptions, FileResult } from './fileResult';

const BATCH = 24;
/** Below this many files a worker's start-up costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;

export function wasmDir(): string {
  return path.join(__dirname, '..', 'server');
}

/** What a worker does with a file: check Python source, or scan a model file (MLH4xx). */
export type Job = 'python' | 'artifacts';

/** Checks files on every core with worker threads (in this thread for a handful of files). */
export async function checkFiles(files: string[], options: CheckFileOptions, job: Job = 'python'): Promise<FileResult[]> {
  const cores = Math.max(1, (os.availableParallelism?.() ?? os.cpus().length));
  // NOTE: model files are few and large, so two of them already keep two threads busy.
  const minFiles = job === 'artifacts' ? 2 : MIN_FILES_FOR_WORKERS;
  const batch = job === 'artifacts' ? 1 : BATCH;
  if (files.length < minFiles || cores === 1) {
    if (job === 'artifacts') {
      const out: FileResult[] = [];
      for (const f of files) out.push(await artifactResult(f, options));
      return out;
    }
    const parser = createParser(await loadPython(wasmDir()));
    return files.map((f) => checkFile(parser, f, options));
  }
  // NOTE: results keep the order of `files`, whichever worker finishes first, so that output is
  // the same with or without workers and with or without the result cache.
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  const workerCount = Math.min(cores, Math.ceil(files.length / batch));
  await Promise.all(
    Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'worker.js'));
      const feed = () => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const start = next;
        next += batch;
        worker.postMessage({ start, files: files.slice(start, start + batch), options, job });
      };
      worker.on('message', (msg: { start: number; results: FileResult[] }) => {
        msg.results.forEach((r, i) => (results[msg.start + i] = r));
        feed();
      });
      worker.on('error', reject);
      feed();
    })),
  );
  return results;
}
