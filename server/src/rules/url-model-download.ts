import type { Node } from 'web-tree-sitter';

import { stringPattern, truthiness } from '../analysis/constants';
import { setKeyword } from '../analysis/edits';
import { parentOf } from '../analysis/parents';
import { statementOf } from '../analysis/syntax';
import { trustedSource } from '../analysis/trustedSources';
import type { Fix } from '../analysis/types';
import { type CallSite, defineRule, type Draft, type RuleContext } from './defineRule';
import { responseFlow } from './shared/downloadFlow';
import { DIGEST_PLACEHOLDER, integrityCheck } from './shared/integrityCheck';
import { hubResolveRef, isCommitSha, pathHasModelExtension, transport, urlFileName, urlHasModelExtension } from './shared/modelUrl';
import { pathPattern } from './shared/pathPattern';
import { type Digested, sha256Fix } from './shared/sha256Fix';

/** How one fetcher is called: where its URL and destination are, and what it returns. */
interface Fetcher {
  url: readonly [string, number];
  /** The file it writes to. */
  dest?: readonly [string, number];
  /** Returns the path of the file it wrote (wget, gdown) or `(path, headers)` (urlretrieve). */
  returnsPath?: boolean;
  /**
   * Returns an HTTP response the code reads; `rereadable` keeps the body as `.content`;
   * `aiohttp`'s `.content` is a stream reader, its body is `await resp.read()`.
   */
  response?: 'rereadable' | 'stream' | 'aiohttp';
  /** The HTTP method argument of `request(method, url)`: only a GET downloads. */
  method?: readonly [string, number];
}

const GET: Fetcher = { url: ['url', 0], response: 'rereadable' };
const STREAM: Fetcher = { url: ['url', 1], response: 'stream' };
const AIOHTTP: Fetcher = { url: ['url', 0], response: 'aiohttp' };
const REQUEST: Fetcher = { url: ['url', 1], response: 'rereadable', method: ['method', 0] };
const FETCHERS: Record<string, Fetcher> = {
  'urllib.request.urlretrieve': { url: ['url', 0], dest: ['filename', 1], returnsPath: true },
  'urllib.request.urlopen': { url: ['url', 0], response: 'stream' },
  'requests.get': GET,
  'requests.Session().get': GET,
  'requests.session().get': GET,
  'httpx.get': GET,
  'httpx.Client().get': GET,
  'httpx.stream': STREAM,
  'httpx.Client().stream': STREAM,
  'httpx.AsyncClient().get': GET,
  'httpx.AsyncClient().stream': STREAM,
  'aiohttp.ClientSession().get': AIOHTTP,
  'aiohttp.request': { url: ['url', 1], response: 'aiohttp', method: ['method', 0] },
  'aiohttp.ClientSession().request': { url: ['url', 1], response: 'aiohttp', method: ['method', 0] },
  'requests.request': REQUEST,
  'requests.Session().request': REQUEST,
  'requests.session().request': REQUEST,
  'httpx.request': REQUEST,
  'httpx.Client().request': REQUEST,
  'httpx.AsyncClient().request': REQUEST,
  'wget.download': { url: ['url', 0], dest: ['out', 1], returnsPath: true },
  'gdown.download': { url: ['url', 0], dest: ['output', 1], returnsPath: true },
  'torch.hub.download_url_to_file': { url: ['url', 0], dest: ['dst', 1] },
  'torch.hub.load_state_dict_from_url': { url: ['url', 0] },
};

const COMPOUND = /^(?:if|for|while|with|try|match|function_definition|class_definition|decorated_definition)/;

/** The URL argument as text (`*` for holes), looking through `urllib.request.Request(url, ...)`. */
function urlOf(node: Node | undefined, ctx: RuleContext): string | undefined {
  if (!node) return undefined;
  const fn = node.type === 'call' ? node.childForFieldName('function') : null;
  if (fn && ctx.index.resolve(fn)?.path === 'urllib.request.Request') {
    return urlOf(node.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'keyword_argument') ?? undefined, ctx);
  }
  return stringPattern(ctx.fold(node));
}

