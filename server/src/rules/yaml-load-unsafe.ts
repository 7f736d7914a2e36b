import { moduleReference, removeArgument, replaceNode } from '../analysis/edits';
import { defineRule } from './defineRule';

const SAFE_LOADERS = new Set(['yaml.SafeLoader', 'yaml.CSafeLoader', 'yaml.BaseLoader', 'yaml.CBaseLoader']);
const UNSAFE_LOADERS = new Set(['yaml.Loader', 'yaml.UnsafeLoader', 'yaml.CLoader', 'yaml.CUnsafeLoader']);
const FULL_LOADERS = new Set(['yaml.FullLoader', 'yaml.CFullLoader']);

/** PyYAML loading that can construct arbitrary Python objects. */
export const yamlLoadUnsafe = defineRule({
  code: 'MLH111',
  name: 'yaml-load-unsafe',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'yaml.load without a safe Loader can construct arbitrary objects',
  nosec: ['B506'],
  noqa: ['S506'],
  calls: ['yaml.load', 'yaml.load_all', 'yaml.full_load', 'yaml.full_load_all', 'yaml.unsafe_load', 'yaml.unsafe_load_all'],
  check(site, ctx) {
    const call = site.call;
    if (!call) return undefined;
    const name = `\`${site.callee.text}\``;
    const all = site.path.endsWith('_all');
    const loaderArg = site.path.startsWith('yaml.load') ? site.args.get('Loader', 1) : undefined;
    const loader = loaderArg && ctx.index.resolve(loaderArg.value);
    if (loader && SAFE_LOADERS.has(loader.path)) return undefined;

    const yaml = moduleReference(ctx.index, 'yaml', call);
    const safe = `${yaml.name}.safe_load${all ? '_all' : ''}`;
    const edits = [replaceNode(site.callee, safe), ...yaml.edits];
    if (loaderArg) edits.push(removeArgument(loaderArg.keyword ?? loaderArg.value, ctx.text));
    const fixes = [{ title: `Use \`${safe}\``, edits, preferred: true }];
    const risk = 'can construct arbitrary Python objects and run code (CWE-502)';

    if (site.path.includes('unsafe_load') || (loader && UNSAFE_LOADERS.has(loader.path))) {
      return { severity: 'error', message: `${name} with an unsafe loader ${risk}.`, fixes };
    }
    if (site.path.includes('full_load') || (loader && FULL_LOADERS.has(loader.path))) {
      return { message: `${name} uses FullLoader, which is not meant for untrusted input and ${risk} on PyYAML < 5.4 (CVE-2020-14343).`, fixes };
    }
    if (loaderArg) {
      return { severity: 'information', message: `The Loader of ${name} cannot be resolved to a safe loader; unless it is SafeLoader-based, it ${risk}.`, fixes };
    }
    return { message: `${name} without a Loader uses FullLoader on PyYAML < 6 (and fails on 6+); it ${risk}.`, fixes };
  },
});
