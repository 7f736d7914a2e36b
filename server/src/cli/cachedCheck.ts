import * as fs from 'fs';

import type { CheckFileOptions, FileResult } from './fileResult';
import type { Checker } from './pool';
import { type FileStamp, ResultCache } from './resultCache';

/**
 * The file's content key with the stat taken before the bytes were read (so the bytes are at
 * least that new): `stamp` when the caller has just taken it, a fresh one otherwise.
 */
function readKey(cache: ResultCache, file: string, stamp = stampOf(file)): { key: string; stamp: FileStamp } | undefined {
  try {
    return stamp && { key: cache.keyFor(file, fs.readFileSync(file)), stamp };
  } catch {
    return undefined;
  }
}

function stampOf(file: string): FileStamp | undefined {
  try {
    const { size, mtimeMs } = fs.statSync(file);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

/** Files read between two hand-overs to the checker: the worker threads start on the first ones. */
const HAND_OVER = 48;

/**
 * Sends the Python files to the checker through the result cache when `cacheDir` is given: files
 * whose key (content, tool, rules, configuration, dependency facts) has an entry are not parsed
 * at all, and when every file hits, no worker or parser is even started. Returns the hits and,
 * once the checker is done, `store` records the rest.
 */
export async function checkThroughCache(files: string[], options: CheckFileOptions, cacheDir: string | undefined, checker: Checker): Promise<{
  hits: Map<string, FileResult>;
  store: () => void;
}> {
  if (!cacheDir) {
    checker.push(files);
    return { hits: new Map(), store: () => undefined };
  }
  const cache = new ResultCache(cacheDir, options);
  const hits = new Map<string, FileResult>();
  const keys = new Map<string, { key: string; stamp: FileStamp }>();
  let misses: string[] = [];
  // NOTE: each result is recorded as it arrives, while the threads work on; at the end only the
  // cache file is written.
  const wanted = new Set(files);
  checker.onResult = (r) => {
    if (!wanted.has(r.path) || hits.has(r.path)) return;
    // A rewritten file is stored under the key of its new content (read back after the fix);
    // a file read only by its worker, under the digest of the bytes the worker checked.
    const fromWorker = r.content && { key: cache.keyForDigest(r.path, r.content.sha256), stamp: { size: r.content.size, mtimeMs: r.content.mtimeMs } };
    const key = r.changed ? readKey(cache, r.path) : (keys.get(r.path) ?? fromWorker);
    if (key !== undefined && !(r.error && r.findings.length === 0)) cache.put(r.path, key.key, r, key.stamp);
  };
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    // NOTE: a file the cache has never seen cannot hit: the worker that checks it reads it once
    // and gives its digest (the `digest` option), so nothing is read here. Otherwise an unchanged
    // stat answers first, and then the bytes are read and hashed.
    const stamp = cache.has(file) ? stampOf(file) : undefined;
    const known = stamp && cache.getUnchanged(file, stamp);
    const key = !stamp || known ? undefined : readKey(cache, file, stamp);
    const hit = known ?? (key === undefined ? undefined : cache.get(file, key.key));
    // NOTE: --fix may rewrite a file with a fixable finding and --add-noqa one with any finding,
    // so such a file is always checked.
    const rewrites = hit && ((options.fix && hit.findings.some((f) => f.fixable)) || (options.addNoqa && hit.findings.length > 0));
    if (hit && !rewrites) hits.set(file, hit);
    else {
      misses.push(file);
      if (key !== undefined) keys.set(file, key);
    }
    if (misses.length >= HAND_OVER) {
      checker.push(misses);
      misses = [];
      // NOTE: let the threads' messages in, so that they are fed while the keys are read.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  checker.push(misses);
  const store = () => cache.save();
  return { hits, store };
}
