import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { CATALOG_EXPORT_REQUEST } from '../../server/src/lsp/catalogViewProtocol';
import { COMMANDS, VIEWS } from './constants';
import type { CatalogTreeView } from './views/catalog';
import { entryOf } from './views/catalog';

type ExportResult = { text: string; skipped: string[] } | { error: string };

/** `mlHygiene.openCatalog`: show the Catalog view (its welcome offers to create one when there is none). */
export async function openCatalog(): Promise<void> {
  await vscode.commands.executeCommand(`${VIEWS.catalog}.focus`);
}

/**
 * Exports an ML-BOM (CycloneDX) of some entries (all when `ids` is undefined) into a file the
 * user picks, or `target` (a URI string, given by tests and scripts). Returns the file written.
 */
export async function exportMlBom(client: LanguageClient, ids: string[] | undefined, target?: unknown): Promise<string | undefined> {
  if (!client.isRunning()) {
    void vscode.window.showWarningMessage('ML Hygiene: the language server is not running; restart it first.');
    return undefined;
  }
  const result = await client.sendRequest<ExportResult>(CATALOG_EXPORT_REQUEST, { format: 'cyclonedx', ...(ids ? { ids } : {}) });
  if ('error' in result) {
    void vscode.window.showErrorMessage(`ML Hygiene: cannot export the ML-BOM: ${result.error}`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = ids?.length === 1 ? `${ids[0]}.cdx.json` : 'ml-bom.cdx.json';
  const uri = typeof target === 'string'
    ? vscode.Uri.parse(target)
    : await vscode.window.showSaveDialog({
        title: 'Export the ML-BOM (CycloneDX)',
        saveLabel: 'Export',
        filters: { 'CycloneDX JSON': ['json'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(result.text, 'utf8'));
  const skipped = result.skipped.length ? ` (left out, invalid: ${result.skipped.join(', ')})` : '';
  if (typeof target !== 'string') void vscode.window.showInformationMessage(`ML Hygiene: ML-BOM written to ${vscode.workspace.asRelativePath(uri)}${skipped}.`);
  return uri.toString();
}

/** `mlHygiene.openCatalogEntry node`: the entry's YAML. */
export async function openCatalogEntry(node: unknown): Promise<void> {
  const entry = entryOf(node);
  if (entry) await vscode.window.showTextDocument(vscode.Uri.parse(entry.file));
}

/** `mlHygiene.editCatalogEntry node`: the entry in the "Declare model" form (its own command). */
export async function editCatalogEntry(node: unknown, catalog: CatalogTreeView): Promise<void> {
  const entry = entryOf(node);
  if (!entry || !catalog.data.catalogDir) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage('ML Hygiene: the workspace is in Restricted Mode, so the catalog is read-only. Trust the workspace to edit it.');
    return;
  }
  await vscode.commands.executeCommand(COMMANDS.declareModel, { entryId: entry.id, catalogDir: catalog.data.catalogDir });
}
