import { truthiness } from '../analysis/constants';
import { removeArgument, replaceNode, setKeyword } from '../analysis/edits';
import { trustedSource } from '../analysis/trustedSources';
import type { TextEdit } from '../analysis/types';
import { defineRule, type Draft } from './defineRule';
import { PLACEHOLDER, refVerdict } from './shared/huggingFace';

/** Where each function takes its repository, `skip_validation` and `trust_repo` (keyword-only for `load`). */
const PARAMS: Record<string, { repo: [string, number]; skip?: number; trust?: number }> = {
  'torch.hub.load': { repo: ['repo_or_dir', 0] },
  'torch.hub.list': { repo: ['github', 0], skip: 2, trust: 3 },
  'torch.hub.help': { repo: ['github', 0], skip: 3, trust: 4 },
};

/** `owner/name[:ref]`, as torch.hub parses it. */
const GITHUB_REPO = /^([\w.-]+)\/([\w.-]+)(?::(.*))?$/;

/**
 * `torch.hub.load` (and `list`, `help`) download a GitHub repository and import its `hubconf.py`:
 * remote code by design, safe only from a vetted local directory or a commit.
 */
export const torchHubLoad = defineRule({
  code: 'MLH204',
  name: 'torch-hub-load',
  family: 'download',
  cwe: 94,
  defaultSeverity: 'warning',
  title: 'torch.hub.load runs hubconf.py from a GitHub ref that is not a pinned commit',
  calls: Object.keys(PARAMS),
  check(site, ctx) {
    const call = site.call;
    const params = PARAMS[site.path];
    if (!call || !params) return undefined;
    const name = `\`${site.callee.text}\``;
    const source = site.path === 'torch.hub.load' ? site.args.get('source') : undefined;
    const sourceValue = source && ctx.fold(source.value);
    if (sourceValue?.kind === 'str' && sourceValue.value === 'local') return undefined;
    const trust = site.args.get('trust_repo', params.trust);
    const skip = site.args.get('skip_validation', params.skip);
    const trustValue = trust && ctx.fold(trust.value);
    // NOTE: only `True` skips the prompt; "check" and False ask for untrusted repositories.
    const trusting = trustValue?.kind === 'bool' && trustValue.value;
    const skipping = skip && truthiness(ctx.fold(skip.value)) === true;
    const repo = site.args.get(...params.repo);
    const repoValue = repo && ctx.fold(repo.value);
    const parsed = repoValue?.kind === 'str' ? GITHUB_REPO.exec(repoValue.value) : null;
    const verdict = parsed ? (parsed[3] === undefined ? 'missing' : refVerdict(parsed[3])) : 'unknown';
    const runs = `${name} imports the repository's \`hubconf.py\`, running its code (CWE-94)`;
    const validation = '`skip_validation=True` also lets a commit from any fork be served under the owner\'s name';
    if (verdict === 'pinned' || (parsed && trustedSource(ctx.project, { url: `https://github.com/${parsed[1]}/${parsed[2]}` }))) {
      if (!skipping) return undefined;
      const fixes = skip.keyword ? [{ title: 'Remove `skip_validation=True` (torch checks the ref belongs to the repository)', edits: [removeArgument(skip.keyword, ctx.text)], preferred: true }] : [];
      return { severity: 'warning', node: skip.keyword, fixes, message: `${runs}; ${validation}. Remove it.` };
    }
    if (sourceValue && sourceValue.kind !== 'str') {
      return { severity: 'information', message: `\`source\` cannot be resolved here; unless it is "local", ${runs} from GitHub. Pin the ref after \`:\` to a 40-hex commit.` };
    }
    const escalations = [trusting ? '`trust_repo=True` skips the prompt that asks whether to trust it' : '', skipping ? validation : ''].filter(Boolean).join('; ');
    const pin = 'Pin it to a 40-hex commit (`owner/repo:<sha>`) and set `trust_repo="check"`.';
    const fixes = pinFix();
    const draft = (severity: Draft['severity'], what: string): Draft => ({
      severity: escalations ? (severity === 'information' ? 'warning' : 'error') : severity,
      fixes,
      message: `${runs}, ${what}${escalations ? `; ${escalations}` : ''}. ${pin}`,
    });
    switch (verdict) {
      case 'missing':
        return draft('warning', 'from the default branch: whoever controls the repository decides what runs');
      case 'mutable':
        return draft('warning', `from \`${parsed![3]}\`, a branch or tag that can change`);
      case 'placeholder':
        return draft('warning', `and the ref is still the "${PLACEHOLDER}" placeholder`);
      case 'short':
        return draft('information', 'from a short hex ref that may be a branch or tag name');
      default:
        return draft('information', 'from a repository or ref that cannot be resolved here');
    }

    /** Pin the literal repository to a commit placeholder, set `trust_repo="check"`, drop `skip_validation=True`. */
    function pinFix() {
      if (!parsed || !repo || repo.fromSplat || repo.value.type !== 'string' || trust?.fromSplat || skip?.fromSplat) return [];
      const quote = /["']/.exec(repo.value.text)?.[0] ?? '"';
      const edits: TextEdit[] = [replaceNode(repo.value, `${quote}${parsed[1]}/${parsed[2]}:${PLACEHOLDER}${quote}`)];
      const check = '"check"';
      if (skip && truthiness(ctx.fold(skip.value)) !== false) {
        // NOTE: one edit per argument, so an appended keyword never touches a removed one.
        if (skip.keyword && !trust) edits.push(replaceNode(skip.keyword, `trust_repo=${check}`));
        else edits.push(replaceNode(skip.value, 'False'));
      }
      if (trust) edits.push(replaceNode(trust.value, check));
      else if (!edits.some((e) => e.newText.startsWith('trust_repo'))) edits.push(setKeyword(call!, 'trust_repo', check, ctx.text));
      return [{ title: `Pin to a commit (${parsed[1]}/${parsed[2]}:${PLACEHOLDER}, a placeholder) and set trust_repo="check"`, edits, preferred: false }];
    }
  },
});
