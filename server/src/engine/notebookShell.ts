import type { Tree } from 'web-tree-sitter';

import { fold } from '../analysis/constants';
import type { LineIndex } from '../analysis/lineIndex';
import { ModuleIndex } from '../analysis/moduleIndex';
import { expandCommand } from '../analysis/notebook/interpolation';
import type { JoinedCell, NotebookSource } from '../analysis/notebook/notebookSource';
import type { ProjectFacts } from '../analysis/project';
import type { Finding, Fix, Severity } from '../analysis/types';
import { shellCommandFindings } from '../rules/shared/shellDownloads';
import { shellModelDownload } from '../rules/shell-model-download';

/** How the notebook's shell commands are judged: what the file's configuration and trust say. */
export interface ShellCheck {
  project: ProjectFacts;
  severity?: Severity;
  /** False in an untrusted workspace: `# noqa` is shown, not honoured. */
  honourSuppressions: boolean;
  /** Set when the repository switched the rule off (untrusted workspaces still show it). */
  disabledBy?: string;
}

const NOQA = /#\s*noqa\s*:\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)/i;

/** The value of `name` where the command runs: the last assignment before it (an earlier cell), folded. */
function valueAt(index: ModuleIndex, name: string, at: number): string | undefined {
  const node = index.root.descendantForIndex(at, at + 1);
  const found = node && index.bindingFor(name, node);
  const binding = found?.binding;
  if (!binding || binding.kind !== 'assignment' || !binding.value || binding.start >= at) return undefined;
  const value = fold(binding.value, index);
  return value.kind === 'str' ? value.value : value.kind === 'number' ? String(value.value) : undefined;
}

/** The `# noqa: MLH206` that silences a finding on `line`: on the line, or on a comment line above it. */
function noqaOn(lines: LineIndex, line: number): string | undefined {
  for (const text of [lines.lineText(line), line > 0 && /^\s*#/.test(lines.lineText(line - 1)) ? lines.lineText(line - 1) : '']) {
    const m = NOQA.exec(text);
    if (m && m[1].toUpperCase().split(/[\s,]+/).includes(shellModelDownload.code)) return m[0];
  }
  return undefined;
}

/** `  # noqa: MLH206` at the end of the finding's line (a shell comment there), unless the line continues. */
function noqaFix(source: NotebookSource, c: number, line: number): Fix[] {
  const lines = source.lines(c);
  const text = lines.lineText(line);
  // NOTE: a comment after a continuation backslash would end the command; a line with a noqa
  // for other codes is left for the user to extend.
  if (text.endsWith('\\') || NOQA.test(text)) return [];
  const at = source.offsetOf(c, lines.lineStart(line) + text.length);
  const code = shellModelDownload.code;
  return [{ title: `Suppress ${code} on this line (# noqa: ${code})`, edits: [{ start: at, end: at, newText: `  # noqa: ${code}` }], preferred: false, noqa: code }];
}

/**
 * The MLH206 findings of a notebook's shell commands (`!` lines, `x = !cmd`, `%sx`, `%pip`, and
 * `%%bash`/`%%sh`/`%%script bash` cells), by the same matcher and messages as a command run from
 * Python. In `!` lines, IPython's `{name}` and `$name` are replaced by the value a name was last
 * given before the command (an earlier cell) when it is a constant.
 */
export function notebookShellFindings(source: NotebookSource, tree: () => Tree, check: ShellCheck): Finding[] {
  const out: Finding[] = [];
  let index: ModuleIndex | undefined;
  source.cells.forEach((cell: JoinedCell, c) => {
    for (const span of cell.shell) {
      const command = cell.source.slice(span.start, span.end);
      // NOTE: only `!` lines are expanded by IPython; a %%bash body goes to bash as written.
      const at = source.offsetOf(c, Math.max(0, span.start - 1));
      const resolve = (name: string) => valueAt((index ??= new ModuleIndex(tree().rootNode, source.text)), name, at);
      const expanded = span.kind === 'line' && /[{$]/.test(command) ? expandCommand(command, resolve) : undefined;
      for (const f of shellCommandFindings(expanded?.text ?? command, check.project)) {
        const start = span.start + (expanded ? expanded.original(f.start) : f.start);
        const end = span.start + (expanded ? expanded.original(f.end, true) : f.end);
        const line = source.lines(c).positionAt(start).line;
        const finding: Finding = {
          code: shellModelDownload.code,
          name: shellModelDownload.name,
          severity: check.severity ?? f.severity,
          message: f.message,
          start: source.offsetOf(c, start),
          end: source.offsetOf(c, end),
          fixes: noqaFix(source, c, line),
        };
        const noqa = noqaOn(source.lines(c), line);
        const by = noqa ?? check.disabledBy;
        if (!by) out.push(finding);
        else if (!check.honourSuppressions) {
          const message = `Suppressed by this repository (${by}), shown because the workspace is not trusted: ${finding.message}`;
          out.push({ ...finding, severity: 'information', message, fixes: [], suppressed: { by: noqa ? 'noqa' : 'configuration', text: by } });
        }
      }
    }
  });
  return out;
}
