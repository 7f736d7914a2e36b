import { createConnection, DidChangeConfigurationNotification, ErrorCodes, NotebookDocuments, ProposedFeatures, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'url';

import { createParser, loadPython } from './analysis/parser';
import { isArtifactPath } from './artifacts/scan';
import { clearCatalogCache } from './catalog/fileCatalog';
import { clearConfigCache } from './config/projectConfig';
import { clearProjectFacts } from './engine/checkDocument';
import { capabilities } from './lsp/capabilities';
import { catalogEdit, CATALOG_EDIT_REQUEST } from './lsp/catalogEdit';
import { catalogView, exportCatalog } from './lsp/catalogView';
import { CATALOG_EXPORT_REQUEST, CATALOG_VIEW_CHANGED, CATALOG_VIEW_REQUEST } from './lsp/catalogViewProtocol';
import { codeActions } from './lsp/codeActions';
import { DocumentStore } from './lsp/documentStore';
import { INVENTORY_REQUEST, SCAN_REQUEST } from './lsp/inventoryProtocol';
import { uriToPath } from './lsp/paths';
import { type ScanReport, SCAN_REPORT_REQUEST } from './lsp/scanReportProtocol';
import { Session } from './lsp/session';
import { itemsOf, notebookItemsOf, WorkspaceScan } from './lsp/workspaceScan';

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
  const current = session;
  inventory.catalogNotes = (modelFile, notes) => current.setModelNotes(modelFile, notes);
  session.listener = {
    analysed: (uri, analysis) => {
      const file = uriToPath(uri);
      if (file) inventory.setOpen(file, itemsOf(analysis.findings, analysis.lines));
    },
    notebookAnalysed: (uri, analysis) => {
      const file = uriToPath(uri);
      if (file) inventory.setOpen(file, notebookItemsOf(analysis));
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
  scan.scan({ ...settings.workspaceScan, maxModelBytes: settings.artifacts.maxFileSizeMB * 2 ** 20 }, fresh);
}

/**
 * The scan report of a model file, computed in the scan thread with the file's settings; with
 * `ignoreSizeLimit` (the report's "Scan anyway") the size cap does not apply to this one scan.
 */
async function scanReportFor(uri: string, ignoreSizeLimit: boolean): Promise<ScanReport> {
  const file = uriToPath(uri);
  if (!session || !scan || !file) throw new ResponseError(ErrorCodes.InvalidParams, `not a file on disk: ${uri}`);
  const settings = await session.settingsFor(uri);
  return scan.report(file, session.trusted, ignoreSizeLimit ? Number.MAX_SAFE_INTEGER : settings.artifacts.maxFileSizeMB * 2 ** 20);
}

/**
 * Watched files other than sources and model files are configuration (pyproject, lock files, the
 * catalog, baselines): every verdict may change. A model file changed is rescanned alone.
 */
const SOURCE_FILE = /\.(?:py|ipynb)$/;
const isSource = (uri: string) => SOURCE_FILE.test(uri) || isArtifactPath(uri);

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
  const configuration = params.changes.some((c) => !isSource(c.uri));
  if (configuration) {
    clearConfigCache();
    clearCatalogCache();
    clearProjectFacts();
    session?.refreshAll();
  }
  if (params.changes.some((c) => /\/\.mlcatalog\//.test(c.uri))) void connection.sendNotification(CATALOG_VIEW_CHANGED).catch(() => undefined);
  void rescan(configuration);
});
connection.onRequest(INVENTORY_REQUEST, () => scan?.inventory() ?? { files: [], scanning: false, unscanned: 0, disabled: 'the server is starting' });
connection.onRequest(SCAN_REQUEST, () => rescan(true));
connection.onRequest(CATALOG_VIEW_REQUEST, () => {
  const scanning = scan?.isScanning ?? true;
  // NOTE: before the first scan starts, the scan says "no folder is open"; that is not a reason.
  return catalogView(session?.workspaceRoot, scan?.references() ?? new Map(), scanning, session?.trusted ?? false, scanning ? undefined : scan?.inventory().disabled);
});
connection.onRequest(CATALOG_EXPORT_REQUEST, (params) => exportCatalog(session?.workspaceRoot, params, '0.1.0'));
connection.onRequest(SCAN_REPORT_REQUEST, (params: { uri: string; ignoreSizeLimit?: boolean }) => scanReportFor(params.uri, params.ignoreSizeLimit === true));
connection.onShutdown(() => scan?.stop());
connection.onCodeAction((params) => (session ? codeActions(session, params) : []));
connection.onRequest(CATALOG_EDIT_REQUEST, (params) => catalogEdit(params, documents, session?.trusted ?? false));

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
