import type { Node } from 'web-tree-sitter';

import { callsNamed } from '../../../analysis/callsNamed';
import { moduleReference, replaceNode } from '../../../analysis/edits';
import { parentOf } from '../../../analysis/parents';
import { scopeOf } from '../../../analysis/syntax';
import type { Fix, TextEdit } from '../../../analysis/types';
import type { RuleContext } from '../../defineRule';
import { commentAbove, lineOf, MAX_SAVES, openedPath, pathKey, plainArgs } from '../migrations/common';
import { extensionLiteral } from '../migrations/kerasFormat';
import { MODEL_ROOTS } from './saveApis';
import type { SaveSite } from './saveSite';

/** A plain name or attribute chain: what a sample input and a model may be written as. */
const PLAIN = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
/** The extension at the end of a path literal (`"models/m.joblib"`). */
const EXTENSION = /\.[A-Za-z0-9_]+(?=['"]+$)/;

/** Where the module's loads of a path are, for the note (the fix never rewrites them). */
export type LoadsOf = (key: string) => Node[];

/**
 * "Save as ONNX" for a scikit-learn model written with `joblib.dump(model, path)` or
 * `pickle.dump(model, f)`: `skl2onnx.to_onnx` needs a sample input, so the fix is offered only
 * where the same scope fits that model on a plain `X` (`model.fit(X, y)`,
 * `model = Pipeline(...).fit(X, y)`, `dump(Est().fit(X, y), ...)`); the sample is `X[:1]` as
 * float32 (float64 inputs make skl2onnx emit a ZipMap over doubles that onnxruntime refuses),
 * and a literal path's extension becomes `.onnx`. The loads of the file are never rewritten:
 * an InferenceSession is not a model (`predict` becomes `sess.run`), so a note above the save
 * says what else must change and names the loads of this module that still read the old file.
 */
export function toOnnx(save: SaveSite, ctx: RuleContext, lib: 'joblib' | 'pickle', loadsOf: LoadsOf): Fix[] {
  const imports = ctx.index.imports().map((i) => i.path.split('.')[0]);
  if (!imports.includes('sklearn')) return [];
  const args = plainArgs(save.call);
  const fileParam = lib === 'pickle' ? 'file' : 'filename';
  const obj = args?.positional[0] ?? args?.keywords.get(lib === 'pickle' ? 'obj' : 'value');
  const file = args?.positional[1] ?? args?.keywords.get(fileParam);
  const written = file && (openedPath(file, 'w', ctx) ?? (lib === 'joblib' ? file : undefined));
  // NOTE: joblib.dump returns the file names; a call whose value is used is not a plain save.
  if (!args || !obj || !file || !written || args.positional.length + args.keywords.size !== 2 || parentOf(save.call)?.type !== 'expression_statement') return [];
  if (!isScikitLearn(obj, ctx, imports)) return [];
  const sample = sampleInput(obj, save.call, ctx);
  if (!sample) return [];
  const key = pathKey(written, ctx);
  const loads = loadsOf(key);
  if (loads.length > MAX_SAVES) return [];
  const skl = moduleReference(ctx.index, 'skl2onnx', save.call);
  const onnx = moduleReference(ctx.index, 'onnx', save.call);
  const np = moduleReference(ctx.index, 'numpy', save.call);
  const literal = extensionLiteral(written, EXTENSION);
  const renamed = literal && !/\.onnx['"]+$/i.test(literal.text) ? literal.text.replace(EXTENSION, '.onnx') : undefined;
  let target = file.text;
  const edits: TextEdit[] = [...skl.edits, ...onnx.edits, ...np.edits];
  if (literal && renamed) {
    // The literal is inside the rewritten call (`joblib.dump(m, "m.joblib")`) or in the `with open(...)` above it.
    if (literal.startIndex >= file.startIndex && literal.endIndex <= file.endIndex) {
      target = file.text.slice(0, literal.startIndex - file.startIndex) + renamed + file.text.slice(literal.endIndex - file.startIndex);
    } else {
      edits.push(replaceNode(literal, renamed));
    }
  }
  const float32 = (x: string) => `${np.name}.asarray(${x}, dtype=${np.name}.float32)`;
  edits.push(replaceNode(save.call, `${onnx.name}.save_model(${skl.name}.to_onnx(${obj.text}, ${float32(`${sample.text}[:1]`)}), ${target})`));
  const path = renamed ? written.text.replace(literal!.text, renamed) : written.text;
  edits.push(commentAbove(ctx, save.call, [
    `This now writes ONNX (float32 inputs): read it with sess = onnxruntime.InferenceSession(${path})`,
    `and predict with sess.run(None, {sess.get_inputs()[0].name: ${float32('X')}})[0]`,
    `instead of ${lib}.load and .predict${loads.length ? ` (the ${lib}.load on line ${loads.map(lineOf).join(', ')} still needs changing)` : ' (check the code that reads this file elsewhere)'}.`,
    ...(literal ? [] : ['The file keeps the name it had: give it the .onnx extension.']),
  ]));
  return [{ title: `Save as ONNX (${skl.name}.to_onnx with ${sample.text}[:1] as the sample input${renamed ? `, to ${path}` : ''})`, edits, preferred: false }];
}

/**
 * Whether the saved object is a scikit-learn estimator as far as the module shows: its type
 * resolves to sklearn, or it is untyped and the module imports no other model library (whose
 * models skl2onnx cannot convert without converters registered for them).
 */
function isScikitLearn(obj: Node, ctx: RuleContext, imports: string[]): boolean {
  if (obj.type !== 'call' && !PLAIN.test(obj.text)) return false;
  const resolved = ctx.index.resolve(obj)?.path.split(/[.(]/)[0];
  if (resolved) return resolved === 'sklearn';
  return !imports.some((r) => r !== 'sklearn' && MODEL_ROOTS.has(r));
}

/**
 * The `X` the saved model was fitted on in the save's scope, before the save: the receiver of
 * `.fit(X, ...)` is the saved name, the saved name is assigned such a call, or the saved value
 * is the call itself. Undefined when there is none or `X` is not a plain name or attribute.
 */
function sampleInput(obj: Node, call: Node, ctx: RuleContext): Node | undefined {
  const fitted = (fit: Node): Node | undefined => {
    const a = plainArgs(fit);
    const x = a ? (a.positional[0] ?? a.keywords.get('X')) : undefined;
    return x && (x.type === 'identifier' || x.type === 'attribute') && PLAIN.test(x.text) ? x : undefined;
  };
  if (obj.type === 'call') return isFit(obj) ? fitted(obj) : undefined;
  const scope = scopeOf(call);
  let found: Node | undefined;
  for (const fit of callsNamed(ctx.index, 'fit')) {
    if (fit.startIndex >= call.startIndex) break;
    if (scopeOf(fit).id !== scope.id) continue;
    const receiver = fit.childForFieldName('function')?.childForFieldName('object');
    const up = parentOf(fit);
    const assigned = up?.type === 'assignment' ? up.childForFieldName('left')?.text : undefined;
    if (receiver?.text === obj.text || assigned === obj.text) found = fitted(fit) ?? found;
  }
  return found;
}

function isFit(call: Node): boolean {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'fit';
}
