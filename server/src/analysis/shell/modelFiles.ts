/** What makes a URL or a path a model file, what a Hub URL points at, and how pinned a ref is. */

import type { Pin } from './downloads';

/** Formats that can run code when loaded (pickle, Keras Lambda layers, TorchServe handlers). */
const CODE_FORMATS = new Set(['.pt', '.pth', '.bin', '.ckpt', '.pkl', '.pickle', '.joblib', '.sav', '.h5', '.hdf5', '.keras', '.model', '.mar']);
/** Model formats that hold data only: tampering changes the weights, not the loader's code. */
const DATA_FORMATS = new Set(['.pb', '.onnx', '.tflite', '.gguf', '.safetensors', '.npy', '.npz']);

/** `code` when loading the format can run code, `data` when it holds tensors only. */
export type ModelFormat = 'code' | 'data';

/** The last path segment of a URL or path pattern, without a query or fragment. */
export function fileName(pattern: string): string {
  const path = pattern.replace(/[?#].*$/, '').replace(/[\\/]+$/, '');
  return path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*$/i, '').split(/[\\/]/).pop() ?? '';
}

/**
 * The format of a model file named by a URL or path pattern (`*` for unknown parts), or
 * undefined when its extension is not a model artifact's or is not known. `.json`, `.txt`,
 * `.csv`, `.yaml` and archives are not model files.
 */
export function modelFormat(pattern: string): ModelFormat | undefined {
  const name = fileName(pattern).toLowerCase();
  if (name.endsWith('*')) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = name.slice(dot);
  return CODE_FORMATS.has(ext) ? 'code' : DATA_FORMATS.has(ext) ? 'data' : undefined;
}

/** A Hugging Face Hub repository and, for a file URL, the ref and file. */
export interface HubRef {
  repo: string;
  type: 'model' | 'dataset' | 'space';
  /** Set for a ModelScope repository (not the Hugging Face Hub). */
  modelscope?: true;
  /** For `resolve/<ref>/<file>` URLs. */
  ref?: string;
  file?: string;
}

const HUB_HOST = '(?:www\\.)?(?:huggingface\\.co|hf\\.co|hf-mirror\\.com)';
const HUB_FILE = new RegExp(`^[a-z]+://${HUB_HOST}/(?:(datasets|spaces)/)?([^/?#]+(?:/[^/?#]+)?)/(?:resolve|raw)/([^/?#]+)/([^?#]+)`, 'i');
const HUB_REPO = new RegExp(`^(?:[a-z+]+://(?:[^@/]*@)?${HUB_HOST}/|git@${HUB_HOST}:)(?:(datasets|spaces)/)?([^/?#]+/[^/?#]+?|[^/?#]+?)(?:\\.git)?/?$`, 'i');
/** Hosts that serve model repositories over git besides the Hub. */
const MODEL_GIT = /^(?:[a-z+]+:\/\/(?:[^@/]*@)?|git@)(?:www\.)?(?:modelscope\.cn|modelscope\.ai)[:/](?:models\/)?([^/?#]+\/[^/?#]+?)(?:\.git)?\/?$/i;

function typeOf(segment: string | undefined): HubRef['type'] {
  return segment?.toLowerCase() === 'datasets' ? 'dataset' : segment?.toLowerCase() === 'spaces' ? 'space' : 'model';
}

/** The Hub file a `.../resolve/<ref>/<file>` URL fetches. */
export function hubFileUrl(url: string): HubRef | undefined {
  const m = HUB_FILE.exec(url);
  if (!m) return undefined;
  return { type: typeOf(m[1]), repo: m[2], ref: decodeURIComponent(m[3].replace(/%(?![0-9a-f]{2})/gi, '%25')), file: m[4] };
}

/** The model repository a `git clone` URL names (Hugging Face Hub or ModelScope), if it is one. */
export function modelRepoUrl(url: string): HubRef | undefined {
  const m = HUB_REPO.exec(url);
  if (m) return { type: typeOf(m[1]), repo: m[2] };
  const s = MODEL_GIT.exec(url);
  return s ? { type: 'model', repo: s[1], modelscope: true } : undefined;
}

/**
 * How a URL's transfer is protected: `insecure` for plain http or ftp (and no scheme, which wget
 * and curl read as http) to another machine, `unknown` when the URL's start is not known.
 */
export function transportOf(url: string): 'secure' | 'insecure' | 'unknown' {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme && url.startsWith('*')) return 'unknown';
  // NOTE: a transfer that never leaves the machine cannot be tampered with on the way.
  if (LOOPBACK.test(scheme ? url.slice(scheme.length + 3) : url)) return 'secure';
  return !scheme || scheme === 'http' || scheme === 'ftp' || scheme === 'git' ? 'insecure' : 'secure';
}

const LOOPBACK = /^(?:[^@/]*@)?(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?:[:/?#]|$)/i;

const FULL_SHA = /^[0-9a-f]{40}$/;
const SHORT_HEX = /^[0-9a-f]{7,39}$/;

/** The placeholder a quick fix writes for a revision (the one MLH201 writes too). */
export const REVISION_PLACEHOLDER = '<commit sha>';

/** How pinned a ref as written is (`*` marks unknown parts). */
export function pinOf(ref: string): Pin {
  if (ref === REVISION_PLACEHOLDER) return 'placeholder';
  if (ref.includes('*')) return 'unknown';
  return FULL_SHA.test(ref) ? 'pinned' : SHORT_HEX.test(ref) ? 'short' : 'mutable';
}
