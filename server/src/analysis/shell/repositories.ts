import type { Pin, ShellDownload, ToolInput } from './downloads';
import type { Invocation } from './invocations';
import { modelRepoUrl, pinOf, transportOf } from './modelFiles';
import { type OptionSpec, parseArgs, valuesOf } from './options';
import { type Word, wordPattern, wordText } from './words';

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const HUB_CLI: OptionSpec = {
  values: set('--repo-type --revision --cache-dir --local-dir --token --local-dir-use-symlinks --max-workers --type'),
  lists: set('--include --exclude'),
};

const GIT_GLOBAL = /^(?:-C|-c|--git-dir|--work-tree|--namespace|--exec-path|--config-env)$/;
const CLONE: OptionSpec = {
  values: set(`-b --branch -o --origin -c --config --depth --reference --reference-if-able --separate-git-dir --filter -j --jobs
    --template -u --upload-pack --shallow-since --shallow-exclude --server-option --bundle-uri --revision`),
};

/** `huggingface-cli download REPO [FILES] [--revision R]` and `hf download ...`. */
export function hubCliDownload(input: ToolInput): ShellDownload[] {
  const { inv } = input;
  if ((inv.program !== 'huggingface-cli' && inv.program !== 'hf') || wordText(inv.args[0]) !== 'download') return [];
  const args = parseArgs(inv.args.slice(1), HUB_CLI, input.raw);
  const repo = args.positionals[0];
  if (!repo) return [];
  const revision = valuesOf(args, '--revision').pop();
  const type = wordPattern(valuesOf(args, '--repo-type', '--type').pop() ?? { start: 0, end: 0, parts: ['model'] });
  const pin: Pin = revision ? pinOf(wordPattern(revision)) : inv.command.open ? 'unknown' : 'missing';
  const at: Word = revision && pin !== 'pinned' ? revision : repo;
  const local = valuesOf(args, '--local-dir').pop();
  return [{
    tool: `${inv.program} download`,
    kind: 'hub-cli',
    start: at.start,
    end: at.end,
    source: wordPattern(repo),
    destination: local && wordPattern(local),
    hub: { repo: wordPattern(repo), type: type === 'dataset' ? 'dataset' : type === 'space' ? 'space' : 'model' },
    revision: revision && wordPattern(revision),
    pin,
    transport: 'secure',
    verified: input.verified,
  }];
}

/** The index after git's global options (`git -C dir clone`), where the subcommand is. */
function gitSubcommand(args: Word[]): number {
  let i = 0;
  while (i < args.length && (wordText(args[i]) ?? '').startsWith('-')) i += GIT_GLOBAL.test(wordText(args[i]) ?? '') ? 2 : 1;
  return i;
}

/** The ref a `git checkout <ref>`, `git switch --detach <ref>` or `git reset --hard <ref>` moves to. */
function checkoutRef(inv: Invocation): Word | undefined {
  if (inv.program !== 'git') return undefined;
  const at = gitSubcommand(inv.args);
  const sub = wordText(inv.args[at]);
  if (sub !== 'checkout' && sub !== 'switch' && sub !== 'reset') return undefined;
  const rest = inv.args.slice(at + 1);
  if (sub === 'switch' && !rest.some((w) => /^(?:--detach|-d)$/.test(wordText(w) ?? ''))) return undefined;
  const dashes = rest.findIndex((w) => wordText(w) === '--');
  const refs = (dashes >= 0 ? rest.slice(0, dashes) : rest).filter((w) => !wordPattern(w).startsWith('-'));
  return refs[refs.length - 1];
}

/** Per line: for each command, the ref of the first checkout after it (one backward pass per line). */
const nextCheckouts = new WeakMap<Invocation[], Array<Word | undefined>>();

function laterCheckout(line: Invocation[], index: number): Word | undefined {
  let next = nextCheckouts.get(line);
  if (!next) {
    next = new Array<Word | undefined>(line.length);
    let found: Word | undefined;
    for (let i = line.length - 1; i >= 0; i--) {
      next[i] = found;
      found = checkoutRef(line[i]) ?? found;
    }
    nextCheckouts.set(line, next);
  }
  return next[index];
}

/** `git clone` (or `git lfs clone`) of a Hugging Face Hub or ModelScope repository. */
export function gitClone(input: ToolInput): ShellDownload[] {
  const { inv } = input;
  if (inv.program !== 'git') return [];
  let at = gitSubcommand(inv.args);
  if (wordText(inv.args[at]) === 'lfs') at++;
  if (wordText(inv.args[at]) !== 'clone') return [];
  const args = parseArgs(inv.args.slice(at + 1), CLONE, input.raw);
  const url = args.positionals[0];
  const hub = url && modelRepoUrl(wordPattern(url));
  if (!url || !hub) return [];
  const checkout = laterCheckout(input.line, input.index);
  const revision = valuesOf(args, '--revision').pop();
  const branch = valuesOf(args, '-b', '--branch').pop();
  const ref = checkout ?? revision ?? branch;
  const pin: Pin = ref ? pinOf(wordPattern(ref)) : 'missing';
  const source = wordPattern(url);
  const dir = args.positionals[1];
  return [{
    tool: 'git clone',
    kind: 'clone',
    start: url.start,
    end: url.end,
    source,
    destination: dir ? wordPattern(dir) : hub.repo.split('/').pop(),
    hub,
    revision: ref && wordPattern(ref),
    pin,
    transport: source.startsWith('git@') ? 'secure' : transportOf(source),
    verified: input.verified,
  }];
}
