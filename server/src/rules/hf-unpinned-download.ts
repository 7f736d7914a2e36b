import { defineRule, type Draft } from './defineRule';
import { constantRef, HF_CALLS, HF_METHODS, HF_PACKAGES, hubLoad, PLACEHOLDER, revisionVerdict, trustedRepo } from './shared/huggingFace';
import { pinRevisionFixes } from './shared/pinFixes';

/** A Hugging Face Hub download not pinned to a 40-hex commit. */
export const hfUnpinnedDownload = defineRule({
  code: 'MLH201',
  name: 'hf-unpinned-download',
  family: 'download',
  cwe: 494,
  defaultSeverity: 'warning',
  title: 'Hugging Face Hub download not pinned to a commit SHA',
  nosec: ['B615'],
  calls: HF_CALLS,
  methods: HF_METHODS,
  methodReceivers: [...HF_PACKAGES],
  check(site, ctx) {
    const call = site.call;
    if (!call) return undefined;
    const load = hubLoad(site, ctx);
    if (!load) return undefined;
    const name = `\`${site.callee.text}\``;
    const verdict = revisionVerdict(load, ctx);
    if (verdict === 'pinned') return undefined;
    if (trustedRepo(load, ctx)) return undefined;
    const rev = load.revision;
    // The ref the load follows today, whose cached commit a fix can pin (`main` for the placeholder).
    const fixes = pinRevisionFixes(site, load, ctx, verdict === 'mutable' ? constantRef(load, ctx) : verdict === 'placeholder' ? 'main' : undefined);
    const draft = (severity: Draft['severity'], message: string): Draft => ({
      severity,
      message,
      fixes,
      node: rev?.keyword && verdict !== 'missing' ? rev.keyword : undefined,
    });
    const what = `${name} downloads from the Hugging Face Hub`;
    const pin = 'pin it to a full 40-hex commit SHA (CWE-494).';
    switch (verdict) {
      case 'short':
        return draft('information', `${what} at a short hex ref that may be a branch or tag name; ${pin}`);
      case 'unknown':
        return draft('information', `${what} at a revision that cannot be resolved here; unless it is a 40-hex commit SHA, the files can change under you: ${pin}`);
      case 'placeholder':
        return draft('warning', `${what}: the revision is still the "${PLACEHOLDER}" placeholder; ${pin}`);
      case 'mutable':
        return draft('warning', `${what} at a mutable ref (a branch, tag or pull-request ref): whoever controls the repository can change what it serves; ${pin}`);
      default:
        if (!load.repo && site.args.hasOpenKwargs) {
          return draft('information', `${what} with arguments that cannot be resolved here; unless \`revision\` is a 40-hex commit SHA, ${pin}`);
        }
        return draft('warning', `${what} without \`revision\`: it fetches whatever \`main\` holds today; ${pin}`);
    }
  },
});
