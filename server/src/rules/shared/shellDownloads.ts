import { findDownloads, type ShellDownload } from '../../analysis/shell/downloads';
import { fileName } from '../../analysis/shell/modelFiles';
import { parseCommandLine } from '../../analysis/shell/words';
import type { ProjectFacts } from '../../analysis/project';
import { trustedSource } from '../../analysis/trustedSources';
import type { Severity } from '../../analysis/types';

/** The rule code of every shell-download finding (rule MLH206 `shell-model-download`). */
export const SHELL_DOWNLOAD_CODE = 'MLH206';

/** A finding in a shell command, with `[start, end)` offsets relative to the command string. */
export interface ShellFinding {
  start: number;
  end: number;
  code: string;
  severity: Severity;
  message: string;
}

/**
 * The model downloads a shell command line makes that are not pinned or verified: `wget`,
 * `curl -o/-O`, `aria2c`, `gdown`, `huggingface-cli download` / `hf download` without
 * `--revision <40-hex>`, `git clone` of a Hub or ModelScope repository without a later
 * `git checkout <40-hex>`, and `gsutil cp` / `aws s3 cp` / `gcloud storage cp` / `azcopy copy` of
 * model files. `command` is the shell text as the shell sees it: a notebook `!` line without its
 * `!`, or a `%%bash` cell's body without the magic line. IPython's `{expr}` and `$name` count as
 * unknown text. Sources listed in the project's `trusted-sources` are not reported. Severities are
 * the rule's own (Error, Warning, Information); a configured severity override is the caller's to apply.
 * Never throws.
 */
export function shellCommandFindings(command: string, project: ProjectFacts): ShellFinding[] {
  return judgeDownloads(findDownloads(parseCommandLine(command), command), project).map((j) => j.finding);
}

/** A finding with the download it is about. */
export interface JudgedDownload {
  download: ShellDownload;
  finding: ShellFinding;
}

/**
 * The findings for downloads already found, each with its download. `verifiedNearby` is set when
 * the code around the command checks a digest (a Python `hashlib` comparison in the same scope):
 * every finding is then Information.
 */
export function judgeDownloads(downloads: ShellDownload[], project: ProjectFacts, verifiedNearby = false): JudgedDownload[] {
  const out: JudgedDownload[] = [];
  for (const d of downloads) {
    const judged = judge(d, project);
    if (!judged) continue;
    const verified = d.verified || verifiedNearby;
    const finding: ShellFinding = {
      start: d.start,
      end: d.end,
      code: SHELL_DOWNLOAD_CODE,
      severity: verified ? 'information' : judged.severity,
      message: verified
        ? `${judged.problem}; a checksum or signature check was found nearby (hence Information): make sure it covers this download ${CWE}.`
        : `${judged.problem}; ${judged.fix} ${CWE}.`,
    };
    out.push({ download: d, finding });
  }
  return out;
}

interface Judged {
  severity: Severity;
  /** What the command does wrong. */
  problem: string;
  /** How to fix it. */
  fix: string;
}

const RAISE: Record<'information' | 'warning', Severity> = { information: 'warning', warning: 'error' };
const CWE = '(CWE-494)';

function trusted(d: ShellDownload, project: ProjectFacts): boolean {
  // NOTE: Hub patterns (`my-org/*`) name Hugging Face repositories; a ModelScope clone is trusted by its URL.
  if (d.hub?.modelscope) return !!trustedSource(project, { url: d.source });
  if (d.hub && d.kind !== 'file') return !!trustedSource(project, { hubRepo: d.hub.repo });
  return !!trustedSource(project, { url: d.source, hubRepo: d.hub?.repo });
}

/** The verdict for one download, or undefined when it is pinned or trusted. */
function judge(d: ShellDownload, project: ProjectFacts): Judged | undefined {
  if (d.pin === 'pinned' && d.kind !== 'file') return undefined;
  if (trusted(d, project)) return undefined;
  const tool = `\`${d.tool}\``;
  const insecure = d.transport === 'insecure' || !!d.insecureTls;
  const how = d.insecureTls ? 'with TLS certificate checks switched off' : 'over plain http';
  switch (d.kind) {
    case 'hub-cli':
      return hubCli(d, tool);
    case 'clone':
      return clone(d, tool, insecure, how);
    default:
      return file(d, tool, insecure, how);
  }
}

