import type { Node } from 'web-tree-sitter';

import { moduleReference, replaceNode } from '../../../analysis/edits';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { RuleContext } from '../../defineRule';
import { callsOfPaths, commentAbove, groupBy, lineOf, MAX_SAVES, openedPath, pathKey, perModule, plainArgs } from '../migrations/common';
import { extensionLiteral, toKeras } from '../migrations/kerasFormat';
import { loadStateDictCall, stateDictOwner } from '../migrations/safetensors';
import { pathPattern } from '../pathPattern';
import { toOnnx } from './onnxMigration';
import type { SaveSite } from './saveSite';

/**
 * "Save as safetensors / skops / .keras / ONNX" for a model save (the save-side twin of the load-side
 * migrations in ../migrations): the save is rewritten, and so is every load of the same path in
 * this module; a load that cannot be rewritten exactly, or none at all, gets a note above the
 * save saying what else must change, so no code is left reading a format that is no longer
 * written without being told.
 */
export function saveMigrations(save: SaveSite, ctx: RuleContext, path: string): Fix[] {
  if (path === 'torch.save') return toSafetensors(save, ctx);
  if (path === 'joblib.dump' || path === 'pickle.dump') {
    const lib = path.split('.')[0] as 'joblib' | 'pickle';
    return [...toSkops(save, ctx, lib), ...toOnnx(save, ctx, lib, (key) => picklingLoads(ctx, lib).get(key) ?? [])];
  }
  if (save.format === 'keras-h5' && (/\.save$/.test(path) || path.startsWith('keras.'))) return toKeras3(save, ctx);
  return [];
}

/** `torch.save(m.state_dict(), p)` → `safetensors.torch.save_model(m, p)`; `X.load_state_dict(torch.load(p))` → `load_model`. */
function toSafetensors(save: SaveSite, ctx: RuleContext): Fix[] {
  const args = plainArgs(save.call);
  const obj = args?.positional[0] ?? args?.keywords.get('obj');
  const file = args?.positional[1] ?? args?.keywords.get('f');
  const model = obj && stateDictOwner(obj);
  if (!args || !file || !model || args.positional.length + args.keywords.size !== 2) return [];
  const key = pathKey(file, ctx);
  const st = moduleReference(ctx.index, 'safetensors.torch', save.call);
  const edits: TextEdit[] = [...st.edits, replaceNode(save.call, `${st.name}.save_model(${model.text}, ${file.text})`)];
  const loads = loadsByPath(ctx, ['torch.load'], 'f', 'path').get(key) ?? [];
  if (loads.length > MAX_SAVES) return [];
  const rewritten: Node[] = [];
  let stranded = false;
  for (const load of loads) {
    const outer = loadStateDictCall(load);
    const la = plainArgs(load);
    const oa = outer && plainArgs(outer.call);
    const extra = la ? [...la.keywords.keys()].filter((k) => k !== 'f' && k !== 'weights_only') : ['?'];
    // NOTE: `strict=` carries over; anything else on either call cannot be rewritten exactly.
    if (!outer || !la || !oa || la.positional.length > 1 || extra.length > 0 || oa.positional.length !== 1 || [...oa.keywords.keys()].some((k) => k !== 'strict')) {
      stranded = true;
      continue;
    }
    const strict = oa.keywords.get('strict');
    edits.push(replaceNode(outer.call, `${st.name}.load_model(${outer.model.text}, ${(la.positional[0] ?? la.keywords.get('f'))!.text}${strict ? `, strict=${strict.text}` : ''})`));
    rewritten.push(load);
  }
  if (stranded || loads.length === 0) {
    edits.push(commentAbove(ctx, save.call, [
      `This now writes safetensors: load it with ${st.name}.load_model(model, ${file.text}),`,
      `not torch.load${stranded ? ` (the torch.load of this file ${lineList(loads.filter((l) => !rewritten.includes(l)))} still needs changing)` : ' (check the code that reads this file elsewhere)'}.`,
    ]));
  }
  return [{ title: `Save as safetensors (${st.name}.save_model)${suffix(rewritten)}`, edits, preferred: false }];
}

