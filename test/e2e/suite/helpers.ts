import * as vscode from 'vscode';

export const EXTENSION_ID = 'mlhygiene.ml-hygiene';

/** A file of the example workspace the suite runs in. */
export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the end-to-end suite needs the example workspace open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Polls until `probe` returns a truthy value, or fails with what it was waiting for. */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our diagnostics on a document, as `CODE@line` strings (1-based lines), sorted. */
export function ours(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'ML Hygiene')
    .map((d) => `${typeof d.code === 'object' ? d.code.value : d.code}@${d.range.start.line + 1}`)
    .sort();
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(rel));
  return vscode.window.showTextDocument(doc);
}

/** Reverts every changed editor and closes them all, so each test starts from the files on disk. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
