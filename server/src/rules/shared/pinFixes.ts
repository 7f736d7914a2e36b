import type { Node } from 'web-tree-sitter';

import { replaceNode, setKeyword } from '../../analysis/edits';
import { MAX_ELEMENTS } from '../../analysis/moduleIndex';
import type { Fix } from '../../analysis/types';
import type { CallSite, RuleContext } from '../defineRule';
import { cachedCommit, type RepoType } from './hfCache';
import { type HubLoad, hubRepoId, PLACEHOLDER } from './huggingFace';

/** The kind of Hub repository a call reads: `load_dataset` and `repo_type=` say; the rest are models. */
function repoType(site: CallSite, ctx: RuleContext): RepoType | undefined {
  if (site.path === 'datasets.load_dataset') return 'dataset';
  const arg = site.args.get('repo_type');
  if (!arg) return 'model';
  const value = ctx.fold(arg.value);
  if (value.kind === 'none') return 'model';
  if (value.kind !== 'str') return undefined;
  return value.value === 'dataset' || value.value === 'space' || value.value === 'model' ? value.value : undefined;
}

/**
 * `value` when the call is not checked one loop element at a time, or when `compute` gives it for
 * every element: in a loop over (repo id, class) pairs, one pair's cached commit is not the others'.
 */
function sameInEveryElement<T>(site: CallSite, ctx: RuleContext, value: T, compute: () => T): T | undefined {
  const loop = site.resolved.loop;
  if (!loop || site.resolved.element === undefined) return value;
  for (let i = 0; i < Math.min(loop.count, MAX_ELEMENTS); i++) {
    if (ctx.index.withElement(loop.node, i, compute) !== value) return undefined;
  }
  return value;
}

/**
 * Fixes that pin a load's `revision`: to the commit the local Hugging Face cache holds for the ref
 * the load follows (when it knows one), and to a placeholder. Neither is preferred: the cached
 * commit is this machine's state, and the placeholder does not run as is.
 */
export function pinRevisionFixes(site: CallSite, load: HubLoad, ctx: RuleContext, mutableRef?: string): Fix[] {
  const call = site.call;
  const rev = load.revision;
  if (!call || load.noKeyword || rev?.fromSplat) return [];
  const set = (value: string) => (rev ? replaceNode(rev.value, value) : setKeyword(call, 'revision', value, ctx.text));
  const fixes: Fix[] = [];
  const repo = sameInEveryElement(site, ctx, hubRepoId(load, ctx), () => hubRepoId(load, ctx));
  // NOTE: only a missing revision (the load follows `main`) or a known mutable one has a ref to look up.
  const type = repo && (!rev || mutableRef !== undefined) ? repoType(site, ctx) : undefined;
  const cached = repo && type ? cachedCommit(repo, type, mutableRef ?? 'main') : undefined;
  if (cached) {
    fixes.push({
      title: `Pin to cached commit ${cached.sha.slice(0, 7)}… (${cached.ref} in the local Hugging Face cache)`,
      edits: [set(`"${cached.sha}"`)],
      preferred: false,
    });
  }
  fixes.push({
    title: `Insert revision="${PLACEHOLDER}" (a placeholder: replace it with the full 40-hex commit SHA)`,
    edits: [set(`"${PLACEHOLDER}"`)],
    preferred: false,
  });
  return fixes;
}

/**
 * "Pin code_revision to cached commit": for a `code_revision` on a mutable ref (a constant
 * branch or tag), the commit the local Hugging Face cache holds for that ref of the model's own
 * repository, where remote code comes from unless the configuration's `auto_map` names another.
 */
export function pinCodeRevisionFix(site: CallSite, load: HubLoad, ctx: RuleContext, codeRevision: Node, ref: string): Fix | undefined {
  const repo = sameInEveryElement(site, ctx, hubRepoId(load, ctx), () => hubRepoId(load, ctx));
  const type = repo ? repoType(site, ctx) : undefined;
  const cached = repo && type === 'model' ? cachedCommit(repo, type, ref) : undefined;
  if (!cached) return undefined;
  return {
    title: `Pin code_revision to cached commit ${cached.sha.slice(0, 7)}… (${cached.ref} of ${repo} in the local Hugging Face cache)`,
    edits: [replaceNode(codeRevision, `"${cached.sha}"`)],
    preferred: false,
  };
}