function hubCli(d: ShellDownload, tool: string): Judged {
  const what = `${tool} of ${d.hub?.type === 'model' ? '' : `the ${d.hub?.type} `}\`${d.source}\``;
  const fix = 'add `--revision <40-hex sha>` (the full commit SHA)';
  switch (d.pin) {
    case 'mutable':
      return { severity: 'warning', problem: `${what} asks for \`--revision ${d.revision}\`, a mutable ref (a branch, tag or pull-request ref): whoever controls the repository decides what it serves`, fix: 'pin the full 40-hex commit SHA instead' };
    case 'placeholder':
      return { severity: 'warning', problem: `${what}: the revision is still the \`${d.revision}\` placeholder`, fix: 'replace it with the full 40-hex commit SHA' };
    case 'short':
      return { severity: 'information', problem: `${what} asks for a short hex revision that may be a branch or tag name`, fix: 'use the full 40-hex commit SHA' };
    case 'unknown':
      return { severity: 'information', problem: `${what} has a revision that cannot be resolved here`, fix: 'unless it is a full 40-hex commit SHA, the files can change under you: make sure it is one' };
    default:
      return { severity: 'warning', problem: `${what} has no \`--revision\`: it fetches whatever \`main\` holds today`, fix };
  }
}

function clone(d: ShellDownload, tool: string, insecure: boolean, how: string): Judged {
  const repo = `${tool} of the model repository \`${d.hub?.repo}\``;
  const fix = `follow it with \`git -C ${d.destination ?? '<dir>'} checkout <40-hex sha>\` (git then checks the content against the commit)`;
  switch (d.pin) {
    case 'mutable':
      return { severity: insecure ? 'error' : 'warning', problem: `${repo} stays on \`${d.revision}\`, a mutable branch or tag${insecure ? `, ${how}` : ''}`, fix };
    case 'placeholder':
      return { severity: 'warning', problem: `${repo} checks out the \`${d.revision}\` placeholder`, fix: 'replace it with the full 40-hex commit SHA' };
    case 'short':
      return { severity: 'information', problem: `${repo} checks out a short hex ref that may be a branch or tag name`, fix: 'use the full 40-hex commit SHA' };
    case 'unknown':
      return { severity: 'information', problem: `${repo} checks out a ref that cannot be resolved here`, fix: `unless it is a full 40-hex commit SHA, ${fix}` };
    default:
      return {
        severity: insecure ? 'error' : 'warning',
        problem: `${repo} is not pinned${insecure ? ` and runs ${how}` : ''}: it fetches whatever the default branch holds today, weights included`,
        fix,
      };
  }
}

function file(d: ShellDownload, tool: string, insecure: boolean, how: string): Judged | undefined {
  const name = d.hub?.file ?? fileName(d.destination ?? d.source);
  const kind = d.format === 'code' ? ' (a format that can run code when loaded)' : d.format === 'data' ? ' (a data-only format)' : '';
  const over = insecure ? ` ${how}: anyone on the network path can replace it` : '';
  if (d.hub && d.pin) {
    const at = `${tool} fetches \`${name}\`${kind} from the Hugging Face repository \`${d.hub.repo}\``;
    if (d.pin === 'pinned') {
      if (!insecure) return undefined;
      return { severity: d.format === 'data' ? 'information' : 'warning', problem: `${at} at a pinned commit, but${over}`, fix: 'use https' };
    }
    if (d.pin === 'mutable') {
      return {
        severity: insecure && d.format !== 'data' ? 'error' : 'warning',
        problem: `${at} at \`${d.revision}\`, a mutable ref${over && `,${over}`}`,
        fix: `replace \`resolve/${d.revision}/\` in the URL with \`resolve/<40-hex sha>/\``,
      };
    }
    const why = d.pin === 'short' ? 'a short hex ref that may be a branch or tag name' : 'a ref that cannot be resolved here';
    return { severity: insecure ? 'warning' : 'information', problem: `${at} at ${why}${over && `,${over}`}`, fix: 'use the full 40-hex commit SHA in the URL' };
  }
  const base: 'information' | 'warning' = d.format === 'data' ? 'information' : 'warning';
  const from = /^\*+$/.test(d.source) ? 'a URL not known here' : d.source.replace(/\*/g, '…');
  return {
    severity: insecure ? RAISE[base] : base,
    problem: `${tool} downloads the model file \`${name}\`${kind} from ${from}${over}`,
    fix: 'nothing checks what arrives: compare its SHA-256 with a known digest (`sha256sum -c`) before loading it, or fetch it from a pinned, trusted source',
  };
}