/** The name a call's result is assigned to (`p = wget.download(...)`, `p, _ = urlretrieve(...)`). */
function assignedName(call: Node): Node | undefined {
  const p = parentOf(call);
  if (p?.type !== 'assignment' || p.childForFieldName('right')?.id !== call.id) return undefined;
  const left = p.childForFieldName('left');
  const first = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.firstNamedChild : left;
  return first?.type === 'identifier' ? first : undefined;
}

/** A ref as written in a URL (`refs%2Fpr%2F3` is `refs/pr/3`); a malformed escape stays as is. */
function refText(ref: string): string {
  try {
    return decodeURIComponent(ref);
  } catch {
    return ref;
  }
}

/** torch.hub's own hash check: the `-<hex>.` prefix in the file name (torch.hub.HASH_REGEX). */
function hashPrefixOf(fileName: string | undefined): string | undefined {
  return fileName ? /-([a-f0-9]+)\./.exec(fileName)?.[1] : undefined;
}

/** Model files fetched by URL with no pinned source and no integrity check. */
export const urlModelDownload = defineRule({
  code: 'MLH205',
  name: 'url-model-download',
  family: 'download',
  cwe: 494,
  defaultSeverity: 'warning',
  title: 'Model file downloaded by URL without an integrity check',
  nosec: [],
  noqa: [],
  references: false,
  calls: Object.keys(FETCHERS),
  check(site, ctx) {
    const call = site.call;
    const spec = FETCHERS[site.path];
    if (!call || !spec) return undefined;
    if (spec.method) {
      const method = site.args.get(...spec.method);
      const verb = method ? stringPattern(ctx.fold(method.value)) : undefined;
      if (verb?.toUpperCase() !== 'GET') return undefined;
    }
    const urlArg = site.args.get(...spec.url)?.value;
    const url = urlOf(urlArg, ctx);
    const ref = url ? hubResolveRef(url) : undefined;
    if (ref && isCommitSha(ref)) return undefined;

    let dest: Node | undefined = spec.dest ? site.args.get(...spec.dest)?.value : undefined;
    let digested: Digested | undefined;
    const statement = statementOf(call);
    const simple = !COMPOUND.test(statement.type);
    if (spec.response) {
      // NOTE: a streamed body (or one that may be) is read once: the check cannot reread `.content`.
      const stream = site.args.get('stream');
      const streamed = spec.response !== 'rereadable' || (!!stream && truthiness(ctx.fold(stream.value)) !== false);
      const flow = responseFlow(call, ctx, { rereadable: !streamed, contentIsStream: spec.response === 'aiohttp' });
      if (!flow.used) return undefined;
      dest = flow.file?.dest;
      if (flow.file?.after) digested = { file: flow.file.dest, after: flow.file.after };
      else if (flow.memory) digested = { memory: flow.memory.expr, after: flow.memory.after };
    } else if (simple && spec.returnsPath) {
      // NOTE: wget's and gdown's `out` may be a folder; the returned path, or a file name, is the file.
      const outIsFile = site.path === 'urllib.request.urlretrieve' || (dest && pathHasModelExtension(pathPattern(dest, ctx) ?? ''));
      const named = assignedName(call) ?? (outIsFile ? dest : undefined);
      if (named) digested = { file: named, after: statement };
    } else if (simple && dest) {
      digested = { file: dest, after: statement };
    }
    const destPath = dest ? pathPattern(dest, ctx) : undefined;
    const modelFile = (url && urlHasModelExtension(url)) || (destPath && pathHasModelExtension(destPath));
    if (!modelFile && !ref) return undefined;
    if (url && trustedSource(ctx.project, { url })) return undefined;

    const name = `\`${site.callee.text}\``;
    const what = url ? `${ref ? '' : 'the model file '}${url}` : `a model file saved as ${destPath?.replace(/^\*(?=[\\/])/, '…')}`;
    const clear = transport(url) === 'clear';
    const risk = clear
      ? `over plain ${url!.slice(0, url!.indexOf(':')).toUpperCase()}: anyone on the network path can swap it for a file of their choosing`
      : ref
        ? `at the mutable ref \`${refText(ref)}\`: whoever controls the repository can change what it serves`
        : 'from a server that decides what you get';
    const advice = `${clear ? 'use an encrypted transport (HTTPS) and ' : ''}${ref ? 'pin the URL to a 40-hex commit (`resolve/<sha>/`) or ' : ''}verify the file against the SHA-256 recorded when it was vetted (CWE-494).`;
    const severity: Draft['severity'] = clear ? 'error' : 'warning';

    if (site.path === 'torch.hub.load_state_dict_from_url') return hubStateDict(site, ctx, { url, name, what, risk, severity });

    let check = integrityCheck(call, ctx);
    const hashPrefix = site.path === 'torch.hub.download_url_to_file' ? site.args.get('hash_prefix', 2) : undefined;
    if (hashPrefix) {
      const value = ctx.fold(hashPrefix.value);
      if (stringPattern(value) === DIGEST_PLACEHOLDER) check = 'placeholder';
      else if (truthiness(value) !== false) check = 'present';
    }
    if (check === 'present') {
      return { severity: 'information', message: `${name} downloads ${what} ${risk}; a SHA-256 check in this scope seems to verify it: make sure a mismatch stops the file from being used.` };
    }
    if (check === 'placeholder') {
      return { severity, message: `${name} downloads ${what} ${risk}; the expected digest is still the "${DIGEST_PLACEHOLDER}" placeholder: fill in the SHA-256 of the vetted file.` };
    }
    const fixes: Fix[] = [];
    if (site.path === 'torch.hub.download_url_to_file') {
      if (!site.args.mayBeHidden(2)) {
        fixes.push({
          title: `Set hash_prefix="${DIGEST_PLACEHOLDER}" (torch checks the file's SHA-256 against it; fill in the full digest)`,
          edits: [setKeyword(call, 'hash_prefix', `"${DIGEST_PLACEHOLDER}"`, ctx.text)],
          preferred: false,
        });
      }
    } else if (digested) {
      const fix = sha256Fix(digested, call, ctx);
      if (fix) fixes.push(fix);
    }
    return { severity, fixes, message: `${name} downloads ${what} ${risk}, and nothing checks its SHA-256; ${advice}` };
  },
});