/** `joblib.dump(m, p)` / `pickle.dump(m, f)` → `skops.io.dump(m, ...)`; their loads → `skops.io.load(..., trusted=[])`. */
function toSkops(save: SaveSite, ctx: RuleContext, lib: 'joblib' | 'pickle'): Fix[] {
  if (!ctx.index.imports().some((i) => i.path === 'sklearn' || i.path.startsWith('sklearn.'))) return [];
  const args = plainArgs(save.call);
  const fileParam = lib === 'pickle' ? 'file' : 'filename';
  const obj = args?.positional[0] ?? args?.keywords.get(lib === 'pickle' ? 'obj' : 'value');
  const file = args?.positional[1] ?? args?.keywords.get(fileParam);
  const written = file && (openedPath(file, 'w', ctx) ?? (lib === 'joblib' ? file : undefined));
  if (!args || !obj || !file || !written || args.positional.length + args.keywords.size !== 2) return [];
  const key = pathKey(written, ctx);
  const skops = moduleReference(ctx.index, 'skops.io', save.call);
  const edits: TextEdit[] = [...skops.edits, replaceNode(save.call, `${skops.name}.dump(${obj.text}, ${file.text})`)];
  const loads = picklingLoads(ctx, lib).get(key) ?? [];
  if (loads.length > MAX_SAVES) return [];
  const rewritten: Node[] = [];
  for (const load of loads) {
    const la = plainArgs(load);
    const arg = la && la.positional.length + la.keywords.size === 1 ? (la.positional[0] ?? la.keywords.get(fileParam)) : undefined;
    if (!arg) continue;
    edits.push(replaceNode(load, `${skops.name}.load(${arg.text}, trusted=[])`));
    rewritten.push(load);
  }
  const stranded = loads.filter((l) => !rewritten.includes(l));
  edits.push(commentAbove(ctx, save.call, [
    `This now writes skops: load it with ${skops.name}.load(file, trusted=[...]) and review the types`,
    `${skops.name}.get_untrusted_types(file=...) reports before trusting them${stranded.length ? ` (the ${lib}.load ${lineList(stranded)} still needs changing)` : loads.length ? '' : `; ${lib}.load cannot read it`}.`,
  ]));
  return [{ title: `Save as skops (${skops.name}.dump)${suffix(rewritten)}`, edits, preferred: false }];
}

/** The module's `joblib.load` / `pickle.load` calls by the path they read. */
function picklingLoads(ctx: RuleContext, lib: 'joblib' | 'pickle'): Map<string, Node[]> {
  return loadsByPath(ctx, [`${lib}.load`], lib === 'pickle' ? 'file' : 'filename', lib === 'pickle' ? 'opened' : 'either');
}

const KERAS_LOADS = ['keras.models.load_model', 'keras.saving.load_model'];

/** Keras `model.save("m.h5")` → `"m.keras"`, and the `load_model` of the same path here too. */
function toKeras3(save: SaveSite, ctx: RuleContext): Fix[] {
  const literal = save.targetNode && extensionLiteral(save.targetNode);
  const pattern = save.targetNode && pathPattern(save.targetNode, ctx);
  if (!literal || pattern === undefined || plainArgs(save.call)?.keywords.has('save_format')) return [];
  const edits: TextEdit[] = [replaceNode(literal, toKeras(literal.text))];
  const loads = perModule(ctx, 'saveAs.keras', () => groupBy(callsOfPaths(ctx, KERAS_LOADS), (l) => {
    const a = plainArgs(l);
    const f = a?.positional[0] ?? a?.keywords.get('filepath');
    return f && pathPattern(f, ctx);
  })).get(pattern) ?? [];
  const rewritten: Node[] = [];
  for (const load of loads) {
    const a = plainArgs(load);
    const lit = extensionLiteral((a?.positional[0] ?? a?.keywords.get('filepath'))!);
    if (lit) {
      edits.push(replaceNode(lit, toKeras(lit.text)));
      rewritten.push(load);
    }
  }
  if (rewritten.length === 0) {
    edits.push(commentAbove(ctx, save.call, [`This now writes the .keras format: load ${toKeras(save.targetNode!.text)} where the .h5 file was loaded.`]));
  }
  return [{ title: `Save as .keras (${toKeras(literal.text)})${suffix(rewritten)}`, edits, preferred: false }];
}

/**
 * The module's loads of `paths` by the path key of their file argument (for pickle, the path its
 * `open(P, "rb")` names), grouped once per module: a file with thousands of saves asks per save.
 */
function loadsByPath(ctx: RuleContext, paths: string[], param: string, file: 'path' | 'opened' | 'either'): Map<string, Node[]> {
  return perModule(ctx, `saveAs.${paths.join()}`, () => groupBy(callsOfPaths(ctx, paths), (load) => {
    const a = plainArgs(load);
    const f = a?.positional[0] ?? a?.keywords.get(param);
    // NOTE: torch saves are matched by path only: climbing to a `with open(...)` for each of
    // thousands of loads is what a generated file makes costly.
    const p = !f || file === 'path' ? f : file === 'opened' ? openedPath(f, 'r', ctx) : (openedPath(f, 'r', ctx) ?? f);
    return p ? pathKey(p, ctx) : undefined;
  }));
}

function lineList(nodes: Node[]): string {
  return `on line ${nodes.map(lineOf).join(', ')}`;
}

function suffix(rewritten: Node[]): string {
  return rewritten.length ? `, and load it so ${lineList(rewritten)}` : '';
}
