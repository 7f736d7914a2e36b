import type { Node } from 'web-tree-sitter';

import { truthiness } from '../../../analysis/constants';
import type { CallSite, RuleContext } from '../../defineRule';
import { openedPath } from '../migrations/common';
import { extensionOf } from '../pathPattern';
import type { Format } from './formats';
import { pathTemplate } from './pathTemplate';
import { laterRegistration } from './registration';
import { isTemporaryTarget } from './temporaryTarget';
import {
  BOOSTER_ROOTS, CALL_APIS, DATA_EXTENSIONS, HF_ROOTS, MLFLOW_FLAVORS, MODEL_ROOTS, NOT_A_MODEL_CLASS,
  PICKLING_ROOTS, type TargetKind,
} from './saveApis';

/** One model write found in code, with what the catalog matches it on (catalog.md §8.4). */
export interface SaveSite {
  call: Node;
  /** The callee as written (`torch.save`, `model.save_pretrained`), for messages. */
  api: string;
  kind: TargetKind;
  format: Format;
  /** For an MLflow model: the serialization inside it. */
  inner?: Format;
  /** The target expression, when the call passes one. */
  targetNode?: Node;
  /** The target folded to a path template (`models/*\/m.pt`); undefined when nothing is known. */
  template?: string;
  /** The MLflow registry name (`registered_model_name=`, `register_model(..., name)`, `log_model(name=)`). */
  registryName?: string;
  /** The later `mlflow.register_model(...)` of this module that registers what the save wrote (registration.ts). */
  registeredBy?: Node;
  /** The Hugging Face Hub repository of `push_to_hub`. */
  hubRepo?: string;
  /** The object saved, when the call shows it. */
  model?: Node;
  /**
   * False when the receiver's or object's type is not known here and only the module's imports
   * suggest a model (reported at Information only, catalog.md §8.4.1).
   */
  certain: boolean;
}

/** The save a call site makes, or undefined for a lookalike; computed once per call. */
export function saveSiteOf(site: CallSite, ctx: RuleContext): SaveSite | undefined {
  const call = site.call;
  if (!call) return undefined;
  return ctx.index.memo(`save.${call.id}.${site.method ?? ''}`, () => {
    const save = site.method ? methodSave(site, call, ctx) : callSave(site, call, ctx);
    if (!save?.targetNode || (save.kind !== 'file' && save.kind !== 'directory')) return save;
    // NOTE: a model written to a temporary directory (a test's round trip) is no artifact.
    if (isTemporaryTarget(save.targetNode, ctx)) return undefined;
    const later = laterRegistration({ call, target: save.targetNode, template: save.template }, ctx);
    return later ? { ...save, registryName: later.name, registeredBy: later.call } : save;
  });
}

function targetOf(site: CallSite, name: string, position: number | undefined): Node | undefined {
  return site.args.get(name, position)?.value;
}

function strOf(node: Node | undefined, ctx: RuleContext): string | undefined {
  const v = node ? ctx.fold(node) : undefined;
  return v?.kind === 'str' ? v.value : undefined;
}

function callSave(site: CallSite, call: Node, ctx: RuleContext): SaveSite | undefined {
  const api = site.callee.text;
  const mlflow = /^mlflow\.(\w+)\.(log_model|save_model)$/.exec(site.path);
  if (mlflow) return mlflowSave(site, call, ctx, mlflow[1], mlflow[2] === 'log_model');
  const spec = CALL_APIS.get(site.path);
  if (!spec) return undefined;
  const model = spec.model ? targetOf(site, ...spec.model) : undefined;
  let certain = true;
  if (site.path === 'pickle.dump' || site.path === 'dill.dump' || site.path === 'cloudpickle.dump' || site.path === 'joblib.dump') {
    const kind = model ? modelKind(model, ctx) : 'maybe';
    if (kind === 'not') return undefined;
    // NOTE: joblib is scikit-learn's own persistence: an untyped object there is a model.
    certain = kind === 'model' || site.path === 'joblib.dump';
  }
  let targetNode = targetOf(site, ...spec.target);
  if (spec.kind === 'registry') {
    return { call, api, kind: 'registry', format: spec.format, targetNode, registryName: strOf(targetNode, ctx), model, certain };
  }
  // A file object: the path is the one the enclosing `with open(P, "wb")` (or `open(...)` here) names.
  if (targetNode && /\.dump$/.test(site.path)) targetNode = openedPath(targetNode, 'w', ctx) ?? targetNode;
  const template = targetNode ? pathTemplate(targetNode, ctx) : undefined;
  let format = spec.format;
  if (site.path.startsWith('keras.')) format = kerasFormat(template, site, ctx);
  return { call, api, kind: spec.kind, format, targetNode, template, model, certain };
}

