import type { Node } from 'web-tree-sitter';

import { callsNamed } from '../../../analysis/callsNamed';
import { replaceNode } from '../../../analysis/edits';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { CallSite, RuleContext } from '../../defineRule';
import { pathPattern } from '../pathPattern';
import { commentAbove, groupBy, MAX_SAVES, lineOf, perModule, plainArgs } from './common';

const LEGACY = /\.(?:h5|hdf5)(?=['"]+$)/i;
const SAVE_MODEL = new Set(['keras.models.save_model', 'keras.saving.save_model']);

/**
 * The `.keras` migration for `load_model("m.h5")` (rules.md §3.4): the literal's extension
 * becomes `.keras`, and each `X.save("m.h5")` / `keras.models.save_model(X, "m.h5")` of the same
 * path in this module is changed the same way (Keras picks the format from the extension). With
 * no such save here, a commented one-off conversion is inserted above the load.
 *
 * Offered only when the extension is written in a string at the call (`"m.h5"`, `f"{d}/m.h5"`,
 * the last part of `os.path.join` or `Path / "m.h5"`) and no matching save pins the format with
 * `save_format=` or keeps the extension in a name the fix cannot see.
 */
export function kerasFormatMigration(site: CallSite, ctx: RuleContext, file: Node): Fix[] {
  const literal = extensionLiteral(file);
  const pattern = pathPattern(file, ctx);
  if (!site.call || !literal || pattern === undefined) return [];
  const saves: Array<{ call: Node; literal: Node }> = [];
  const matching = savesByPattern(ctx).get(pattern) ?? [];
  if (matching.length > MAX_SAVES) return [];
  for (const save of matching) {
    // A save of this path that pins the format or hides the extension would keep writing HDF5.
    if (!save.literal) return [];
    saves.push({ call: save.call, literal: save.literal });
  }
  const edits: TextEdit[] = [
    replaceNode(literal, toKeras(literal.text)),
    ...saves.map((s) => replaceNode(s.literal, toKeras(s.literal.text))),
  ];
  const newPath = file.text.replace(literal.text, toKeras(literal.text));
  if (saves.length === 0) {
    edits.push(commentAbove(ctx, site.call, [
      'Files written before this change are legacy HDF5: convert each one once, after checking',
      'where it came from (loading it the old way can run code stored in it):',
      `  ${site.callee.text}(${file.text}).save(${newPath})`,
    ]));
  }
  const title =
    saves.length > 0
      ? `Migrate to the .keras format: load ${newPath} (and save it on line ${saves.map((s) => lineOf(s.call)).join(', ')})`
      : `Migrate to the .keras format: load ${newPath}, with a commented one-off conversion of existing files`;
  return [{ title, edits, preferred: false }];
}

/** The module's Keras saves by path pattern; `literal` unset when the fix cannot change the format. */
function savesByPattern(ctx: RuleContext): Map<string, Array<{ call: Node; literal?: Node }>> {
  return perModule(ctx, 'keras', () => {
    const found: Array<{ call: Node; literal?: Node; pattern: string }> = [];
    for (const save of [...callsNamed(ctx.index, 'save'), ...callsNamed(ctx.index, 'save_model')]) {
      const fn = save.childForFieldName('function');
      const path = fn ? ctx.index.resolve(fn)?.path : undefined;
      const isSaveModel = !!path && SAVE_MODEL.has(path);
      // A method `save` on a model the analysis cannot type (or a Keras one); torch.save, np.save are not Keras.
      const isMethod = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'save' && (path === undefined || path.startsWith('keras.'));
      if (!isSaveModel && !isMethod) continue;
      const args = plainArgs(save);
      const target = args && (args.keywords.get('filepath') ?? args.positional[isSaveModel ? 1 : 0]);
      const pattern = target && pathPattern(target, ctx);
      if (!args || !target || pattern === undefined) continue;
      found.push({ call: save, literal: args.keywords.has('save_format') ? undefined : extensionLiteral(target), pattern });
    }
    return groupBy(found, (s) => s.pattern);
  });
}

/** The string that ends the path and carries an extension `pattern` finds (`.h5`/`.hdf5` by default). */
export function extensionLiteral(node: Node, pattern: RegExp = LEGACY): Node | undefined {
  if (node.type === 'string') return pattern.test(node.text) ? node : undefined;
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
    const right = node.childForFieldName('right');
    return right ? extensionLiteral(right, pattern) : undefined;
  }
  if (node.type === 'call' && /(?:^|\.)(?:join|Path|PurePath)$/.test(node.childForFieldName('function')?.text ?? '')) {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const last = args[args.length - 1];
    return last && last.type !== 'keyword_argument' ? extensionLiteral(last, pattern) : undefined;
  }
  return undefined;
}

/** A path literal with its `.h5`/`.hdf5` extension replaced by `.keras`. */
export function toKeras(text: string): string {
  return text.replace(LEGACY, '.keras');
}
