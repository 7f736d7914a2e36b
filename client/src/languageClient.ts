import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { artifactGlobs } from '../../server/src/artifacts/extensions';
import { COMMANDS, CONFIG_SECTION, DEBUG_PORT, DISPLAY_NAME, EXTENSION_ID, SERVER_PATH } from './constants';
import { NotifyingErrorHandler } from './errorHandler';

/**
 * Files whose changes the server must hear about: project configuration, the catalog and
 * baselines (every verdict may change), and Python files, notebooks and model files (the
 * workspace scan rechecks them).
 */
const WATCHED = ['**/pyproject.toml', '**/requirements*.txt', '**/{uv,poetry}.lock', '**/environment.{yml,yaml}', '**/.mlcatalog/**', '**/.ml-hygiene-baseline.json', '**/*.py', '**/*.ipynb', ...artifactGlobs()];

/** The bundled server over Node IPC; in debug mode with an inspector on {@link DEBUG_PORT}. */
function serverOptions(extensionUri: vscode.Uri): ServerOptions {
  const module = vscode.Uri.joinPath(extensionUri, SERVER_PATH).fsPath;
  return {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] },
    },
  };
}

/**
 * Builds the client (not yet started). Python files, untitled buffers, the Python cells of
 * Jupyter notebooks and the Interactive Window, and the catalog's YAML files are selected: the
 * server asks for notebooks itself (its `notebookDocumentSync` capability), but cells must match
 * the selector too, or code actions never reach them. The file watchers are returned with it
 * for disposal.
 */
export function createLanguageClient(
  extensionUri: vscode.Uri,
  output: vscode.OutputChannel,
): { client: LanguageClient; disposables: vscode.Disposable[] } {
  const watchers = WATCHED.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const errorHandler = new NotifyingErrorHandler(output, () => client.createDefaultErrorHandler());
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'vscode-notebook-cell', language: 'python' },
      { notebook: 'jupyter-notebook', language: 'python' },
      { notebook: 'interactive', language: 'python' },
      // A notebook opened as text (its JSON), for MLH003 when it is not a readable notebook.
      { scheme: 'file', pattern: '**/*.ipynb' },
      // The catalog's YAML files, for their diagnostics (server/src/lsp/catalogDocuments.ts).
      { scheme: 'file', pattern: '**/.mlcatalog/**/*.{yaml,yml}' },
    ],
    // NOTE: settings are pulled with workspace/configuration; this only makes the client send
    // didChangeConfiguration so the server knows when to pull again.
    synchronize: { configurationSection: CONFIG_SECTION, fileEvents: watchers },
    outputChannel: output,
    // NOTE: a function, so a restart after the workspace is trusted sends the new value.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    errorHandler,
    middleware: { handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkToThisEditor)) },
  };
  const server = serverOptions(extensionUri);
  const client = new LanguageClient(CONFIG_SECTION, DISPLAY_NAME, server, clientOptions);
  return { client, disposables: watchers };
}

/**
 * Points a rule-docs link (`vscode://mlhygiene.ml-hygiene/rule/CODE`) at this editor: the scheme
 * of the editor actually running (`vscode-insiders`, `vscodium`...), so the click reaches this
 * extension's URI handler and not another installed editor. In a browser-hosted VS Code
 * (code-server, vscode.dev) a custom scheme would navigate the page away, so the link becomes the
 * command the URI handler runs; the workbench opens diagnostic code links with commands allowed.
 */
function linkToThisEditor(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code !== 'object' || code.target.scheme !== 'vscode' || code.target.authority !== EXTENSION_ID) return diagnostic;
  const rule = /^\/rule\/(MLH\d{3})$/.exec(code.target.path)?.[1];
  if (rule && vscode.env.uiKind === vscode.UIKind.Web) {
    const target = vscode.Uri.parse(`command:${COMMANDS.openRuleDocs}?${encodeURIComponent(JSON.stringify([rule]))}`);
    diagnostic.code = { value: code.value, target };
  } else if (vscode.env.uriScheme !== 'vscode') {
    diagnostic.code = { value: code.value, target: code.target.with({ scheme: vscode.env.uriScheme }) };
  }
  return diagnostic;
}

/**
 * Restarts the server, or starts it if it is not running (after the client gave up on it, or
 * if it never started), so one command recovers from every state.
 */
export async function restartClient(client: LanguageClient): Promise<void> {
  if (client.isRunning()) await client.restart();
  else await client.start();
}
