import type { Node } from 'web-tree-sitter';

import { findDownloads, type ShellDownload } from '../analysis/shell/downloads';
import { parseCommandLine, type SimpleCommand, wordText } from '../analysis/shell/words';
import { type CallSite, defineRule, type Draft, type RuleContext } from './defineRule';
import { type Argv, assignedValue, commandArgv, commandText, sourceRange } from './shared/commandText';
import { checksIntegrity } from './shared/integrityCheck';
import { judgeDownloads } from './shared/shellDownloads';
import { httpsFix, revisionFix } from './shared/shellFixes';

/** Functions that run a command, with the parameter that holds it. */
const COMMAND_ARG: Record<string, string> = {
  'subprocess.run': 'args',
  'subprocess.call': 'args',
  'subprocess.check_call': 'args',
  'subprocess.check_output': 'args',
  'subprocess.Popen': 'args',
  'subprocess.getoutput': 'cmd',
  'subprocess.getstatusoutput': 'cmd',
  'os.system': 'command',
  'os.popen': 'cmd',
  'asyncio.create_subprocess_shell': 'cmd',
  'asyncio.create_subprocess_exec': 'program',
};

const SHELLS = /^(?:sh|bash|zsh|dash|ksh)$/;

/** A model download run as a shell command from Python (`subprocess.run(["wget", URL])`, `os.system`). */
export const shellModelDownload = defineRule({
  code: 'MLH206',
  name: 'shell-model-download',
  family: 'download',
  cwe: 494,
  defaultSeverity: 'warning',
  title: 'Model download by a shell command (wget, curl, hf download, git clone, cloud copy) not pinned or verified',
  calls: Object.keys(COMMAND_ARG),
  check(site, ctx) {
    const call = site.call;
    const param = COMMAND_ARG[site.path];
    if (!call || !param) return undefined;
    const arg = site.args.get(param, 0);
    if (!arg) return undefined;
    const verified = checksIntegrity(call, ctx);
    const drafts: Draft[] = [];
    const report = (downloads: ShellDownload[], place: (d: { start: number; end: number }) => Draft['range']): void => {
      for (const { download, finding } of judgeDownloads(downloads, ctx.project, verified)) {
        const range = place(finding);
        const fixes = [...revisionFix(download, range, arg.value), ...httpsFix(download, range, ctx.text)];
        drafts.push({ severity: finding.severity, message: finding.message, node: arg.value, range, fixes });
      }
    };
    const argv = site.path === 'asyncio.create_subprocess_exec' ? execArgv(site, ctx) : commandArgv(arg.value, ctx);
    const script = argv && shellScript(arg.value, argv, ctx);
    if (argv && !script) {
      const command: SimpleCommand = { words: argv.words, redirects: [], open: argv.open };
      report(findDownloads([command]), (f) => (f.start >= call.startIndex && f.end <= call.endIndex ? f : undefined));
      return drafts;
    }
    const mapped = commandText(script ?? arg.value, ctx);
    if (!mapped) return undefined;
    report(findDownloads(parseCommandLine(mapped.text), mapped.text), (f) => sourceRange(mapped, f.start, f.end, call));
    return drafts;
  },
});

/** `create_subprocess_exec("wget", url, ...)`: the program and its arguments are positional. */
function execArgv(site: CallSite, ctx: RuleContext): Argv | undefined {
  return site.args.list ? commandArgv(site.args.list, ctx) : undefined;
}

/** The script of `["bash", "-c", "<script>"]`, read as a command line of its own. */
function shellScript(node: Node, argv: Argv, ctx: RuleContext): Node | undefined {
  const [program, flag] = argv.words.map((w) => wordText(w) ?? '');
  if (!SHELLS.test((program ?? '').replace(/^.*\//, '')) || !/^-[a-z]*c$/.test(flag ?? '')) return undefined;
  let list: Node | null = node;
  for (let i = 0; list?.type === 'identifier' && i < 4; i++) list = assignedValue(list, ctx) ?? null;
  const items = list?.type === 'list' || list?.type === 'tuple' ? list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
  return items[2];
}
