import type { Node } from 'web-tree-sitter';

import { moduleReference, replaceNode } from '../../../analysis/edits';
import { parentOf } from '../../../analysis/parents';
import { isField } from '../../../analysis/syntax';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { CallSite, RuleContext } from '../../defineRule';
import { callsOfPaths, commentAbove, groupBy, MAX_SAVES, lineOf, pathKey, perModule, plainArgs } from './common';

/**
 * The safetensors migration for `model.load_state_dict(torch.load(p))` (rules.md §3.1): it becomes
 * `safetensors.torch.load_model(model, p)`, and each `torch.save(m.state_dict(), p)` of the same
 * path in this module becomes `safetensors.torch.save_model(m, p)`. `save_model` rather than
 * `save_file(m.state_dict(), p)`: `save_file` refuses shared or tied tensors (tied embeddings are
 * common), `save_model` drops the duplicates and `load_model` restores them. With no such save
 * here, a commented one-off conversion is inserted above the load.
 *
 * Offered only for the exact shape: `torch.load` with the path and nothing but `weights_only=` or
 * a string `map_location=` (which becomes `device=`), inside a `load_state_dict` call with at most
 * `strict=`; every matching save must pass a `.state_dict()` and the path only.
 */
export function safetensorsMigration(site: CallSite, ctx: RuleContext): Fix[] {
  const call = site.call;
  const args = call && plainArgs(call);
  const path = args?.positional[0] ?? args?.keywords.get('f');
  if (!call || !args || !path || args.positional.length > 1) return [];
  const extra = [...args.keywords.keys()].filter((k) => k !== 'f' && k !== 'weights_only' && k !== 'map_location');
  const device = args.keywords.get('map_location');
  if (extra.length > 0 || (device && device.type !== 'string')) return [];
  const outer = loadStateDictCall(call);
  const outerArgs = outer && plainArgs(outer.call);
  if (!outer || !outerArgs || outerArgs.positional.length !== 1 || [...outerArgs.keywords.keys()].some((k) => k !== 'strict')) return [];
  const key = pathKey(path, ctx);

  const saves: Array<{ call: Node; model: Node; file: Node }> = [];
  const matching = savesByPath(ctx).get(key) ?? [];
  if (matching.length > MAX_SAVES) return [];
  for (const save of matching) {
    // NOTE: a save of this path that is not a bare state dict (a checkpoint dict with optimizer
    // state, a whole module) would keep writing pickles load_model cannot read: no migration.
    if (!save.model) return [];
    saves.push({ call: save.call, model: save.model, file: save.file });
  }

  const first = saves.length > 0 && saves[0].call.startIndex < outer.call.startIndex ? saves[0].call : outer.call;
  const st = moduleReference(ctx.index, 'safetensors.torch', first);
  const strict = outerArgs.keywords.get('strict');
  const tail = `${strict ? `, strict=${strict.text}` : ''}${device ? `, device=${device.text}` : ''}`;
  const edits: TextEdit[] = [
    ...st.edits,
    replaceNode(outer.call, `${st.name}.load_model(${outer.model.text}, ${path.text}${tail})`),
    ...saves.map((s) => replaceNode(s.call, `${st.name}.save_model(${s.model.text}, ${s.file.text})`)),
  ];
  if (saves.length === 0) {
    edits.push(commentAbove(ctx, outer.call, [
      'Checkpoints written before this change are pickles: convert each one once, after checking',
      'where it came from, with the old load (weights_only=True) and a safetensors save:',
      `  ${outer.model.text}.load_state_dict(${site.callee.text}(${path.text}, weights_only=True))`,
      `  ${st.name}.save_model(${outer.model.text}, ${path.text})`,
    ]));
  }
  const title =
    saves.length > 0
      ? `Migrate to safetensors: load with ${st.name}.load_model (and save with ${st.name}.save_model on line ${saves.map((s) => lineOf(s.call)).join(', ')})`
      : `Migrate to safetensors: load with ${st.name}.load_model, with a commented one-off conversion of existing checkpoints`;
  return [{ title, edits, preferred: false }];
}

/** The module's `torch.save` calls by path key; `model` unset when not a bare `m.state_dict()`. */
function savesByPath(ctx: RuleContext): Map<string, Array<{ call: Node; model?: Node; file: Node }>> {
  return perModule(ctx, 'safetensors', () => {
    const found: Array<{ call: Node; model?: Node; file: Node; key: string }> = [];
    for (const call of callsOfPaths(ctx, ['torch.save'])) {
      const s = plainArgs(call);
      const file = s && (s.positional[1] ?? s.keywords.get('f'));
      if (!s || !file) continue;
      const model = s.positional.length + s.keywords.size === 2 ? stateDictOwner(s.positional[0] ?? s.keywords.get('obj')) : undefined;
      found.push({ call, model, file, key: pathKey(file, ctx) });
    }
    return groupBy(found, (d) => d.key);
  });
}

/** `model.load_state_dict(<call>)`: the outer call and the model, when `call` is its argument. */
export function loadStateDictCall(call: Node): { call: Node; model: Node } | undefined {
  const list = parentOf(call);
  const outer = list?.type === 'argument_list' ? parentOf(list) : null;
  const fn = outer?.childForFieldName('function');
  if (!outer || outer.type !== 'call' || !list || !isField(outer, 'arguments', list)) return undefined;
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'load_state_dict') return undefined;
  const model = fn.childForFieldName('object');
  return model ? { call: outer, model } : undefined;
}

/** `m` for `m.state_dict()` with no arguments. */
export function stateDictOwner(node: Node | undefined): Node | undefined {
  const fn = node?.type === 'call' ? node.childForFieldName('function') : undefined;
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'state_dict') return undefined;
  if ((node?.childForFieldName('arguments')?.namedChildren.length ?? 1) !== 0) return undefined;
  return fn.childForFieldName('object') ?? undefined;
}
