import { extensionOf } from './pathPattern';

/** Extensions of files that hold a model or its weights (rules.md §3.3). */
export const MODEL_EXTENSIONS: ReadonlySet<string> = new Set([
  '.pt', '.pth', '.bin', '.ckpt', '.pkl', '.pickle', '.joblib', '.sav', '.h5', '.hdf5', '.keras', '.pb',
  '.onnx', '.tflite', '.gguf', '.safetensors', '.npy', '.npz', '.model', '.mar',
]);

const HUB_RESOLVE = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\/(?:(?:datasets|spaces)\/)?[^/?#]+\/[^/?#]+\/resolve\/([^/?#]+)\//i;

/** The ref of a Hugging Face `.../resolve/<ref>/file` URL, or undefined for any other URL. */
export function hubResolveRef(url: string): string | undefined {
  return HUB_RESOLVE.exec(url)?.[1];
}

/** True when a 40-hex commit pins the ref (`resolve/<sha>/`): the Hub serves the same bytes forever. */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

/** The path of a URL pattern without its query and fragment (`*` holes are kept). */
function urlPath(url: string): string {
  return url.replace(/[?#].*$/, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
}

/** True when a URL pattern's file name ends in a model-artifact extension. */
export function urlHasModelExtension(url: string): boolean {
  const ext = extensionOf(urlPath(url));
  return !!ext && MODEL_EXTENSIONS.has(ext);
}

/** True when a path pattern ends in a model-artifact extension. */
export function pathHasModelExtension(path: string): boolean {
  const ext = extensionOf(path);
  return !!ext && MODEL_EXTENSIONS.has(ext);
}

/** How a URL pattern is fetched: in clear text (http, ftp), over TLS, or unknown (a hole or a name). */
export function transport(url: string | undefined): 'clear' | 'tls' | 'unknown' {
  if (!url) return 'unknown';
  if (/^(?:http|ftp):\/\//i.test(url)) return 'clear';
  if (/^(?:https|ftps):\/\//i.test(url)) return 'tls';
  return 'unknown';
}

/** The file name of a URL pattern (last path segment), or undefined when it has a hole. */
export function urlFileName(url: string): string | undefined {
  const name = urlPath(url).split('/').pop() ?? '';
  return name && !name.includes('*') ? name : undefined;
}
