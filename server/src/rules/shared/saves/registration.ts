import type { Node } from 'web-tree-sitter';

import { stringPattern } from '../../../analysis/constants';
import type { RuleContext } from '../../defineRule';
import { callsOfPaths, plainArgs } from '../migrations/common';
import { normalise, pathTemplate } from './pathTemplate';

/** The registration that names a save: the `register_model` call and the registry name. */
export interface Registration {
  call: Node;
  name: string;
}

interface Registered {
  call: Node;
  name: string;
  /** `runs:/*\/<artifact>` with the artifact path known. */
  artifact?: string;
  /** A local path (a `file://` URI's path, or a plain path) with no unknown part. */
  local?: string;
  /** The text of the one expression the URI interpolates or is (`path`, `f"file://{path}"`). */
  expression?: string;
  /** The `log_model` call whose `model_uri` the URI reads. */
  loggedBy?: number;
}

const LOG_ARTIFACT = ['mlflow.log_artifact', 'mlflow.log_artifacts'];
/** What the matching reads anywhere in the module: the save rules' `moduleReads`. */
export const REGISTRATION_READS = [...LOG_ARTIFACT.map((p) => p.slice(p.lastIndexOf('.') + 1)), 'get_artifact_uri'];
/** Calls a path is wrapped in on its way into a `file://` URI. */
const ABSOLUTE = /^(?:os\.path\.(?:abspath|realpath)|str|os\.fspath|(?:pathlib\.)?Path)\((.*)\)$|^(.*)\.(?:resolve|absolute)\(\)$/;

/** What a save wrote, as the registration matching sees it. */
export interface Written {
  call: Node;
  /** `log_model`: its artifact path. */
  artifact?: string;
  /** A file or folder save: the target expression and its folded template. */
  target?: Node;
  template?: string;
}

/**
 * A save registered by a later `mlflow.register_model(uri, name)` of the same module (rules.md
 * §3.5, catalog.md §8.4.2 step 2): the registry name counts as if the save had passed
 * `registered_model_name=`. Linked only when the URI folds to what the save wrote:
 * - `runs:/<run>/<artifact>` (or `mlflow.get_artifact_uri("<artifact>")`) where `<artifact>` is
 *   the `log_model` artifact path (`artifact_path=`, `name=`, second argument), or where a
 *   `mlflow.log_artifact(<saved file>, <folder>)` put the saved file (`<folder>` or
 *   `<folder>/<file name>`), or a `mlflow.log_artifacts(<saved folder>, <folder>)` its folder;
 * - the `save_model` folder itself, as a path or `file://` URI (equal folded paths with no
 *   unknown part, or the same expression interpolated);
 * - `<info>.model_uri` where `info = mlflow.<flavor>.log_model(...)` is the save.
 * A URI that cannot be folded (`runs:/{id}/{name}`, a parameter other than the save's own path)
 * links nothing; the first registration after the save that names it wins.
 */
export function laterRegistration(written: Written, ctx: RuleContext): Registration | undefined {
  const all = registrations(ctx);
  if (all.length === 0) return undefined;
  const after = all.filter((r) => r.call.startIndex > written.call.startIndex);
  if (after.length === 0) return undefined;
  const artifacts = new Set<string>();
  if (written.artifact !== undefined) artifacts.add(artifactPath(written.artifact));
  if (written.target) for (const a of loggedArtifacts(written, ctx)) artifacts.add(a);
  const local = written.template !== undefined && !written.template.includes('*') ? written.template : undefined;
  const expression = written.target ? compact(written.target.text) : undefined;
  const hit = after.find((r) =>
    (r.artifact !== undefined && artifacts.has(r.artifact)) ||
    (r.loggedBy !== undefined && r.loggedBy === written.call.id) ||
    (written.artifact === undefined && local !== undefined && r.local === local) ||
    (written.artifact === undefined && expression !== undefined && r.expression === expression));
  return hit && { call: hit.call, name: hit.name };
}

/** The module's `mlflow.register_model` calls with a known name, what their URI names; once per module. */
function registrations(ctx: RuleContext): Registered[] {
  return ctx.index.memo('save.registrations', () => {
    const out: Registered[] = [];
    for (const call of callsOfPaths(ctx, ['mlflow.register_model'])) {
      const a = plainArgs(call);
      const uri = a && (a.positional[0] ?? a.keywords.get('model_uri'));
      const nameNode = a && (a.positional[1] ?? a.keywords.get('name'));
      const name = nameNode && ctx.fold(nameNode);
      if (!uri || name?.kind !== 'str' || !name.value) continue;
      out.push({ call, name: name.value, ...uriTarget(uri, ctx) });
    }
    return out;
  });
}

