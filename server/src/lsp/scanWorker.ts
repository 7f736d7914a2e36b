import * as fs from 'fs';
import { parentPort } from 'worker_threads';

import { createParser, loadPython } from '../analysis/parser';
import { checkFile } from '../cli/checkFile';
import { discover } from '../cli/discover';
import type { FileResult } from '../cli/fileResult';
import { clearConfigCache } from '../config/projectConfig';
import { clearCatalogCache } from '../catalog/fileCatalog';
import { clearProjectFacts } from '../engine/checkDocument';
import type { ScanReply, ScanRequest } from './scanMessages';

/**
 * The language server's workspace-scan thread: it walks the folder with the CLI's ignore rules
 * and checks the files that changed since its last pass (by size and modification time), so the
 * editor's own requests never wait for a scan and a rescan after an edit costs one file.
 */
const ready = loadPython(__dirname).then(createParser);
const seen = new Map<string, string>();
const BATCH = 16;

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
  if (req.fresh) {
    // NOTE: configuration, catalog or trust changed: every verdict may differ.
    seen.clear();
    clearConfigCache();
    clearCatalogCache();
    clearProjectFacts();
  }
  const all = discover([req.root]).files;
  const files = all.slice(0, req.maxFiles);
  const present = new Set(files);
  for (const file of [...seen.keys()]) if (!present.has(file)) seen.delete(file);
  const todo = files.filter((f) => seen.get(f) !== stamp(f));
  post({ type: 'planned', id: req.id, files, toCheck: todo.length, unscanned: all.length - files.length });
  for (let i = 0; i < todo.length; i += BATCH) {
    const results: FileResult[] = [];
    for (const file of todo.slice(i, i + BATCH)) {
      const before = stamp(file);
      results.push(checkFile(parser, file, { fix: false, trusted: req.trusted, references: !!req.references }));
      if (before) seen.set(file, before);
    }
    post({ type: 'results', id: req.id, results, checked: Math.min(i + BATCH, todo.length) });
  }
  post({ type: 'done', id: req.id });
}

// NOTE: requests are handled one at a time, in order; the server coalesces them before sending.
let chain = Promise.resolve();
parentPort?.on('message', (req: ScanRequest) => {
  chain = chain.then(() => scan(req)).catch((err: unknown) => post({ type: 'failed', id: req.id, error: String((err as Error)?.stack ?? err) }));
});
