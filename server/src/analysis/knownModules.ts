/**
 * What the engine knows of the modules the rules match: the names `from m import *` brings in
 * (curated from each module's `__all__`, limited to what the rules can match or resolve), and the
 * aliases under which one API is reachable.
 */

/** Names `from <module> import *` binds, for the modules whose star import matters to a rule. */
export const STAR_EXPORTS: Record<string, readonly string[]> = {
  pickle: ['load', 'loads', 'Unpickler', 'dump', 'dumps', 'Pickler'],
  _pickle: ['load', 'loads', 'Unpickler', 'dump', 'dumps', 'Pickler'],
  cPickle: ['load', 'loads', 'Unpickler', 'dump', 'dumps', 'Pickler'],
  dill: ['load', 'loads', 'Unpickler', 'dump', 'dumps', 'load_session', 'load_module'],
  cloudpickle: ['load', 'loads', 'dump', 'dumps'],
  joblib: ['load', 'dump'],
  marshal: ['load', 'loads', 'dump', 'dumps'],
  shelve: ['open', 'Shelf', 'DbfilenameShelf', 'BsdDbShelf'],
  torch: ['load', 'save'],
  'torch.serialization': ['load', 'save'],
  yaml: [
    'load', 'load_all', 'full_load', 'full_load_all', 'unsafe_load', 'unsafe_load_all',
    'safe_load', 'safe_load_all', 'Loader', 'FullLoader', 'UnsafeLoader', 'SafeLoader', 'BaseLoader',
    'CLoader', 'CFullLoader', 'CUnsafeLoader', 'CSafeLoader', 'CBaseLoader',
  ],
  numpy: ['load'],
  pandas: ['read_pickle'],
  'torch.distributed': ['broadcast_object_list', 'all_gather_object', 'gather_object', 'scatter_object_list', 'recv_object_list'],
  'keras.models': ['load_model'],
  'keras.saving': ['load_model'],
  'tensorflow.keras.models': ['load_model'],
  'skops.io': ['load', 'loads'],
};

/** Prefix rewrites that bring the many spellings of one API to a single canonical path. */
export const CANONICAL_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['_pickle', 'pickle'],
  ['cPickle', 'pickle'],
  ['six.moves.cPickle', 'pickle'],
  ['sklearn.externals.joblib', 'joblib'],
  ['torch.serialization.load', 'torch.load'],
  ['torch.serialization.save', 'torch.save'],
  ['yaml.loader', 'yaml'],
  ['yaml.cyaml', 'yaml'],
  ['yaml.__init__', 'yaml'],
  ['pandas.io.pickle', 'pandas'],
  ['pandas.core.api', 'pandas'],
  ['numpy.lib.npyio', 'numpy'],
  ['dill._dill', 'dill'],
  ['cloudpickle.cloudpickle', 'cloudpickle'],
  ['joblib.numpy_pickle', 'joblib'],
  // NOTE: `import tensorflow as tf` binds `tf` to `tensorflow`; `tf.keras` is Keras, one rule path.
  ['tensorflow.keras', 'keras'],
  ['tf_keras', 'keras'],
  ['torch.distributed.distributed_c10d', 'torch.distributed'],
  ['torch.package.package_importer', 'torch.package'],
  ['torch.utils.model_zoo.load_url', 'torch.hub.load_state_dict_from_url'],
  ['torchvision.models.utils.load_state_dict_from_url', 'torch.hub.load_state_dict_from_url'],
  ['skops.io._persist', 'skops.io'],
  ['six.moves.urllib', 'urllib'],
];

const canonical = new Map<string, string>();

/** The canonical form of a dotted path: `cPickle.loads` → `pickle.loads`. */
export function canonicalPath(path: string): string {
  // NOTE: memoised: resolution asks for the same few paths tens of thousands of times in a big file.
  let result = canonical.get(path);
  if (result !== undefined) return result;
  result = path;
  for (const [from, to] of CANONICAL_PREFIXES) {
    if (path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}(`)) {
      result = to + path.slice(from.length);
      break;
    }
  }
  if (canonical.size > 10_000) canonical.clear();
  canonical.set(path, result);
  return result;
}

/** Every dotted spelling of a canonical path: `torch.load` → also `torch.serialization.load`. */
export function pathSpellings(path: string): string[] {
  const out = [path];
  for (const [from, to] of CANONICAL_PREFIXES) {
    if (path === to || path.startsWith(`${to}.`) || path.startsWith(`${to}(`)) out.push(from + path.slice(to.length));
  }
  return out;
}

/**
 * Objects whose `__enter__` returns the object itself, so `with X() as s` binds `s` to `X()`
 * (HTTP sessions and clients). Other context managers may return anything.
 */
export const ENTER_RETURNS_SELF: ReadonlySet<string> = new Set([
  'requests.Session()',
  'requests.session()',
  'httpx.Client()',
  'httpx.AsyncClient()',
  'aiohttp.ClientSession()',
]);

/** Builtins the resolver interprets. */
export const BUILTINS = new Set(['getattr', '__import__', 'open', 'type']);

/** The top-level module names under which a canonical root can also be imported (`cPickle` for `pickle`). */
export function rootSpellings(root: string): string[] {
  const out = new Set([root]);
  for (const [from, to] of CANONICAL_PREFIXES) if (to.split('.')[0] === root) out.add(from.split('.')[0]);
  return [...out];
}
