import { truthiness } from '../analysis/constants';
import { replaceNode, setKeyword } from '../analysis/edits';
import { provablyAtLeast } from '../analysis/project';
import type { Fix } from '../analysis/types';
import { defineRule, type Draft, type RuleContext } from './defineRule';
import { safetensorsMigration } from './shared/migrations/safetensors';
import { remoteSource } from './shared/remoteSource';
import { provablyBelow26, torchConstraint } from './shared/torchVersion';

const FORCE_UNSAFE = /TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD['"]\s*[\],]\s*=?\s*['"]?(?:1|true|True)/;
/** Whether a module sets the override, looked up once per analysis rather than once per call. */
function setsForceUnsafe(ctx: RuleContext): boolean {
  return ctx.index.memo('torch.forceUnsafe', () => FORCE_UNSAFE.test(ctx.text));
}

/** `torch.load` / `torch.serialization.load` that may unpickle: `weights_only` not provably True. */
export const torchLoadUnsafe = defineRule({
  code: 'MLH110',
  name: 'torch-load-unsafe',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'torch.load without weights_only=True unpickles the checkpoint',
  nosec: ['B614'],
  noqa: ['TOR102'],
  calls: ['torch.load'],
  check(site, ctx) {
    const call = site.call;
    if (!call) return undefined;
    const name = `\`${site.callee.text}\``;
    const weightsOnly = site.args.get('weights_only');
    const pickleModule = site.args.get('pickle_module', 2);
    const inlineValue = weightsOnly && (!weightsOnly.fromSplat || weightsOnly.value.startIndex > call.startIndex);
    const fix: Fix[] =
      pickleModule || (!weightsOnly && site.args.hasOpenKwargs) || (weightsOnly && !inlineValue)
        ? []
        : [{
            title: 'Set `weights_only=True` (loads tensors and plain containers only)',
            edits: [weightsOnly ? replaceNode(weightsOnly.value, 'True') : setKeyword(call, 'weights_only', 'True', ctx.text)],
            preferred: true,
          }];
    const remote = remoteSource(site, ctx);
    const verdict = weightsOnly ? truthiness(ctx.fold(weightsOnly.value)) : undefined;
    if (verdict === true) {
      if (!provablyBelow26(ctx.project)) return undefined;
      const source = torchConstraint(ctx.project);
      return {
        message: `${name} relies on \`weights_only=True\`, which torch ≤ 2.5.1 (the project allows ${source}) can be made to bypass (CVE-2025-32434). Require torch ≥ 2.6.`,
      };
    }
    // NOTE: the safetensors migration follows the preferred weights_only fix; never for remote bytes.
    const fixes = remote ? fix : [...fix, ...safetensorsMigration(site, ctx)];
    const draft = (severity: Draft['severity'], message: string): Draft => ({
      severity: remote ? 'error' : severity,
      message: remote ? `${name} unpickles bytes fetched from ${remote}: ${message}` : message,
      fixes,
      node: weightsOnly && verdict === false && weightsOnly.keyword ? weightsOnly.keyword : undefined,
    });
    if (weightsOnly && verdict === false) {
      const fallback = isFallbackAfterSafeLoad(call);
      return draft('error', `${name} with \`weights_only=False\` unpickles the checkpoint and runs any code it carries (CWE-502).${fallback ? ' This is the fallback of a safe load in the `try` above: it undoes `weights_only=True` for exactly the files that fail it.' : ''}`);
    }
    if (weightsOnly) return draft('information', `\`weights_only\` cannot be resolved here; unless it is True, ${name} unpickles the checkpoint and runs any code it carries (CWE-502).`);
    if (pickleModule) return draft('warning', `${name} with \`pickle_module=\` always unpickles with that module (no weights-only mode) and runs any code the checkpoint carries (CWE-502).`);
    if (site.args.hasOpenKwargs) return draft('information', `\`weights_only\` may come from the unpacked \`**\` arguments; unless it is True, ${name} unpickles the checkpoint (CWE-502).`);
    if (setsForceUnsafe(ctx)) return draft('warning', `${name} without \`weights_only=True\` unpickles the checkpoint: this file sets TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD, which turns the safe default off (CWE-502).`);
    if (provablyAtLeast(ctx.project, 'torch', '2.6')) {
      const source = torchConstraint(ctx.project);
      return draft('information', `${name} relies on the torch ≥ 2.6 default \`weights_only=True\` (${source}); say \`weights_only=True\` so an older torch or an environment override cannot turn it off.`);
    }
    return draft('warning', `${name} without \`weights_only=True\` unpickles the checkpoint on torch < 2.6 (the default then) and runs any code it carries (CWE-502).`);
  },
});

/** True for the `except` branch of `try: torch.load(..., weights_only=True)`. */
function isFallbackAfterSafeLoad(call: import('web-tree-sitter').Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'except_clause') continue;
    const body = p.parent?.childForFieldName('body');
    return !!body && /weights_only\s*=\s*True/.test(body.text);
  }
  return false;
}
