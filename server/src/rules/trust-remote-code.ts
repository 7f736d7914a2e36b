import { fold, truthiness } from '../analysis/constants';
import { removeArgument } from '../analysis/edits';
import type { Fix } from '../analysis/types';
import { defineRule } from './defineRule';
import { HF_CALLS, HF_METHODS, HF_PACKAGES, hubLoad, refVerdict, revisionVerdict } from './shared/huggingFace';

/** `trust_remote_code=True`: the repository's Python runs on load. */
export const trustRemoteCode = defineRule({
  code: 'MLH202',
  name: 'trust-remote-code',
  family: 'download',
  cwe: 94,
  defaultSeverity: 'error',
  title: 'trust_remote_code=True runs Python code from the model repository',
  calls: HF_CALLS,
  methods: HF_METHODS,
  methodReceivers: [...HF_PACKAGES],
  check(site, ctx) {
    const call = site.call;
    const trust = site.args.get('trust_remote_code');
    if (!call || !trust) return undefined;
    const load = hubLoad(site, ctx);
    if (!load) return undefined;
    const value = truthiness(ctx.fold(trust.value));
    if (value === false) return undefined;
    const name = `\`${site.callee.text}\``;
    const inline = !trust.fromSplat && trust.keyword;
    const fixes: Fix[] = inline
      ? [{ title: 'Remove `trust_remote_code=True` (load only architectures the library ships)', edits: [removeArgument(trust.keyword!, ctx.text)], preferred: true }]
      : [];
    const node = inline ? trust.keyword : undefined;
    if (value === undefined) {
      return { severity: 'information', node, fixes, message: `\`trust_remote_code\` cannot be resolved here; if it is True, ${name} runs Python code from the model repository (CWE-94).` };
    }
    const codeRev = site.args.get('code_revision');
    const codeVerdict = codeRev ? refVerdict(fold(codeRev.value, ctx.index)) : undefined;
    const base = `${name} with \`trust_remote_code=True\` runs Python code from the model repository on load (CWE-94)`;
    if (codeVerdict && codeVerdict !== 'pinned') {
      return { severity: 'error', node, fixes, message: `${base}, and \`code_revision\` is not a 40-hex commit SHA: the code comes from a ref that can change. Pin \`code_revision\` or remove \`trust_remote_code\`.` };
    }
    if (revisionVerdict(load, ctx) === 'pinned') {
      return { severity: 'warning', node, fixes, message: `${base}. The revision is pinned to a commit: review that code, or remove \`trust_remote_code\`.` };
    }
    return { severity: 'error', node, fixes, message: `${base}, from a revision not pinned to a 40-hex commit SHA: whoever controls the repository decides what runs. Remove it, or pin \`revision\` and review the code.` };
  },
});
