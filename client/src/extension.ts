import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { commandFactories, type Ctx } from './commands';
import { DISPLAY_NAME, VIEWS } from './constants';
import { createLanguageClient, restartClient } from './languageClient';
import { OPEN_LOCATION, openNotebookCell } from './openLocation';
import { RuleDocsUriHandler } from './ruleDocs';
import { DeclareFormView } from './declareForm/declareFormView';
import { createStatusBar } from './statusBar';
import { CatalogTreeView } from './views/catalog';
import { ModelReportEditor } from './views/modelReport';
import { ShadowMlView } from './views/shadowMl';

/** What activate() returns: the views' state, read by the end-to-end tests. */
export interface Api {
  shadowMl: ShadowMlView;
  catalog: CatalogTreeView;
  declareForm: DeclareFormView;
  modelReports: ModelReportEditor;
}

let client: LanguageClient | undefined;

/**
 * Wires the extension together: output channel, language client, commands, the rule-docs URI
 * handler, and a restart when the workspace becomes trusted. Everything else lives in its module.
 */
export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  const output = vscode.window.createOutputChannel(DISPLAY_NAME);
  const created = createLanguageClient(context.extensionUri, output);
  client = created.client;
  const shadowMl = new ShadowMlView(client);
  shadowMl.attach(vscode.window.createTreeView(VIEWS.shadowMl, { treeDataProvider: shadowMl, showCollapseAll: true }));
  const catalog = new CatalogTreeView(client);
  catalog.attach(vscode.window.createTreeView(VIEWS.catalog, { treeDataProvider: catalog, showCollapseAll: true }));
  const declareForm = new DeclareFormView(client, context.extensionUri, output);
  const ctx: Ctx = { client, output, extensionUri: context.extensionUri, shadowMl, catalog, declareForm };
  const modelReports = new ModelReportEditor(client, context.extensionUri);

  context.subscriptions.push(
    output,
    shadowMl,
    catalog,
    declareForm,
    vscode.window.registerWebviewViewProvider(VIEWS.declareForm, declareForm),
    createStatusBar(),
    modelReports.register(),
    ...created.disposables,
    vscode.window.registerUriHandler(new RuleDocsUriHandler(context.extensionUri)),
    ...Object.entries(commandFactories).map(([id, factory]) =>
      vscode.commands.registerCommand(id, factory(ctx)),
    ),
    vscode.commands.registerCommand(OPEN_LOCATION, openNotebookCell),
    // NOTE: trust is sent in initializationOptions, so the server must start again to see it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restartAfterTrust(ctx)),
  );

  try {
    await client.start();
    await shadowMl.refresh();
    await catalog.refresh();
  } catch (error) {
    // NOTE: activation must not fail, or the commands (restart, output) would be missing too.
    output.appendLine(`The language server did not start: ${String(error)}`);
  }
  return { shadowMl, catalog, declareForm, modelReports };
}

/** Restarts for the new trust state; a failure is logged, not thrown into an event handler. */
function restartAfterTrust(ctx: Ctx): void {
  restartClient(ctx.client).catch((error: unknown) =>
    ctx.output.appendLine(`Restart after workspace trust failed: ${String(error)}`),
  );
}

/** Stops the server so its process does not outlive the extension host. */
export async function deactivate(): Promise<void> {
  try {
    await client?.stop();
  } catch {
    // NOTE: stop() rejects when the server is not running, and then there is nothing to stop.
  }
  client = undefined;
}