/**
 * The download side of `torch.hub.load_state_dict_from_url` (MLH118 reports the unpickling):
 * `check_hash=True` compares the file's SHA-256 with the hex prefix in its name.
 */
function hubStateDict(site: CallSite, ctx: RuleContext, d: { url?: string; name: string; what: string; risk: string; severity: Draft['severity'] }): Draft | undefined {
  const call = site.call!;
  const fileArg = site.args.get('file_name', 5)?.value;
  const fileName = fileArg ? stringPattern(ctx.fold(fileArg)) : d.url && urlFileName(d.url);
  const prefix = hashPrefixOf(fileName);
  const checkArg = site.args.get('check_hash', 4);
  const checked = checkArg ? truthiness(ctx.fold(checkArg.value)) : false;
  if (checked !== false) {
    if (checked === true && prefix) return { severity: 'information', message: `${d.name} downloads ${d.what} ${d.risk}; \`check_hash=True\` verifies only the ${prefix.length} hex digits of its SHA-256 in the file name: for a full check, download it yourself and verify the whole digest.` };
    if (checked === true && fileName) return { severity: d.severity, node: checkArg?.keyword, message: `${d.name} downloads ${d.what} ${d.risk}; \`check_hash=True\` verifies nothing here, since the file name "${fileName}" carries no \`-<sha256 prefix>.\` part (CWE-494).` };
    return { severity: 'information', message: `${d.name} downloads ${d.what} ${d.risk}; \`check_hash\` cannot be resolved here: unless it is True and the file name carries a hash prefix, nothing verifies the file (CWE-494).` };
  }
  const fixes: Fix[] = prefix && !site.args.mayBeHidden(4)
    ? [{ title: `Set \`check_hash=True\` (torch then checks the file against the hash prefix ${prefix} in its name)`, edits: [setKeyword(call, 'check_hash', 'True', ctx.text)], preferred: true }]
    : [];
  const how = prefix ? 'set `check_hash=True` so torch checks it against the hash prefix in its name, or' : 'name the file `<name>-<sha256 prefix>.<ext>` and set `check_hash=True`, or';
  return { severity: d.severity, fixes, node: checkArg?.keyword, message: `${d.name} downloads ${d.what} ${d.risk}, without \`check_hash=True\`: nothing verifies the file; ${how} download it yourself and verify its SHA-256 (CWE-494).` };
}
