import * as vscode from 'vscode';

import { RULE_CODE, RULE_DOCS_DIR } from './constants';

/** One rule page found on disk: its code and the title from its first heading, if any. */
export interface RuleDoc {
  code: string;
  title?: string;
}

/** `/rule/MLH101` → `MLH101`; anything else → undefined. */
function codeFromPath(path: string): string | undefined {
  const match = /^\/rule\/([^/]+)$/.exec(path);
  return match && RULE_CODE.test(match[1]) ? match[1] : undefined;
}

/**
 * Opens `docs/rules/<CODE>.md` in Markdown preview. The code is checked against
 * {@link RULE_CODE} before it becomes a path, so no input can name a file outside docs/rules.
 */
export async function openRuleDoc(extensionUri: vscode.Uri, code: string): Promise<void> {
  if (!RULE_CODE.test(code)) {
    void vscode.window.showErrorMessage(`ML Hygiene: "${code}" is not a rule code.`);
    return;
  }
  const page = vscode.Uri.joinPath(extensionUri, RULE_DOCS_DIR, `${code}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`ML Hygiene: there is no documentation for rule ${code}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

/** The rule pages shipped with the extension, sorted by code. */
export async function listRuleDocs(extensionUri: vscode.Uri): Promise<RuleDoc[]> {
  const dir = vscode.Uri.joinPath(extensionUri, RULE_DOCS_DIR);
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const codes = entries
    .map(([name]) => name.replace(/\.md$/, ''))
    .filter((code) => RULE_CODE.test(code))
    .sort();
  return Promise.all(codes.map(async (code) => ({ code, title: await titleOf(dir, code) })));
}

/** The text of the page's first `# ` heading, for the quick pick's description. */
async function titleOf(dir: vscode.Uri, code: string): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, `${code}.md`));
    return /^#\s+(.+)$/m.exec(new TextDecoder().decode(bytes))?.[1].trim();
  } catch {
    return undefined; // NOTE: an unreadable page still gets listed; opening it reports the error.
  }
}

/**
 * Handles `vscode://mlhygiene.ml-hygiene/rule/<CODE>`, the links diagnostics carry, so a rule's
 * page opens offline from the installed extension.
 */
export class RuleDocsUriHandler implements vscode.UriHandler {
  /** @param extensionUri the extension root, which holds docs/rules. */
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Called by VS Code for every URI addressed to this extension. */
  async handleUri(uri: vscode.Uri): Promise<void> {
    const code = codeFromPath(uri.path);
    if (!code) {
      void vscode.window.showErrorMessage(`ML Hygiene: cannot open ${uri.toString(true)}.`);
      return;
    }
    await openRuleDoc(this.extensionUri, code);
  }
}
