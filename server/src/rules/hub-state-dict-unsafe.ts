import { truthiness } from '../analysis/constants';
import { replaceNode, setKeyword } from '../analysis/edits';
import type { Fix } from '../analysis/types';
import { defineRule } from './defineRule';
import { provablyBelow26, torchConstraint } from './shared/torchVersion';

/**
 * `torch.hub.load_state_dict_from_url` as a loader: it passes its own `weights_only`, whose
 * default is False in every torch version, to `torch.load`. The download side is MLH2xx's.
 */
export const hubStateDictUnsafe = defineRule({
  code: 'MLH118',
  name: 'hub-state-dict-unsafe',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'torch.hub.load_state_dict_from_url unpickles the download without weights_only=True',
  nosec: [],
  noqa: [],
  calls: ['torch.hub.load_state_dict_from_url'],
  check(site, ctx) {
    const call = site.call;
    if (!call) return undefined;
    const name = `\`${site.callee.text}\``;
    const arg = site.args.get('weights_only', 6);
    const verdict = arg ? truthiness(ctx.fold(arg.value)) : undefined;
    if (verdict === true) {
      if (!provablyBelow26(ctx.project)) return undefined;
      const source = torchConstraint(ctx.project);
      return { message: `${name} relies on \`weights_only=True\`, which torch ≤ 2.5.1 (the project allows ${source}) can be made to bypass (CVE-2025-32434). Require torch ≥ 2.6.` };
    }
    const inline = arg && (!arg.fromSplat || (arg.value.startIndex > call.startIndex && arg.value.endIndex <= call.endIndex));
    const fixes: Fix[] = (arg ? !inline : site.args.mayBeHidden(6)) ? [] : [{
      title: 'Set `weights_only=True` (loads tensors and plain containers only)',
      edits: [arg ? replaceNode(arg.value, 'True') : setKeyword(call, 'weights_only', 'True', ctx.text)],
      preferred: true,
    }];
    const what = `downloads the file and unpickles it, running any code it carries (CWE-502)`;
    if (arg && verdict === false) return { severity: 'error', node: arg.keyword, fixes, message: `${name} with \`weights_only=False\` ${what}.` };
    if (arg) return { severity: 'information', fixes, message: `\`weights_only\` cannot be resolved here; unless it is True, ${name} ${what}.` };
    if (site.args.mayBeHidden(6)) return { severity: 'information', message: `\`weights_only\` may come from the unpacked \`*\`/\`**\` arguments; unless it is True, ${name} ${what}.` };
    return { fixes, message: `${name} defaults to \`weights_only=False\` (in every torch version, unlike \`torch.load\`): it ${what}.` };
  },
});