function mlflowSave(site: CallSite, call: Node, ctx: RuleContext, flavor: string, log: boolean): SaveSite | undefined {
  const inner = MLFLOW_FLAVORS[flavor];
  if (!inner) return undefined;
  const model = site.args.get(flavor === 'pyfunc' ? 'python_model' : `${flavor}_model`, 0)?.value ?? site.args.get('model', 0)?.value;
  const serialization = strOf(site.args.get('serialization_format')?.value, ctx);
  const innerFormat: Format = serialization === 'pickle' ? 'pickle' : serialization === 'cloudpickle' ? 'cloudpickle' : serialization === 'skops' ? 'skops' : inner;
  const base = { call, api: site.callee.text, format: 'mlflow-model' as const, inner: innerFormat, model, certain: true };
  if (!log) {
    const targetNode = site.args.get('path', 1)?.value;
    return { ...base, kind: 'directory', targetNode, template: targetNode ? pathTemplate(targetNode, ctx) : undefined };
  }
  const registered = site.args.get('registered_model_name')?.value;
  const named = registered ?? site.args.get('name')?.value;
  if (!registered) {
    // NOTE: the artifact path is the second argument, `artifact_path=`, or MLflow 3's `name=`.
    const artifact = strOf(site.args.get('artifact_path', 1)?.value ?? named, ctx);
    const later = laterRegistration({ call, artifact }, ctx);
    if (later) return { ...base, kind: 'registry', targetNode: named, registryName: later.name, registeredBy: later.call };
  }
  return { ...base, kind: 'registry', targetNode: named, registryName: strOf(named, ctx) };
}

/** `.keras` → keras, `.h5` → keras-h5, no extension (a folder) → a TF SavedModel (Keras 2). */
function kerasFormat(template: string | undefined, site: CallSite, ctx: RuleContext): Format {
  const saveFormat = strOf(site.args.get('save_format')?.value, ctx);
  if (saveFormat === 'h5') return 'keras-h5';
  if (saveFormat === 'tf') return 'tf-savedmodel';
  const ext = template === undefined ? undefined : extensionOf(template);
  if (ext === '.h5' || ext === '.hdf5') return 'keras-h5';
  if (ext === '') return 'tf-savedmodel';
  return 'keras';
}

/** Whether a saved object is a model: by its resolved type, a literal, or the module's imports. */
export function modelKind(node: Node, ctx: RuleContext): 'model' | 'maybe' | 'not' {
  if (/^(?:dictionary|list|tuple|set|string|concatenated_string|integer|float|true|false|none|(?:list|dictionary|set)_comprehension|generator_expression)$/.test(node.type)) return 'not';
  const root = typeRoot(node, ctx);
  if (root) return MODEL_ROOTS.has(root) ? 'model' : 'not';
  return importsModelLibrary(ctx) ? 'maybe' : 'not';
}

