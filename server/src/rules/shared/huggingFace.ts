import type { Node } from 'web-tree-sitter';

import type { ArgValue } from '../../analysis/callArgs';
import { type Const, stringPattern, truthiness } from '../../analysis/constants';
import { trustedSource } from '../../analysis/trustedSources';
import type { CallSite, RuleContext } from '../defineRule';

/** Packages whose classes' `from_pretrained` fetches from the Hugging Face Hub. */
export const HF_PACKAGES = new Set(['transformers', 'diffusers', 'peft', 'sentence_transformers', 'timm', 'open_clip', 'optimum']);

/** Functions that fetch from the Hub, with where their repository argument is. */
const REPO_ARG: Record<string, [string, number | undefined]> = {
  'transformers.pipeline': ['model', 1],
  'sentence_transformers.SentenceTransformer': ['model_name_or_path', 0],
  'huggingface_hub.hf_hub_download': ['repo_id', 0],
  'huggingface_hub.snapshot_download': ['repo_id', 0],
  'huggingface_hub.HfApi().hf_hub_download': ['repo_id', 0],
  'huggingface_hub.HfApi().snapshot_download': ['repo_id', 0],
  'datasets.load_dataset': ['path', 0],
  'timm.create_model': ['model_name', 0],
};
export const HF_CALLS = Object.keys(REPO_ARG);
export const HF_METHODS = ['from_pretrained'];

/** `datasets`' packaged builders: `load_dataset("csv", data_files=...)` reads local files. */
const PACKAGED = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'sql', 'xml', 'generator', 'spark', 'cache']);

