import * as fs from 'fs';

import type { CheckFileOptions, FileResult } from './fileResult';
import { checkFiles } from './pool';
import { ResultCache } from './resultCache';

function readKey(cache: ResultCache, file: string): string | undefined {
  try {
    return cache.keyFor(file, fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Checks files through the result cache when `cacheDir` is given: files whose key (content,
 * tool, rules, configuration, dependency facts) has an entry are not parsed at all, and when
 * every file hits, no worker or parser is even started. The rest are checked and stored.
 */
export async function checkWithCache(files: string[], options: CheckFileOptions, cacheDir: string | undefined): Promise<FileResult[]> {
  if (!cacheDir) return checkFiles(files, options);
  const cache = new ResultCache(cacheDir, options);
  const results = new Map<string, FileResult>();
  const keys = new Map<string, string>();
  const misses: string[] = [];
  for (const file of files) {
    const key = readKey(cache, file);
    const hit = key === undefined ? undefined : cache.get(file, key);
    // NOTE: --fix may rewrite a file with a fixable finding and --add-noqa one with any finding,
    // so such a file is always checked.
    const rewrites = hit && ((options.fix && hit.findings.some((f) => f.fixable)) || (options.addNoqa && hit.findings.length > 0));
    if (hit && !rewrites) results.set(file, hit);
    else {
      misses.push(file);
      if (key !== undefined) keys.set(file, key);
    }
  }
  for (const r of await checkFiles(misses, options)) {
    results.set(r.path, r);
    // A rewritten file is stored under the key of its new content (read back after the fix).
    const key = r.changed ? readKey(cache, r.path) : keys.get(r.path);
    if (key !== undefined && !(r.error && r.findings.length === 0)) cache.put(r.path, key, r);
  }
  cache.save();
  return files.map((f) => results.get(f)!);
}