function uriTarget(uri: Node, ctx: RuleContext): Omit<Registered, 'call' | 'name'> {
  // `info.model_uri` of `info = mlflow.sklearn.log_model(...)`.
  if (uri.type === 'attribute' && uri.childForFieldName('attribute')?.text === 'model_uri') {
    const object = uri.childForFieldName('object');
    const found = object?.type === 'identifier' ? ctx.index.bindingFor(object.text, object) : undefined;
    const value = found?.certain && found.binding.kind === 'assignment' ? found.binding.value : undefined;
    return value?.type === 'call' ? { loggedBy: value.id } : {};
  }
  // `mlflow.get_artifact_uri("model")`: the active run's artifact.
  if (uri.type === 'call' && ctx.index.resolve(uri.childForFieldName('function')!)?.path === 'mlflow.get_artifact_uri') {
    const arg = plainArgs(uri)?.positional[0];
    const artifact = arg && stringPattern(ctx.fold(arg));
    return artifact !== undefined && !artifact.includes('*') ? { artifact: artifactPath(artifact) } : {};
  }
  const pattern = stringPattern(ctx.fold(uri));
  const runs = pattern && /^runs:\/[^/]*\/(.+)$/.exec(pattern);
  if (runs) return runs[1].includes('*') ? {} : { artifact: artifactPath(runs[1]) };
  const expression = interpolated(uri);
  if (pattern === undefined || /^[a-z][a-z0-9+.-]*:/i.test(pattern) && !pattern.startsWith('file:')) return expression ? { expression } : {};
  const local = normalise(pattern.replace(/^file:(?:\/\/)?/, ''));
  return { ...(local && !local.includes('*') ? { local } : {}), ...(expression ? { expression } : {}) };
}

/** The one expression a URI is or interpolates (`path`, `f"file://{os.path.abspath(path)}"` → `path`). */
function interpolated(uri: Node): string | undefined {
  let inner: string | undefined = uri.text;
  if (uri.type === 'string') {
    const holes = uri.namedChildren.filter((c) => c?.type === 'interpolation');
    const prefix = uri.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
    if (holes.length !== 1 || !/^(?:file:(?:\/\/)?)?$/.test(prefix) || !holes[0]!.namedChildren[0]) return undefined;
    inner = holes[0]!.namedChildren[0]!.text;
  }
  for (let i = 0; inner && i < 3; i++) {
    const m = ABSOLUTE.exec(compact(inner));
    if (!m) break;
    inner = m[1] ?? m[2];
  }
  return inner && compact(inner);
}

interface Logged {
  call: Node;
  local: Node;
  /** The local path folded, when it has no unknown part. */
  template?: string;
  /** The run artifact folder ('' for the root). */
  folder: string;
  /** `log_artifacts`: a folder's contents. */
  dir: boolean;
}

/** The module's `mlflow.log_artifact(s)` calls with a known artifact folder, once per module. */
function logged(ctx: RuleContext): Logged[] {
  return ctx.index.memo('save.logArtifacts', () => {
    const out: Logged[] = [];
    for (const call of callsOfPaths(ctx, LOG_ARTIFACT)) {
      const a = plainArgs(call);
      const local = a && (a.positional[0] ?? a.keywords.get('local_path') ?? a.keywords.get('local_dir'));
      if (!a || !local) continue;
      const folderNode = a.positional[1] ?? a.keywords.get('artifact_path');
      const folder = folderNode ? stringPattern(ctx.fold(folderNode)) : '';
      if (folder === undefined || folder.includes('*')) continue;
      const template = pathTemplate(local, ctx);
      const dir = ctx.index.resolve(call.childForFieldName('function')!)?.path === 'mlflow.log_artifacts';
      out.push({ call, local, template: template?.includes('*') ? undefined : template, folder: artifactPath(folder), dir });
    }
    return out;
  });
}

/** Where `mlflow.log_artifact(s)` calls after the save put what it wrote, as run artifact paths. */
function loggedArtifacts(written: Written, ctx: RuleContext): string[] {
  const target = written.target!;
  const out: string[] = [];
  for (const log of logged(ctx)) {
    if (log.call.startIndex < written.call.startIndex) continue;
    const same = compact(log.local.text) === compact(target.text) || (log.template !== undefined && log.template === written.template);
    if (same && !log.dir) {
      const file = (written.template ?? '').split('/').pop();
      if (log.folder) out.push(log.folder);
      if (file && !file.includes('*')) out.push(artifactPath(log.folder ? `${log.folder}/${file}` : file));
    } else if (log.dir && log.folder && (same || inside(target, log.local) || (log.template !== undefined && written.template?.startsWith(`${log.template}/`)))) {
      out.push(log.folder);
    }
  }
  return out;
}

/** Whether a path expression starts with a folder expression: `d / "m.pt"`, `os.path.join(d, ...)`, `f"{d}/m.pt"`. */
function inside(target: Node, folder: Node): boolean {
  const dir = compact(folder.text);
  if (target.type === 'binary_operator' && target.childForFieldName('operator')?.text === '/') {
    const left = target.childForFieldName('left');
    return !!left && (compact(left.text) === dir || inside(left, folder));
  }
  if (target.type === 'call' && /(?:^|\.)(?:join|Path)$/.test(target.childForFieldName('function')?.text ?? '')) {
    const first = plainArgs(target)?.positional[0];
    return !!first && compact(first.text) === dir;
  }
  const text = compact(target.text);
  return target.type === 'string' && /^f["']/i.test(text) && text.slice(2).startsWith(`{${dir}}/`);
}

function artifactPath(p: string): string {
  return normalise(p).replace(/^\/+/, '');
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
