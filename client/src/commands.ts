import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { editCatalogEntry, exportMlBom, openCatalog, openCatalogEntry } from './catalogCommands';
import { applyCatalogEdit } from './catalogEdits';
import { COMMANDS, FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND, VIEWS } from './constants';
import type { DeclareFormView } from './declareForm/declareFormView';
import { restartClient } from './languageClient';
import { listRuleDocs, openRuleDoc } from './ruleDocs';
import { SCAN_REQUEST } from '../../server/src/lsp/inventoryProtocol';
import { type CatalogTreeView, entryOf } from './views/catalog';
import { type ShadowMlView, showQuickFixes } from './views/shadowMl';

/** What the commands need: built once in activate() and shared. */
export interface Ctx {
  client: LanguageClient;
  output: vscode.OutputChannel;
  extensionUri: vscode.Uri;
  shadowMl: ShadowMlView;
  catalog: CatalogTreeView;
  declareForm: DeclareFormView;
}

/** One of the contributed command ids. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** A command implementation, made by a factory from the shared {@link Ctx}. */
export type Cmd = (...args: unknown[]) => unknown;

/** `mlHygiene.restartServer`: restart (or start again after the client gave up). */
export function restartServer(ctx: Ctx): Cmd {
  return async () => {
    try {
      await restartClient(ctx.client);
    } catch (error) {
      ctx.output.appendLine(`Restarting the server failed: ${String(error)}`);
      const text = 'ML Hygiene: the language server could not be restarted.';
      void vscode.window.showErrorMessage(text);
    }
  };
}

/** `mlHygiene.showOutput`: reveal the log without taking focus from the editor. */
export function showOutput(ctx: Ctx): Cmd {
  return () => ctx.output.show(true);
}

/**
 * `mlHygiene.openRuleDocs [code]`: open a rule's page; without a code (from the command
 * palette) ask for one from the pages that are shipped.
 */
export function openRuleDocs(ctx: Ctx): Cmd {
  return async (code?: unknown) => {
    if (typeof code === 'string') return openRuleDoc(ctx.extensionUri, code);
    const docs = await listRuleDocs(ctx.extensionUri);
    const items = docs.map((doc) => ({ label: doc.code, description: doc.title }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'ML Hygiene: open rule documentation',
      placeHolder: items.length > 0 ? 'Rule code' : 'No rule pages found',
      matchOnDescription: true,
    });
    if (picked) await openRuleDoc(ctx.extensionUri, picked.label);
  };
}

/** Applies the notebook-wide fix-all, asked for on the notebook's first Python cell. */
async function fixNotebook(notebook: vscode.NotebookDocument): Promise<void> {
  const cell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
  if (!cell) return;
  const whole = new vscode.Range(0, 0, 0, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, whole, NOTEBOOK_FIX_ALL_KIND);
  const edit = actions?.find((a) => a.kind?.value === NOTEBOOK_FIX_ALL_KIND)?.edit;
  if (edit) await vscode.workspace.applyEdit(edit);
}

/** `mlHygiene.fixAll`: apply the server's fix-all source action to the active editor or notebook. */
export function fixAll(): Cmd {
  return async () => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (notebook) return fixNotebook(notebook);
    if (!vscode.window.activeTextEditor) {
      void vscode.window.showInformationMessage('ML Hygiene: open a Python file to fix.');
      return;
    }
    await vscode.commands.executeCommand('editor.action.sourceAction', {
      kind: FIX_ALL_KIND,
      apply: 'first',
    });
  };
}

/** `mlHygiene.scanWorkspace`: scan the whole workspace again, forgetting what was checked. */
export function scanWorkspace(ctx: Ctx): Cmd {
  return async () => {
    if (!ctx.client.isRunning()) {
      void vscode.window.showWarningMessage('ML Hygiene: the language server is not running; restart it first.');
      return;
    }
    await ctx.client.sendRequest(SCAN_REQUEST);
    await vscode.commands.executeCommand(`${VIEWS.shadowMl}.focus`);
  };
}

/**
 * `mlHygiene.createCatalog [folderUri]`: `.mlcatalog/` with a starter policy in the given folder
 * (or the workspace folder, asked when there are several), then the policy opened to edit.
 */
export function createCatalog(ctx: Ctx): Cmd {
  return async (folder?: unknown) => {
    const target = typeof folder === 'string' ? vscode.Uri.parse(folder) : (await pickFolder())?.uri;
    if (!target) return undefined;
    const written = await applyCatalogEdit(ctx.client, { action: 'createCatalog', folder: target.toString() });
    if (written?.[0]) await vscode.window.showTextDocument(written[0]);
    return written?.map((u) => u.toString());
  };
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (!folders[0]) void vscode.window.showInformationMessage('ML Hygiene: open a folder to create its model catalog in.');
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to create the model catalog (.mlcatalog/) in' });
}

/**
 * `mlHygiene.applyCatalogEdit params`: the command quick-fixes and the catalog view run to write
 * the catalog (params of `mlHygiene/catalogEdit`: createCatalog, createEntry, updateFields).
 * Returns the URIs of the files written.
 */
export function applyCatalogEditCommand(ctx: Ctx): Cmd {
  return async (params?: unknown) => (await applyCatalogEdit(ctx.client, params))?.map((u) => u.toString());
}

/** Every command id with its factory; activate() registers them all. */
export const commandFactories: Record<CommandId, (ctx: Ctx) => Cmd> = {
  [COMMANDS.restartServer]: restartServer,
  [COMMANDS.showOutput]: showOutput,
  [COMMANDS.openRuleDocs]: openRuleDocs,
  [COMMANDS.fixAll]: fixAll,
  [COMMANDS.scanWorkspace]: scanWorkspace,
  [COMMANDS.showShadowMl]: () => () => vscode.commands.executeCommand(`${VIEWS.shadowMl}.focus`),
  [COMMANDS.groupShadowMlByKind]: (ctx) => () => ctx.shadowMl.setGrouping('kind'),
  [COMMANDS.groupShadowMlByFile]: (ctx) => () => ctx.shadowMl.setGrouping('file'),
  [COMMANDS.showQuickFixes]: () => showQuickFixes,
  [COMMANDS.createCatalog]: createCatalog,
  [COMMANDS.applyCatalogEdit]: applyCatalogEditCommand,
  [COMMANDS.openCatalog]: () => openCatalog,
  [COMMANDS.exportMlBom]: (ctx) => (target?: unknown) => exportMlBom(ctx.client, undefined, target),
  [COMMANDS.exportCatalogEntry]: (ctx) => (node?: unknown, target?: unknown) => {
    const entry = entryOf(node);
    return entry ? exportMlBom(ctx.client, [entry.id], target) : undefined;
  },
  [COMMANDS.openCatalogEntry]: () => openCatalogEntry,
  [COMMANDS.editCatalogEntry]: (ctx) => (node?: unknown) => editCatalogEntry(node, ctx.catalog),
  [COMMANDS.groupCatalogByCriticality]: (ctx) => () => ctx.catalog.setGrouping('criticality'),
  [COMMANDS.groupCatalogByLifecycle]: (ctx) => () => ctx.catalog.setGrouping('lifecycle'),
  [COMMANDS.refreshCatalog]: (ctx) => () => ctx.catalog.refresh(),
  [COMMANDS.declareModel]: (ctx) => (arg?: unknown) => ctx.declareForm.open(arg),
};
