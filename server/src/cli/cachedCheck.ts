import * as fs from 'fs';

import type { CheckFileOptions, FileResult } from './fileResult';
import type { Checker } from './pool';
import { type FileStamp, ResultCache } from './resultCache';

/** The file's stat, then its content key (the stat first: the key is of bytes at least that new). */
function readKey(cache: ResultCache, file: string): { key: string; stamp: FileStamp } | undefined {
  try {
    const { size, mtimeMs } = fs.statSync(file);
    return { key: cache.keyFor(file, fs.readFileSync(file)), stamp: { size, mtimeMs } };
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
  store: (results: Map<string, FileResult>) => void;
}> {
  if (!cacheDir) {
    checker.push(files);
    return { hits: new Map(), store: () => undefined };
  }
  const cache = new ResultCache(cacheDir, options);
  const hits = new Map<string, FileResult>();
  const keys = new Map<string, { key: string; stamp: FileStamp }>();
  let misses: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    // An unchanged stat answers first; otherwise the bytes are read and hashed.
    const stamp = stampOf(file);
    const known = stamp && cache.getUnchanged(file, stamp);
    const key = known ? undefined : readKey(cache, file);
    const hit = known ?? (key === undefined ? undefined : cache.get(file, key.key));
    // NOTE: --fix may rewrite a file with a fixable finding and --add-noqa one with any finding,
    // so such a file is always checked.
    const rewrites = hit && ((options.fix && hit.findings.some((f) => f.fixable)) || (options.addNoqa && hit.findings.length > 0));
    if (hit && !rewrites) hits.set(file, hit);
    else {
      misses.push(file);
      if (key !== undefined) keys.set(file, key);
    }
    if (misses.length >= HAND_OVER || i === files.length - 1) {
      checker.push(misses);
      misses = [];
      // NOTE: let the threads' messages in, so that they are fed while the keys are read.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const store = (results: Map<string, FileResult>) => {
    for (const file of files) {
      const r = results.get(file);
      if (!r || hits.has(file)) continue;
      // A rewritten file is stored under the key of its new content (read back after the fix).
      const key = r.changed ? readKey(cache, r.path) : keys.get(r.path);
      if (key !== undefined && !(r.error && r.findings.length === 0)) cache.put(r.path, key.key, r, key.stamp);
    }
    cache.save();
  };
  return { hits, store };
}
