import { CodeActionKind, type ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver';

import { FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND } from './convert';

/** Python cells of Jupyter notebooks and of the Python Interactive Window. */
const pythonCells = [{ language: 'python' }];

/**
 * What the server offers: incremental sync, LSP 3.17 notebook sync (so a notebook arrives whole,
 * cells in order, and is analysed as one module), quick fixes and fix-all source actions.
 */
export const capabilities: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  notebookDocumentSync: {
    notebookSelector: [
      { notebook: { notebookType: 'jupyter-notebook' }, cells: pythonCells },
      { notebook: { notebookType: 'interactive' }, cells: pythonCells },
    ],
    save: false,
  },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND], resolveProvider: false },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};
