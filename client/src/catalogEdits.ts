import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';

import { CATALOG_EDIT_REQUEST } from './constants';

/** What the server returns for `mlHygiene/catalogEdit` (server/src/lsp/catalogEdit.ts). */
type CatalogEditResult =
  | { edit: WorkspaceEdit; guards: Array<{ uri: string; hash: string | null }>; summary: string }
  | { error: string };

/** The same hash as the server's: SHA-256 of the text without a byte order mark. */
function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/^\uFEFF/, ''), 'utf8').digest('hex');
}

/** A file's text as the editor has it (an open document, saved or not), else on disk, else undefined. */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Why a guarded file may not be written now, or undefined when every guard holds. */
async function guardProblem(guards: Array<{ uri: string; hash: string | null }>): Promise<string | undefined> {
  for (const guard of guards) {
    const uri = vscode.Uri.parse(guard.uri);
    const text = await currentText(uri);
    const name = vscode.workspace.asRelativePath(uri);
    if (guard.hash === null && text !== undefined) return `${name} already exists; nothing was written.`;
    if (guard.hash !== null && (text === undefined || textHash(text) !== guard.hash)) {
      return `${name} changed since the change was prepared; nothing was written, so no change is lost. Try again.`;
    }
  }
  return undefined;
}

/**
 * Asks the server for a catalog write and applies it as a WorkspaceEdit, only while every file
 * still has the hash the write was made against. Created files are saved (the catalog is read
 * from disk); edits to existing files are left for the user to review and save. Returns the
 * files touched, or undefined when nothing was written (the user was told why, and `onRefused` too).
 */
export async function applyCatalogEdit(client: LanguageClient, params: unknown, onRefused?: (message: string) => void): Promise<vscode.Uri[] | undefined> {
  const refuse = (message: string, warning = false) => {
    onRefused?.(message);
    void (warning ? vscode.window.showWarningMessage : vscode.window.showErrorMessage)(`ML Hygiene: ${message}`);
    return undefined;
  };
  if (!vscode.workspace.isTrusted) return refuse('the workspace is not trusted, so nothing is written to its catalog.', true);
  const result = await client.sendRequest<CatalogEditResult>(CATALOG_EDIT_REQUEST, params);
  if ('error' in result) return refuse(result.error);
  const problem = await guardProblem(result.guards);
  if (problem) return refuse(problem);
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) return refuse(`the editor refused the change (${result.summary}); nothing was written.`);
  const uris = result.guards.map((g) => vscode.Uri.parse(g.uri));
  for (const [i, guard] of result.guards.entries()) {
    if (guard.hash !== null) continue;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uris[i].toString());
    await doc?.save();
  }
  return uris;
}
