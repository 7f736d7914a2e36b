import { readRootAttributes } from './hdf5';
import type { ArtifactFinding } from './report';
import type { Source } from './source';

/** Modules a Keras config may name without running foreign code (CVE-2025-1550). */
const KERAS_MODULES = /^(keras|tensorflow|tf_keras|tf|numpy|math)(\.|$)/;
const LAMBDA_CLASSES = new Set(['Lambda', 'TFOpLambda']);
/** Config names that turn Keras' safe mode off or fetch files (CVE-2025-9906, CVE-2025-8747). */
const UNSAFE_NAMES = new Set(['enable_unsafe_deserialization', 'get_file', 'TorchModuleWrapper']);

/**
 * Checks a Keras `config.json` (or an H5 `model_config`): Lambda layers (marshalled bytecode,
 * CVE-2024-3660), objects from modules outside Keras, and names that disable safe mode.
 */
export function scanKerasConfig(text: string, member: string | undefined): ArtifactFinding[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    return [{ kind: 'inconclusive', level: 'medium', message: `The Keras configuration is not valid JSON (${(err as Error).message}), so its layers were not checked`, member }];
  }
  const out: ArtifactFinding[] = [];
  const seen = new Set<string>();
  const add = (key: string, f: ArtifactFinding) => {
    if (!seen.has(key) && out.length < 200) (seen.add(key), out.push(f));
  };
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: config, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (depth > 200 || v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    const o = v as Record<string, unknown>;
    const cls = typeof o.class_name === 'string' ? o.class_name : undefined;
    const layer = typeof (o.config as Record<string, unknown> | undefined)?.name === 'string' ? `layer "${(o.config as Record<string, unknown>).name}"` : (path || 'the model');
    if (cls && LAMBDA_CLASSES.has(cls)) {
      add(`lambda:${path}`, { kind: 'keras', level: 'critical', message: `Keras ${cls} ${layer}: its function is Python bytecode (or a named function) that runs when the model is loaded with safe_mode=False or by older Keras versions (CVE-2024-3660)`, module: typeof o.module === 'string' ? o.module : 'keras.layers', name: cls, member });
    }
    if (cls === '__lambda__') {
      add(`fn:${path}`, { kind: 'keras', level: 'critical', message: `A marshalled Python function (__lambda__) in ${layer}: Keras unmarshals and runs its bytecode`, name: '__lambda__', member });
    }
    for (const key of ['module', 'fn_module']) {
      const mod = o[key];
      if (typeof mod === 'string' && mod !== '' && !KERAS_MODULES.test(mod)) {
        const name = typeof o.class_name === 'string' ? o.class_name : typeof o.registered_name === 'string' ? o.registered_name : (typeof o.config === 'string' ? o.config : '?');
        add(`mod:${mod}:${name}`, { kind: 'keras', level: 'critical', message: `${layer} names ${mod}.${name}, a module outside Keras: loading the model imports and calls it, even in safe mode on affected versions (CVE-2025-1550)`, module: mod, name, member });
      }
    }
    for (const name of [o.class_name, o.registered_name, o.config]) {
      if (typeof name === 'string' && UNSAFE_NAMES.has(name)) {
        add(`unsafe:${name}`, { kind: 'keras', level: 'critical', message: `The configuration names ${name}, which disables Keras' safe mode or fetches and loads files (CVE-2025-9906, CVE-2025-8747, CVE-2025-49655)`, name, member });
      }
    }
    for (const [k, x] of Object.entries(o)) stack.push({ v: x, path: path ? `${path}.${k}` : k, depth: depth + 1 });
  }
  return out;
}

/** The configurations a Keras model keeps in an HDF5 file's root attributes (legacy `.h5` saving). */
const H5_CONFIGS = ['model_config', 'training_config'];

/**
 * Checks a legacy Keras `.h5` file: its `model_config` (and `training_config`) root attributes,
 * read from the HDF5 structures without loading anything. A plain HDF5 data file has neither.
 */
export function scanHdf5(src: Source, member: string | undefined): ArtifactFinding[] {
  const { strings, problem } = readRootAttributes(src);
  const out: ArtifactFinding[] = [];
  for (const key of H5_CONFIGS) {
    const text = strings.get(key);
    if (text !== undefined) out.push(...scanKerasConfig(text, member ? `${member} > ${key}` : key));
  }
  if (problem && !strings.has('model_config')) {
    out.push({ kind: 'inconclusive', level: 'low', message: `The HDF5 file's root attributes could not all be read (${problem}): if it is a Keras model, its layers (Lambda bytecode) were not checked`, member });
  }
  return out;
}
