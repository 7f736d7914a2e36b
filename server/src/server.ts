import { createConnection, DidChangeConfigurationNotification, NotebookDocuments, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'url';

import { createParser, loadPython } from './analysis/parser';
import { clearCatalogCache } from './catalog/fileCatalog';
import { clearConfigCache } from './config/projectConfig';
import { clearProjectFacts } from './engine/checkDocument';
import { capabilities } from './lsp/capabilities';
import { catalogEdit, CATALOG_EDIT_REQUEST } from './lsp/catalogEdit';
import { codeActions } from './lsp/codeActions';
import { DocumentStore } from './lsp/documentStore';
import { INVENTORY_REQUEST, SCAN_REQUEST } from './lsp/inventoryProtocol';
import { uriToPath } from './lsp/paths';
import { Session } from './lsp/session';
import { itemsOf, WorkspaceScan } from './lsp/workspaceScan';

/** Entry point of the language server: wiring only. */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// NOTE: cell texts land in `documents` too; notebook events say when a notebook needs analysis.
const notebooks = new NotebookDocuments(documents);
let session: Session | undefined;
let scan: WorkspaceScan | undefined;

connection.onInitialize(async (params) => {
  const parser = createParser(await loadPython(__dirname));
  const trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
  session = new Session(connection, documents, notebooks, new DocumentStore(parser), trusted);
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  session.workspaceRoot = folder?.startsWith('file:') ? fileURLToPath(folder) : undefined;
  session.canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const inventory = (scan = new WorkspaceScan(connection, session.workspaceRoot, trusted));
  session.listener = {
    analysed: (uri, analysis) => {
      const file = uriToPath(uri);
      if (file) inventory.setOpen(file, itemsOf(analysis.findings, analysis.lines));
    },
    closed: (uri) => {
      const file = uriToPath(uri);
      if (file) inventory.closed(file);
    },
  };
  return { capabilities, serverInfo: { name: 'ml-hygiene', version: '0.1.0' } };
});

connection.onInitialized(() => {
  session?.publishCatalog();
  if (session?.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mlHygiene' });
  void rescan(false);
});

/** Scans the workspace with the current settings (of the workspace folder). */
async function rescan(fresh: boolean): Promise<void> {
  if (!session?.workspaceRoot || !scan) return;
  const settings = await session.settingsFor(pathToFileURL(session.workspaceRoot).toString());
  scan.scan(settings.workspaceScan, fresh);
}

/** Watched files other than sources are configuration (pyproject, lock files, the catalog, baselines): every verdict may change. */
const SOURCE_FILE = /\.(?:py|ipynb)$/;

documents.onDidOpen((e) => session?.request(e.document.uri));
documents.onDidChangeContent((e) => session?.request(e.document.uri));
documents.onDidClose((e) => session?.closed(e.document.uri));
notebooks.onDidOpen((nb) => session?.notebookOpened(nb.uri));
notebooks.onDidChange((e) => session?.queue.request(e.notebookDocument.uri));
notebooks.onDidClose((nb) => session?.notebookClosed(nb.uri));
connection.onDidChangeConfiguration(() => {
  session?.refreshAll();
  void rescan(false);
});
connection.onDidChangeWatchedFiles((params) => {
  const configuration = params.changes.some((c) => !SOURCE_FILE.test(c.uri));
  if (configuration) {
    clearConfigCache();
    clearCatalogCache();
    clearProjectFacts();
    session?.refreshAll();
  }
  void rescan(configuration);
});
connection.onRequest(INVENTORY_REQUEST, () => scan?.inventory() ?? { files: [], scanning: false, unscanned: 0, disabled: 'the server is starting' });
connection.onRequest(SCAN_REQUEST, () => rescan(true));
connection.onShutdown(() => scan?.stop());
connection.onCodeAction((params) => (session ? codeActions(session, params) : []));
connection.onRequest(CATALOG_EDIT_REQUEST, (params) => catalogEdit(params, documents, session?.trusted ?? false));

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
