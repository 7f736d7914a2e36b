import { createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';

import { createParser, loadPython } from './analysis/parser';
import { clearCatalogCache } from './catalog/fileCatalog';
import { clearConfigCache } from './config/projectConfig';
import { clearProjectFacts } from './engine/checkDocument';
import { capabilities } from './lsp/capabilities';
import { codeActions } from './lsp/codeActions';
import { DocumentStore } from './lsp/documentStore';
import { Session } from './lsp/session';

/** Entry point of the language server: wiring only. */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: Session | undefined;

connection.onInitialize(async (params) => {
  const parser = createParser(await loadPython(__dirname));
  const trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
  session = new Session(connection, documents, new DocumentStore(parser), trusted);
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  session.workspaceRoot = folder?.startsWith('file:') ? fileURLToPath(folder) : undefined;
  session.canPullConfiguration = !!params.capabilities.workspace?.configuration;
  return { capabilities, serverInfo: { name: 'ml-hygiene', version: '0.1.0' } };
});

connection.onInitialized(() => {
  if (session?.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mlHygiene' });
});

documents.onDidOpen((e) => session?.queue.request(e.document.uri));
documents.onDidChangeContent((e) => session?.queue.request(e.document.uri));
documents.onDidClose((e) => session?.closed(e.document.uri));
connection.onDidChangeConfiguration(() => session?.refreshAll());
connection.onDidChangeWatchedFiles(() => {
  clearConfigCache();
  clearCatalogCache();
  clearProjectFacts();
  session?.refreshAll();
});
connection.onCodeAction((params) => (session ? codeActions(session, params) : []));

documents.listen(connection);
connection.listen();