/** The top-level module an expression's value comes from, following `x = f()` to `def f() -> T`. */
function typeRoot(node: Node, ctx: RuleContext): string | undefined {
  const resolved = ctx.index.resolve(node);
  if (resolved && !resolved.path.startsWith('builtins.')) return resolved.path.split(/[.(]/)[0];
  if (resolved) return 'builtins';
  const annotated = returnAnnotation(node, ctx);
  const typed = annotated && ctx.index.resolve(annotated);
  return typed ? typed.path.split(/[.(]/)[0] : undefined;
}

/** For a name bound to `f(...)` where `def f(...) -> T`, the annotation `T`. */
function returnAnnotation(node: Node, ctx: RuleContext): Node | undefined {
  let value: Node | undefined = node;
  if (node.type === 'identifier') {
    const found = ctx.index.bindingFor(node.text, node);
    value = found?.certain && found.binding.kind === 'assignment' ? found.binding.value : undefined;
  }
  const fn = value?.type === 'call' ? value.childForFieldName('function') : undefined;
  if (fn?.type !== 'identifier') return undefined;
  const def = ctx.index.bindingFor(fn.text, fn);
  const definition = def?.certain && def.binding.kind === 'definition' ? def.binding.value : undefined;
  const annotation = definition?.childForFieldName('return_type');
  return (annotation?.type === 'type' ? annotation.firstNamedChild : annotation) ?? undefined;
}

function importsModelLibrary(ctx: RuleContext): boolean {
  return importsAny(ctx, MODEL_ROOTS) !== undefined;
}

/** The top-level modules the module imports, in order, computed once per module. */
function importedRoots(ctx: RuleContext): string[] {
  return ctx.index.memo('save.importedRoots', () => [...new Set(ctx.index.imports().map((i) => i.path.split('.')[0]))]);
}

function importsAny(ctx: RuleContext, roots: ReadonlySet<string>): string | undefined {
  return importedRoots(ctx).find((r) => roots.has(r));
}

const KERAS_ROOTS = new Set(['keras', 'tensorflow', 'tf_keras']);

/**
 * A method save: the receiver's resolved type decides (a Keras model's `save`, a transformers
 * model's `save_pretrained`, an XGBoost booster's `save_model`); a receiver of another library
 * (a DataFrame, a figure, an image) is a lookalike. An untyped receiver counts only where the
 * module imports the library the method belongs to, and then as uncertain.
 */
function methodSave(site: CallSite, call: Node, ctx: RuleContext): SaveSite | undefined {
  const method = site.method!;
  const receiver = site.path.slice(0, -(method.length + 1));
  // A module attribute (`torch.save`, `np.save`): a function, which the call table decides.
  if (receiver !== '?' && !receiver.includes('(')) return undefined;
  const root = receiver === '?' ? undefined : receiver.split(/[.(]/)[0];
  const object = site.callee.childForFieldName('object');
  const base = { call, api: site.callee.text, model: object ?? undefined };
  const target = (name: string, pos: number) => site.args.get(name, pos)?.value;
  if (method === 'save_pretrained' || method === 'push_to_hub') {
    if (root ? !HF_ROOTS.has(root) : !importsAny(ctx, HF_ROOTS)) return undefined;
    if (NOT_A_MODEL_CLASS.test(receiver) || (!root && /token|processor|config|feature_extractor/i.test(object?.text ?? ''))) return undefined;
    const safe = site.args.get('safe_serialization');
    const pickled = safe && truthiness(ctx.fold(safe.value)) === false;
    const format: Format = pickled ? 'pytorch-pickle' : /(?:^|\.)TF\w+/.test(receiver) ? 'keras-h5' : 'safetensors';
    if (method === 'push_to_hub') {
      const repo = target('repo_id', 0);
      return { ...base, kind: 'hub', format, targetNode: repo, hubRepo: strOf(repo, ctx), certain: !!root };
    }
    const dir = target('save_directory', 0);
    return { ...base, kind: 'directory', format, targetNode: dir, template: dir ? pathTemplate(dir, ctx) : undefined, certain: !!root };
  }
  if (method === 'save_model') return boosterSave(site, base, root, ctx);
  // save / save_weights
  const file = target('filepath', 0) ?? target('fname', 0) ?? target('path', 0);
  const template = file ? pathTemplate(file, ctx) : undefined;
  const ext = template === undefined ? undefined : extensionOf(template);
  const withTarget = { ...base, kind: 'file' as const, targetNode: file, template };
  if (root === 'torch' && receiver.startsWith('torch.jit.')) return { ...withTarget, format: 'torchscript', certain: true };
  if (root && PICKLING_ROOTS.has(root) && method === 'save') return { ...withTarget, format: 'pickle', certain: true };
  if (root === 'sentence_transformers' && method === 'save') return { ...withTarget, kind: 'directory', format: 'safetensors', certain: true };
  if (root === 'tensorflow' && /^tensorflow\.train\.Checkpoint\(/.test(receiver)) return { ...withTarget, format: 'other', certain: true };
  const keras = root ? KERAS_ROOTS.has(root) : !!importsAny(ctx, KERAS_ROOTS);
  if (!keras || (ext !== undefined && DATA_EXTENSIONS.has(ext))) return undefined;
  const format: Format = method === 'save_weights' ? 'other' : kerasFormat(template, site, ctx);
  // NOTE: only Keras writes `.keras`; an untyped receiver saving one is a Keras model.
  return { ...withTarget, format, certain: !!root || ext === '.keras' };
}

/** `booster.save_model(fname)`: XGBoost by extension, LightGBM text, CatBoost by `format=`; `Trainer.save_model`. */
function boosterSave(site: CallSite, base: Pick<SaveSite, 'call' | 'api' | 'model'>, root: string | undefined, ctx: RuleContext): SaveSite | undefined {
  const file = site.args.get('fname', 0)?.value ?? site.args.get('filename', 0)?.value ?? site.args.get('output_dir', 0)?.value;
  const template = file ? pathTemplate(file, ctx) : undefined;
  const ext = template === undefined ? undefined : extensionOf(template);
  const lib = root ?? guessBooster(ext, ctx);
  if (!lib) return undefined;
  const withTarget = { ...base, kind: 'file' as const, targetNode: file, template, certain: !!root };
  if (lib === 'xgboost') return { ...withTarget, format: ext === '.json' ? 'xgboost-json' : ext === '.ubj' ? 'xgboost-ubj' : 'other' };
  if (lib === 'lightgbm') return { ...withTarget, format: 'lightgbm-text' };
  if (lib === 'catboost') {
    const f = strOf(site.args.get('format', 1)?.value, ctx) ?? 'cbm';
    return { ...withTarget, format: f === 'cbm' ? 'catboost-cbm' : f === 'onnx' ? 'onnx' : f === 'pmml' ? 'pmml' : 'other' };
  }
  // transformers' Trainer writes safetensors by default (TrainingArguments.save_safetensors).
  if (HF_ROOTS.has(lib)) return { ...withTarget, kind: 'directory', format: 'safetensors' };
  return undefined;
}

function guessBooster(ext: string | undefined, ctx: RuleContext): string | undefined {
  const boosters = new Set(importedRoots(ctx).filter((r) => BOOSTER_ROOTS.has(r)));
  if (ext === '.json' || ext === '.ubj') return boosters.has('xgboost') ? 'xgboost' : undefined;
  if (ext === '.cbm') return boosters.has('catboost') ? 'catboost' : undefined;
  if (ext === '.txt') return boosters.has('lightgbm') ? 'lightgbm' : undefined;
  if (boosters.size === 1) return [...boosters][0];
  return boosters.size === 0 ? importsAny(ctx, HF_ROOTS) : undefined;
}

/** A short, stable description of a save's target for messages. */
export function describeTarget(save: SaveSite): string {
  // NOTE: no line number: in a notebook the module's lines are not the cell's.
  if (save.registeredBy && save.template) return `\`${save.template}\`, registered as MLflow model \`${save.registryName}\` by the \`register_model\` further down`;
  if (save.registeredBy) return `MLflow model \`${save.registryName}\` (registered by the \`register_model\` further down)`;
  if (save.registryName) return `MLflow model \`${save.registryName}\``;
  if (save.hubRepo) return `Hub repository \`${save.hubRepo}\``;
  if (save.template) return `\`${save.template}\``;
  return 'a target that cannot be resolved here';
}
