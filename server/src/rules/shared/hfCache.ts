import { closeSync, openSync, readSync } from 'fs';
import { homedir } from 'os';
import * as path from 'path';

/**
 * The commits the local Hugging Face cache knows, read from disk for quick fixes. The server has
 * no network, but a repository loaded before has `refs/<revision>` holding the commit it resolved
 * to. Called only when a finding is being built, memoised briefly, and never throws.
 */

export type RepoType = 'model' | 'dataset' | 'space';

/** A commit the cache knows for a repository and revision. */
export interface CachedCommit {
  sha: string;
  /** The ref file it came from, relative to the repository's cache folder (`refs/main`). */
  ref: string;
}

const TTL_MS = 5000;
const FULL_SHA = /^[0-9a-f]{40}$/;
const memo = new Map<string, { at: number; commit: CachedCommit | undefined }>();

/**
 * The hub cache folder, as huggingface_hub finds it: `HF_HUB_CACHE` (or the older
 * `HUGGINGFACE_HUB_CACHE`), else `HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
 * `~/.cache/huggingface/hub`.
 */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HUGGINGFACE_HUB_CACHE) return env.HUGGINGFACE_HUB_CACHE;
  if (env.HF_HOME) return path.join(env.HF_HOME, 'hub');
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'huggingface', 'hub');
}

/** The first bytes of a file: a ref holds a 40-hex SHA, and an odd one may be anything (a folder throws). */
function readHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** `org/name` → `models--org--name`, huggingface_hub's folder name; undefined for a name it would reject. */
function repoFolder(repo: string, type: RepoType): string | undefined {
  if (!/^[\w.-]+(?:\/[\w.-]+)?$/.test(repo) || repo.includes('..')) return undefined;
  return `${type}s--${repo.replace('/', '--')}`;
}

/**
 * The commit `revision` (default `main`) of a repository resolved to when it was last
 * downloaded into the cache, or undefined when the cache does not know it.
 */
export function cachedCommit(repo: string, type: RepoType, revision = 'main', cacheDir = hubCacheDir()): CachedCommit | undefined {
  const folder = repoFolder(repo, type);
  // NOTE: a revision is a ref name (`v1.0`, `refs/pr/3`); anything that could leave the folder is refused.
  if (!folder || !revision || revision.split('/').some((p) => p === '' || p === '.' || p === '..') || /[\\\0]/.test(revision)) return undefined;
  const key = `${cacheDir}\0${folder}\0${revision}`;
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.commit;
  const ref = `refs/${revision}`;
  let commit: CachedCommit | undefined;
  try {
    const sha = readHead(path.join(cacheDir, folder, ...ref.split('/'))).trim();
    commit = FULL_SHA.test(sha) ? { sha, ref } : undefined;
  } catch {
    commit = undefined;
  }
  if (memo.size > 500) memo.clear();
  memo.set(key, { at: now, commit });
  return commit;
}
