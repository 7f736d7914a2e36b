import * as fs from 'fs';
import { parentPort } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { artifactResult } from '../cli/artifactResult';
import { checkFile } from '../cli/checkFile';
import { discover, SOURCE_EXTENSIONS } from '../cli/discover';
import type { FileResult } from '../cli/fileResult';
import { clearConfigCache } from '../config/projectConfig';
import { clearCatalogCache } from '../catalog/fileCatalog';
import { clearProjectFacts } from '../engine/checkDocument';
import { scanModel } from '../engine/scanModel';
import { isWorkspaceModel, WORKSPACE_MODEL_EXTENSIONS } from './modelFiles';
import type { ReportRequest, ScanReply, ScanRequest } from './scanMessages';
import { scanReport } from './scanReport';

/**
 * The language server's workspace-scan thread: it walks the folder with the CLI's ignore rules
 * and checks the files that changed since its last pass (by size and modification time), so the
 * editor's own requests never wait for a scan and a rescan after an edit costs one file. Model
 * files are scanned here too (streamed, never loaded), and so are the scan reports the model-file
 * editor asks for.
 */
const ready = loadPython(__dirname).then(createParser);
const BATCH = 16;
/** Model files per batch: each may take a while, and its findings should show as soon as found. */
const MODEL_BATCH = 1;

const isSource = (file: string) => SOURCE_EXTENSIONS.some((e) => file.endsWith(e));

function stamp(file: string): string | undefined {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function post(reply: ScanReply): void {
  parentPort?.postMessage(reply);
}

async function scan(req: ScanRequest): Promise<void> {
  const parser = await ready;
  // NOTE: the server keeps the stamps, so this thread can be stopped between scans.
  const seen = new Map(req.fresh ? [] : req.stamps);
  if (req.fresh) {
    // NOTE: configuration, catalog or trust changed: every verdict may differ.
    clearConfigCache();
    clearCatalogCache();
    clearProjectFacts();
  }
  const found = discover([req.root], [...SOURCE_EXTENSIONS, ...WORKSPACE_MODEL_EXTENSIONS]).files;
  const all = found.filter((f) => isSource(f) || isWorkspaceModel(f));
  const files = all.slice(0, req.maxFiles);
  const present = new Set(files);
  for (const file of [...seen.keys()]) if (!present.has(file)) seen.delete(file);
  // NOTE: a model file's results depend on the size cap too: a new cap rescans it.
  const key = (f: string) => {
    const s = stamp(f);
    return s && !isSource(f) ? `${s}:${req.maxModelBytes}` : s;
  };
  const todo = files.filter((f) => seen.get(f) !== key(f));
  post({ type: 'planned', id: req.id, files, toCheck: todo.length, unscanned: all.length - files.length });
  let checked = 0;
  let results: FileResult[] = [];
  const flush = async () => {
    post({ type: 'results', id: req.id, results, checked });
    results = [];
    // NOTE: a turn of the event loop after each batch lets a scan report through.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (const file of todo) {
    const before = key(file);
    if (isSource(file)) {
      results.push(checkFile(parser, file, { fix: false, trusted: req.trusted, references: !!req.references }));
    } else {
      results.push(await artifactResult(file, { trusted: req.trusted, maxBytes: req.maxModelBytes, stopAt: req.root }));
    }
    if (before) seen.set(file, before);
    checked++;
    if (results.length >= (isSource(file) ? BATCH : MODEL_BATCH)) await flush();
  }
  if (results.length) await flush();
  post({ type: 'done', id: req.id, stamps: [...seen] });
}

async function report(req: ReportRequest): Promise<void> {
  const model = await scanModel(req.file, { maxBytes: req.maxModelBytes, hash: true, stopAt: req.root });
  post({ type: 'report', id: req.id, report: scanReport(model, req.trusted) });
}

// NOTE: scans are handled one at a time, in order; the server coalesces them before sending. A
// report is answered at once, between two files of a running scan, so opening a model file
// never waits for the whole workspace.
let chain = Promise.resolve();
parentPort?.on('message', (req: ScanRequest | ReportRequest) => {
  if (req.type === 'report') {
    report(req).catch((err: unknown) => post({ type: 'report-failed', id: req.id, error: String((err as Error)?.stack ?? err) }));
    return;
  }
  chain = chain.then(() => scan(req)).catch((err: unknown) => post({ type: 'failed', id: req.id, error: String((err as Error)?.stack ?? err) }));
});
