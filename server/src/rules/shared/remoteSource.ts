import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../analysis/constants';
import { parentOf } from '../../analysis/parents';
import { isField, scopeOf } from '../../analysis/syntax';
import type { CallSite, RuleContext } from '../defineRule';

/** Calls that return bytes or files fetched over the network. */
const FETCHERS = new Set([
  'requests.get',
  'requests.request',
  'requests.Session().get',
  'requests.session().get',
  'httpx.get',
  'httpx.Client().get',
  'httpx.AsyncClient().get',
  'aiohttp.ClientSession().get',
  'aiohttp.request',
  'aiohttp.ClientSession().request',
  'requests.Session().request',
  'httpx.request',
  'httpx.Client().request',
  'httpx.AsyncClient().request',
  'urllib.request.urlopen',
  'urllib.request.urlretrieve',
  'urllib2.urlopen',
  'huggingface_hub.hf_hub_download',
  'huggingface_hub.HfApi().hf_hub_download',
  'huggingface_hub.snapshot_download',
  'torch.hub.download_url_to_file',
  'wget.download',
  'gdown.download',
  'fsspec.open',
]);

const URL = /^(?:https?|ftp|s3|gs|gcs|az|abfs|hf):\/\//i;
/** Modules the fetchers above come from: without one of them in the text, nothing can fetch. */
const FETCHER_MODULES = /\b(?:requests|httpx|aiohttp|urllib2?|huggingface_hub|hub|wget|gdown|fsspec)\b/;

interface Gates {
  url: boolean;
  fetch: boolean;
}
/** Cheap per-module facts that let most call sites skip the remote-source checks entirely. */
function gates(ctx: RuleContext): Gates {
  return ctx.index.memo('remote.gates', () => ({ url: ctx.text.includes('://'), fetch: FETCHER_MODULES.test(ctx.text) }));
}

/**
 * A short description of where the loaded data comes from when it is provably remote: the first
 * argument, passed by position or (when the rule names it) by keyword.
 */
export function remoteSource(site: CallSite, ctx: RuleContext, keyword = '__first__'): string | undefined {
  const first = site.args.get(keyword, 0)?.value;
  if (!first) return undefined;
  const { url, fetch } = gates(ctx);
  const literal = url ? stringPattern(ctx.fold(first)) : undefined;
  if (literal && URL.test(literal)) return `the URL ${literal}`;
  if (!fetch) return undefined;
  return fetchedBy(first, ctx, 0);
}

/** Assignments followed back from a loaded value (`r = requests.get(u)`, `data = r.content`). */
const MAX_HOPS = 3;

/**
 * The fetcher call an expression's value comes from: one inside it, or one in the value of a name
 * it reads that is bound once, earlier in the same scope (an assignment or `with ... as name`).
 */
function fetchedBy(expr: Node, ctx: RuleContext, hops: number): string | undefined {
  const calls: Node[] = expr.type === 'call' ? [expr] : [];
  calls.push(...expr.descendantsOfType('call').filter((n): n is Node => !!n));
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const path = fn && ctx.index.resolve(fn)?.path;
    if (path && FETCHERS.has(path)) return `\`${fn.text}(...)\``;
  }
  if (hops >= MAX_HOPS) return undefined;
  const names: Node[] = expr.type === 'identifier' ? [expr] : expr.descendantsOfType('identifier').filter((n): n is Node => !!n);
  for (const name of names) {
    const holder = parentOf(name);
    if (holder && ((holder.type === 'attribute' && isField(holder, 'attribute', name)) || (holder.type === 'keyword_argument' && isField(holder, 'name', name)))) continue;
    const found = ctx.index.bindingFor(name.text, name);
    if (!found?.certain || found.binding.scope.id !== scopeOf(name).id || found.binding.start > name.startIndex) continue;
    const value = found.binding.kind === 'assignment' ? found.binding.value : withValue(found.binding.node);
    const source = value && fetchedBy(value, ctx, hops + 1);
    if (source) return source;
  }
  return undefined;
}

/** The value of `with value as name` for the bound name, if that is how it is bound. */
function withValue(bound: Node): Node | undefined {
  const target = parentOf(bound);
  const pattern = target?.type === 'as_pattern_target' ? parentOf(target) : null;
  return pattern?.type === 'as_pattern' ? (pattern.firstNamedChild ?? undefined) : undefined;
}
