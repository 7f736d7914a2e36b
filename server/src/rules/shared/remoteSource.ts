import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../analysis/constants';
import type { CallSite, RuleContext } from '../defineRule';

/** Calls that return bytes or files fetched over the network. */
const FETCHERS = new Set([
  'requests.get',
  'requests.request',
  'requests.Session().get',
  'requests.session().get',
  'httpx.get',
  'httpx.Client().get',
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
const FETCHER_MODULES = /\b(?:requests|httpx|urllib2?|huggingface_hub|hub|wget|gdown|fsspec)\b/;

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
  const calls: Node[] = first.type === 'call' ? [first] : [];
  calls.push(...first.descendantsOfType('call').filter((n): n is Node => !!n));
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    const path = fn && ctx.index.resolve(fn)?.path;
    if (path && FETCHERS.has(path)) return `\`${fn.text}(...)\``;
  }
  return undefined;
}
