import { fold, truthiness } from '../analysis/constants';
import { removeArgument, replaceNode } from '../analysis/edits';
import type { Fix } from '../analysis/types';
import { defineRule } from './defineRule';
import { constantRef, HF_CALLS, HF_METHODS, HF_PACKAGES, hubLoad, PLACEHOLDER, refVerdict, revisionVerdict } from './shared/huggingFace';
import { pinCodeRevisionFix, pinRevisionFixes } from './shared/pinFixes';

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
    if (codeRev && (codeVerdict === 'mutable' || codeVerdict === 'placeholder')) {
      const ref = codeVerdict === 'mutable' ? fold(codeRev.value, ctx.index) : undefined;
      const cached = !codeRev.fromSplat && ref?.kind === 'str' ? pinCodeRevisionFix(site, load, ctx, codeRev.value, ref.value) : undefined;
      const pinCode: Fix[] = codeRev.fromSplat
        ? []
        : [...(cached ? [cached] : []), { title: `Replace code_revision with "${PLACEHOLDER}" (a placeholder: replace it with the full 40-hex commit SHA)`, edits: [replaceNode(codeRev.value, `"${PLACEHOLDER}"`)], preferred: false }];
      const why = codeVerdict === 'placeholder' ? `\`code_revision\` is still the "${PLACEHOLDER}" placeholder` : '`code_revision` is a mutable ref (a branch or tag)';
      return { severity: 'error', node, fixes: [...fixes, ...pinCode], message: `${base}, and ${why}: the code comes from a ref that can change, whatever \`revision\` is. Pin \`code_revision\` to a 40-hex commit or remove \`trust_remote_code\`.` };
    }
    const verdict = revisionVerdict(load, ctx);
    if (verdict === 'pinned' && codeRev && codeVerdict !== 'pinned') {
      return { severity: 'warning', node, fixes, message: `${base}. The revision is pinned, but \`code_revision\` cannot be proven a 40-hex commit here: review the code, pin \`code_revision\`, or remove \`trust_remote_code\`.` };
    }
    if (verdict === 'pinned') {
      const other = codeRev ? '' : ' (when the configuration\'s `auto_map` names another repository, its code comes from that repository\'s `main` unless `code_revision` is pinned too)';
      return { severity: 'warning', node, fixes, message: `${base}. The revision is pinned to a commit${other}: review that code, or remove \`trust_remote_code\`.` };
    }
    // NOTE: MLH201 offers the same pins on the call; here they are the alternative to removing remote code.
    const pins = pinRevisionFixes(site, load, ctx, verdict === 'mutable' ? constantRef(load, ctx) : verdict === 'placeholder' ? 'main' : undefined);
    return { severity: 'error', node, fixes: [...fixes, ...pins], message: `${base}, from a revision not pinned to a 40-hex commit SHA: whoever controls the repository decides what runs. Remove it, or pin \`revision\` and review the code.` };
  },
});
