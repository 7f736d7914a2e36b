import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

import type { Parser } from 'web-tree-sitter';

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

interface Item {
  file: string;
  job: Job;
}

/**
 * Checks files as they are handed over (`push`): on this thread and a worker thread per other
 * core once there are enough of them to pay for the threads' start-up, on this thread alone
 * otherwise. Work can be pushed
 * while earlier files are being checked, so the threads start on the first files while the
 * caller is still reading the rest (the result cache's keys).
 */
export class Checker {
  private readonly waiting: Item[] = [];
  private readonly results = new Map<string, FileResult>();
  private pool?: Pool;
  /** Told of each result as it arrives (the result cache records it while the threads work on). */
  onResult?: (result: FileResult) => void;

  constructor(private readonly options: CheckFileOptions) {}

  private record = (result: FileResult): void => {
    this.results.set(result.path, result);
    this.onResult?.(result);
  };

  /**
   * Starts the threads now, before there is work: they load the engine while the caller is still
   * walking the folders. For a check that will surely have enough files (a folder, a cold cache).
   */
  warmUp(): void {
    if (!this.pool && cores() > 1) this.pool = new Pool(this.options, this.record);
  }

  push(files: readonly string[], job: Job = 'python'): void {
    for (const file of files) this.waiting.push({ file, job });
    // NOTE: model files are few and large, so two of them already keep two threads busy.
    const enough = this.waiting.length >= MIN_FILES_FOR_WORKERS || this.waiting.filter((i) => i.job === 'artifacts').length >= 2;
    if (!this.pool && enough && cores() > 1) this.pool = new Pool(this.options, this.record);
    if (this.pool) this.pool.push(this.waiting.splice(0));
  }

  /** Every pushed file's result, by path. */
  async finish(): Promise<Map<string, FileResult>> {
    if (this.pool) {
      await this.pool.finish();
      return this.results;
    }
    let parser: ReturnType<typeof createParser> | undefined;
    for (const { file, job } of this.waiting.splice(0)) {
      if (job === 'artifacts') this.record(await artifactResult(file, this.options));
      else this.record(checkFile((parser ??= createParser(await loadPython(wasmDir()))), file, this.options));
    }
    return this.results;
  }
}

/** Checks a fixed list of files; results in the order of `files`. */
export async function checkFiles(files: string[], options: CheckFileOptions, job: Job = 'python'): Promise<FileResult[]> {
  const checker = new Checker(options);
  checker.push(files, job);
  const results = await checker.finish();
  return files.map((f) => results.get(f)!);
}

function cores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * The worker threads and the queue they take batches from. This thread checks files too, one at a
 * time between the threads' messages: one thread fewer is started (its start-up and its engine's
 * warm-up), and each thread has a second batch waiting so that it never waits for this one.
 */
class Pool {
  private readonly queue: Item[] = [];
  private readonly workers: Worker[] = [];
  /** Batches sent to each thread and not answered yet. */
  private readonly inFlight = new Map<Worker, number>();
  private busy = 0;
  private closed = false;
  private failure?: Error;
  private settle?: () => void;
  private parser?: Parser;
  private localScheduled = false;

  constructor(
    private readonly options: CheckFileOptions,
    private readonly record: (result: FileResult) => void,
  ) {
    for (let i = 0; i < Math.max(1, cores() - 1); i++) {
      const worker = new Worker(path.join(__dirname, 'worker.js'));
      worker.on('message', (msg: { results: FileResult[] }) => {
        for (const r of msg.results) this.record(r);
        this.busy--;
        this.inFlight.set(worker, (this.inFlight.get(worker) ?? 1) - 1);
        this.feed(worker);
      });
      worker.on('error', (err) => {
        this.failure ??= err;
        this.busy -= this.inFlight.get(worker) ?? 0;
        this.inFlight.set(worker, 0);
        this.check();
      });
      this.workers.push(worker);
    }
    loadPython(wasmDir()).then(
      (python) => {
        this.parser = createParser(python);
        this.scheduleLocal();
      },
      (err: Error) => {
        this.failure ??= err;
        this.check();
      },
    );
  }

  push(items: Item[]): void {
    this.queue.push(...items);
    for (const worker of this.workers) this.feed(worker);
    this.scheduleLocal();
  }

  finish(): Promise<void> {
    this.closed = true;
    const done = new Promise<void>((resolve) => (this.settle = resolve));
    this.check();
    return done.then(() => {
      // NOTE: not awaited: the threads wind down while the report is written (~40 ms of a run).
      for (const w of this.workers) void w.terminate();
      if (this.failure) throw this.failure;
    });
  }

  private feed(worker: Worker): void {
    if (this.failure) return this.check();
    // NOTE: batches shrink towards the end, so that no thread is left with a long batch while
    // the others have nothing to do.
    while (this.queue.length > 0 && (this.inFlight.get(worker) ?? 0) < 2) {
      const job = this.queue[0].job;
      const size = job === 'artifacts' ? 1 : Math.min(BATCH, Math.max(1, Math.ceil(this.queue.length / (2 * (this.workers.length + 1)))));
      let n = 0;
      while (n < size && n < this.queue.length && this.queue[n].job === job) n++;
      const files = this.queue.splice(0, n).map((i) => i.file);
      this.busy++;
      this.inFlight.set(worker, (this.inFlight.get(worker) ?? 0) + 1);
      worker.postMessage({ files, options: this.options, job });
    }
    this.check();
  }

  /**
   * Checks the next file in this thread, after the messages already waiting: a Python file first
   * (the threads take the queue's head), a model file when no Python file is left.
   */
  private scheduleLocal(): void {
    if (this.localScheduled || !this.parser || this.failure || this.queue.length === 0) return;
    // NOTE: set until the file is checked: a model file is scanned asynchronously.
    this.localScheduled = true;
    setImmediate(() => void this.checkLocal());
  }

  private async checkLocal(): Promise<void> {
    try {
      const at = this.queue.findIndex((i) => i.job === 'python');
      const item = at !== -1 ? this.queue.splice(at, 1)[0] : this.queue.shift();
      if (item && !this.failure) this.record(item.job === 'python' ? checkFile(this.parser!, item.file, this.options) : await artifactResult(item.file, this.options));
    } catch (err) {
      this.failure ??= err as Error;
    } finally {
      this.localScheduled = false;
    }
    this.scheduleLocal();
    this.check();
  }

  private check(): void {
    if (this.closed && this.busy === 0 && !this.localScheduled && (this.queue.length === 0 || this.failure)) this.settle?.();
  }
}
