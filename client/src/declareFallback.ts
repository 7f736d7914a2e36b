import * as vscode from 'vscode';

import { DECLARE_MODEL_COMMAND } from './constants';

/**
 * A stand-in for `mlHygiene.declareModel` until the "Declare model" form lands (its own branch
 * registers the real command; delete this file and its line in extension.ts then). An existing
 * entry opens as YAML; a new model is pointed at the catalog's folder.
 */
export function registerDeclareFallback(): vscode.Disposable {
  return vscode.commands.registerCommand(DECLARE_MODEL_COMMAND, async (args?: unknown) => {
    const a = (args && typeof args === 'object' ? args : {}) as { entryId?: unknown; catalogDir?: unknown };
    if (typeof a.entryId === 'string' && typeof a.catalogDir === 'string' && /^[a-z0-9][a-z0-9._-]*$/i.test(a.entryId)) {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.parse(a.catalogDir), 'models', `${a.entryId}.yaml`));
      return;
    }
    void vscode.window.showInformationMessage('ML Hygiene: the Declare model form is not available in this build; add a file under .mlcatalog/models/ (see the catalog entries there).');
  });
}
