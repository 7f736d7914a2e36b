import { CodeActionKind, type ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver';

import { FIX_ALL_KIND } from './convert';

/** What the server offers: incremental sync, quick fixes and a fix-all source action. */
export const capabilities: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};