const OFFLINE = /(?:HF_HUB_OFFLINE|TRANSFORMERS_OFFLINE|HF_DATASETS_OFFLINE)['"]\s*[\],]\s*=?\s*['"]?(?:1|true|True|TRUE|ON|on|YES|yes)\b/;
/** Whether the module sets HF_HUB_OFFLINE, looked up once per analysis. */
function setsOffline(ctx: RuleContext): boolean {
  return ctx.index.memo('hf.offline', () => OFFLINE.test(ctx.text));
}

export const FULL_SHA = /^[0-9a-f]{40}$/;
const SHORT_HEX = /^[0-9a-f]{7,39}$/;
export const PLACEHOLDER = '<commit sha>';

/** A call that fetches from the Hub, and what it fetches. */
export interface HubLoad {
  /** The repository argument, when given. */
  repo?: ArgValue;
  /** `revision` (or `commit_id`), when given. */
  revision?: ArgValue;
  /** timm's `hf-hub:org/name@rev`: the ref inside the model name. */
  inlineRef?: string;
  /** No `revision=` keyword can be added (timm names, `**` arguments). */
  noKeyword: boolean;
}

/** Where a Hugging Face load reads from: the repository argument, and whether it is local. */
export interface LoadSource {
  repo?: ArgValue;
  /** The repository argument names a local path (not `local_files_only` or offline mode). */
  localPath: boolean;
  /** Nothing is fetched: a local path, `local_files_only=True` or `HF_HUB_OFFLINE` in the file. */
  offline: boolean;
}

/** What a Hugging Face call reads, or undefined when it is not a Hub call (another package's class). */
export function loadSource(site: CallSite, ctx: RuleContext): (LoadSource & { inlineRef?: string }) | undefined {
  let repo: ArgValue | undefined;
  if (site.method) {
    if (!HF_PACKAGES.has(site.path.split('.')[0])) return undefined;
    // NOTE: peft's `PeftModel.from_pretrained(model, model_id)` takes the base model first.
    repo = site.path.startsWith('peft.') ? site.args.get('model_id', 1) : site.args.get('pretrained_model_name_or_path', 0);
  } else {
    const where = REPO_ARG[site.path];
    if (!where) return undefined;
    repo = site.args.get(where[0], where[1]);
  }
  const value = repo ? ctx.fold(repo.value) : undefined;
  const text = value ? stringPattern(value) : undefined;
  let inlineRef: string | undefined;
  if (site.path === 'timm.create_model') {
    const m = text === undefined ? null : /^hf[-_]hub:[^@]*(?:@(.*))?$/.exec(text);
    if (!m) return undefined;
    inlineRef = m[1] ?? '';
  }
  if (site.path === 'transformers.pipeline' && text === undefined) return undefined;
  if (site.path === 'datasets.load_dataset' && value?.kind === 'str' && PACKAGED.has(value.value)) return undefined;
  const localPath = !!repo && isLocal(repo.value, ctx, 0);
  const localOnly = site.args.get('local_files_only');
  const offline = localPath || (localOnly && truthiness(ctx.fold(localOnly.value)) === true) || setsOffline(ctx);
  return { repo, localPath, offline: !!offline, inlineRef };
}

/** The Hub load a call site makes, or undefined when it reads local files or is not a Hub call. */
export function hubLoad(site: CallSite, ctx: RuleContext): HubLoad | undefined {
  const source = loadSource(site, ctx);
  if (!source || source.offline) return undefined;
  const revision = site.args.get('revision') ?? site.args.get('commit_id');
  return {
    repo: source.repo,
    revision,
    inlineRef: source.inlineRef || undefined,
    noKeyword: site.path === 'timm.create_model' || (!revision && site.args.hasOpenKwargs),
  };
}

/** The Hub repository id a load names, when it is a constant (`org/name`, timm's prefix and suffix dropped). */
export function hubRepoId(load: { repo?: ArgValue }, ctx: RuleContext): string | undefined {
  const repo = load.repo && ctx.fold(load.repo.value);
  return repo?.kind === 'str' ? cleanRepoId(repo.value) : undefined;
}

/**
 * Whether a load's repository is a trusted source: a constant id, or a template whose known
 * part does it (`"my-org/" + name` is under `my-org/*`; `f"{org}/bert"` is not, `*` being a hole).
 */
export function trustedRepo(load: { repo?: ArgValue }, ctx: RuleContext): boolean {
  const pattern = load.repo && stringPattern(ctx.fold(load.repo.value));
  return pattern !== undefined && !!trustedSource(ctx.project, { hubRepo: cleanRepoId(pattern) });
}

const cleanRepoId = (id: string) => id.replace(/^hf[-_]hub:/, '').replace(/@.*$/, '');

/** How pinned a ref is. */
export type RefVerdict = 'pinned' | 'short' | 'mutable' | 'placeholder' | 'unknown';

export function refVerdict(value: Const | string): RefVerdict {
  const text = typeof value === 'string' ? value : value.kind === 'str' ? value.value : undefined;
  if (text === undefined) return 'unknown';
  if (FULL_SHA.test(text)) return 'pinned';
  if (SHORT_HEX.test(text)) return 'short';
  return text === PLACEHOLDER ? 'placeholder' : 'mutable';
}

/** The verdict for the revision of a load (`missing` when none is given). */
export function revisionVerdict(load: HubLoad, ctx: RuleContext): RefVerdict | 'missing' {
  if (load.inlineRef !== undefined) return refVerdict(load.inlineRef);
  if (!load.revision) return 'missing';
  return refVerdict(ctx.fold(load.revision.value));
}

/** The constant string a load's `revision` folds to, if any. */
export function constantRef(load: HubLoad, ctx: RuleContext): string | undefined {
  const value = load.revision && ctx.fold(load.revision.value);
  return value?.kind === 'str' ? value.value : undefined;
}

const LOCAL_PREFIX = /^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/;

/** True when an expression provably names a local path (a literal, `Path(...)`, `os.path.join`). */
function isLocal(node: Node, ctx: RuleContext, depth: number): boolean {
  if (depth > 6) return false;
  const value = ctx.fold(node);
  if (value.kind === 'str') return LOCAL_PREFIX.test(value.value);
  if (value.kind === 'template') return typeof value.parts[0] === 'string' && value.parts[0] !== '' && LOCAL_PREFIX.test(value.parts[0]);
  switch (node.type) {
    case 'identifier': {
      const found = ctx.index.bindingFor(node.text, node);
      const bound = found?.binding;
      if (!bound) return false;
      // One pair of `for name, cls in [(Path("ckpt"), AutoModel)]`, under ModuleIndex.withElement.
      const element = ctx.index.chosenElement(bound, node);
      const value = element ?? (found.certain && bound.kind === 'assignment' ? bound.value : undefined);
      return !!value && isLocal(value, ctx, depth + 1);
    }
    case 'parenthesized_expression':
      return !!node.firstNamedChild && isLocal(node.firstNamedChild, ctx, depth + 1);
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      return node.childForFieldName('operator')?.type === '/' && !!left && isLocal(left, ctx, depth + 1);
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const path = fn ? ctx.index.resolve(fn)?.path : undefined;
      if (!path) return false;
      if (path.startsWith('pathlib.')) return true;
      if (path === 'os.path.join') {
        const first = node.childForFieldName('arguments')?.firstNamedChild;
        return !!first && isLocal(first, ctx, depth + 1);
      }
      return /^os\.path\.(?:abspath|realpath|expanduser|dirname|normpath)$/.test(path) || path === 'os.getcwd';
    }
    case 'attribute':
      // `Path(...).parent`, `here.parent`
      return /^(?:parent|absolute|resolve)$/.test(node.childForFieldName('attribute')?.text ?? '') && isLocal(node.childForFieldName('object')!, ctx, depth + 1);
    default:
      return false;
  }
}
