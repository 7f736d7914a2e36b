import { truthiness } from '../analysis/constants';
import { removeArgument } from '../analysis/edits';
import { defineRule } from './defineRule';

/** `numpy.load` with a truthy `allow_pickle`: object arrays are unpickled. */
export const numpyLoadAllowPickle = defineRule({
  code: 'MLH109',
  name: 'numpy-load-allow-pickle',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'error',
  title: 'numpy.load with allow_pickle unpickles object arrays',
  nosec: ['B301'],
  calls: ['numpy.load'],
  check(site, ctx) {
    const arg = site.args.get('allow_pickle', 2);
    if (!arg && site.args.mayBeHidden(2)) {
      return {
        severity: 'information',
        message: `\`allow_pickle\` may come from the unpacked \`*\`/\`**\` arguments; if it is true, \`${site.callee.text}\` unpickles object arrays and runs any code they carry (CWE-502).`,
      };
    }
    if (!arg) return undefined;
    const truth = truthiness(ctx.fold(arg.value));
    if (truth === false) return undefined;
    // NOTE: a value from a dict defined elsewhere is reported on the call, where `# noqa` goes.
    const inCall = !!site.call && arg.value.startIndex >= site.call.startIndex && arg.value.endIndex <= site.call.endIndex;
    const node = arg.keyword ?? (inCall ? arg.value : undefined);
    const fixes = arg.keyword
      ? [{ title: 'Remove `allow_pickle` (numpy then refuses pickled object arrays)', edits: [removeArgument(arg.keyword, ctx.text)], preferred: true }]
      : [];
    if (truth === undefined) {
      return {
        severity: 'information',
        node,
        message: `\`allow_pickle\` cannot be resolved here; if it is true, \`${site.callee.text}\` unpickles object arrays and runs any code they carry (CWE-502).`,
        fixes,
      };
    }
    return {
      node,
      message: `\`${site.callee.text}\` with \`allow_pickle\` set unpickles object arrays, running any code they carry (CWE-502). Plain numeric arrays load without it.`,
      fixes,
    };
  },
});
