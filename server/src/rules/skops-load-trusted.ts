import { defineRule } from './defineRule';

/**
 * `skops.io.load` / `loads` with `trusted=True` (the older skops API): every type in the file is
 * trusted, which makes skops as unsafe as pickle. An explicit list of types is the safe form.
 */
export const skopsLoadTrusted = defineRule({
  code: 'MLH116',
  name: 'skops-load-trusted',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'skops.io.load with trusted=True trusts every type in the file',
  nosec: [],
  noqa: [],
  calls: ['skops.io.load', 'skops.io.loads'],
  check(site, ctx) {
    const name = `\`${site.callee.text}\``;
    const arg = site.args.get('trusted', 1);
    if (!arg) {
      if (!site.args.mayBeHidden(1)) return undefined;
      return { severity: 'information', message: `\`trusted\` may come from the unpacked \`*\`/\`**\` arguments; if it is True, ${name} trusts every type in the file (CWE-502).` };
    }
    const value = ctx.fold(arg.value);
    const node = arg.keyword ?? (site.call && arg.value.startIndex > site.call.startIndex && arg.value.endIndex <= site.call.endIndex ? arg.value : undefined);
    if (value.kind === 'bool' && value.value) {
      return {
        node,
        message: `${name} with \`trusted=True\` trusts every type the file names, so loading it can call any function, as pickle does (CWE-502). Pass the list of types you reviewed: \`trusted=get_untrusted_types(file=...)\` after checking it, or an explicit list.`,
      };
    }
    if (value.kind === 'sequence' || value.kind === 'none' || value.kind === 'bool') return undefined;
    const fn = arg.value.type === 'call' ? arg.value.childForFieldName('function') : null;
    if (fn && ctx.index.resolve(fn)?.path === 'skops.io.get_untrusted_types') {
      return { severity: 'information', node, message: `${name} trusts every type the file itself lists (\`${fn.text}(...)\`), which is \`trusted=True\` in effect unless that list is reviewed (CWE-502). Write the reviewed types out as a list.` };
    }
    return { severity: 'information', node, message: `\`trusted\` cannot be resolved here; if it is True, ${name} trusts every type in the file (CWE-502). An explicit list of reviewed types is safe.` };
  },
});
