import type { Node } from 'web-tree-sitter';

import { CallArgs } from '../analysis/callArgs';
import { defineRule, type RuleContext } from './defineRule';
import { remoteSource } from './shared/remoteSource';

const CTOR = 'torch.package.PackageImporter';

/**
 * `torch.package.PackageImporter(...)` and its `load_pickle`: a package archive carries Python
 * source and pickles, and loading from it runs them. The constructor is not reported separately
 * when it is the receiver of `.load_pickle` in the same expression.
 */
export const torchPackageImporter = defineRule({
  code: 'MLH113',
  name: 'torch-package-importer',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'torch.package archives carry code that loading runs',
  nosec: [],
  noqa: [],
  calls: [CTOR, `${CTOR}().load_pickle`],
  check(site, ctx) {
    const call = site.call;
    if (!call) return undefined;
    const name = `\`${site.callee.text}\``;
    const ctor = site.path === CTOR ? call : constructorOf(site.callee, ctx);
    if (site.path === CTOR && call.parent?.type === 'attribute' && call.parent.childForFieldName('attribute')?.text === 'load_pickle') return undefined;
    const remote = ctor && remoteSource({ ...site, args: new CallArgs(ctor.childForFieldName('arguments'), ctx.index) }, ctx, 'file_or_buffer');
    const what = site.path === CTOR
      ? `${name} opens a torch.package archive; its \`load_pickle\` and \`import_module\` run the code the archive carries`
      : `${name} unpickles an object from a torch.package archive and imports the archive's own modules to rebuild it, running any code they carry`;
    if (remote) return { severity: 'error', message: `${what}, and the archive comes from ${remote} (CWE-502).` };
    return { message: `${what} (CWE-502). Open only archives you built, or exchange weights as safetensors.` };
  },
});

/** The `PackageImporter(...)` call behind `X.load_pickle`: X itself, or the value a name was bound to. */
function constructorOf(callee: Node, ctx: RuleContext): Node | undefined {
  let object = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (object?.type === 'identifier') {
    const found = ctx.index.bindingFor(object.text, object);
    object = found?.binding.kind === 'assignment' ? (found.binding.value ?? null) : null;
  }
  return object?.type === 'call' ? object : undefined;
}
