import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { SCAN_REPORT_REQUEST, type ScanReport } from '../../../server/src/lsp/scanReportProtocol';
import { VIEWS } from '../constants';
import { escape, reportBody } from './modelReportHtml';

/** The hex editor, when installed; otherwise "open anyway" opens the text editor. */
const HEX_EDITOR = { extension: 'ms-vscode.hexeditor', viewType: 'hexEditor.hexedit' };

/**
 * The read-only "scan report" editor of model files (package.json `customEditors`): the server
 * scans the file in its scan thread and the webview shows what it imports, each with its
 * verdict, instead of binary noise. The extension host never parses the file.
 */
export class ModelReportEditor implements vscode.CustomReadonlyEditorProvider {
  /** The last report shown for each open file (read by the end-to-end tests). */
  readonly reports = new Map<string, ScanReport>();
  /** Each open report's "Scan anyway" (a scan without the size cap), by file URI. */
  private readonly rescans = new Map<string, () => Promise<void>>();

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
  ) {}

  register(): vscode.Disposable {
    const options = { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true };
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(VIEWS.modelReport, this, options),
      vscode.window.registerCustomEditorProvider(VIEWS.modelReportOption, this, options),
    );
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return {
      uri,
      dispose: () => {
        this.reports.delete(uri.toString());
        this.rescans.delete(uri.toString());
      },
    };
  }

  /** The report's "Scan anyway" button: scans the file past mlHygiene.artifacts.maxFileSizeMB, once. */
  async scanAnyway(uri: string): Promise<void> {
    await this.rescans.get(uri)?.();
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const name = document.uri.path.split('/').pop() ?? document.uri.toString();
    panel.webview.html = this.page(panel.webview, `<h1>${escape(name)}</h1><p id="verdict">Scanning…</p>`);
    const key = document.uri.toString();
    const show = async (ignoreSizeLimit: boolean) => {
      try {
        await this.client.start().catch(() => undefined);
        const report = await this.client.sendRequest<ScanReport>(SCAN_REPORT_REQUEST, { uri: key, ignoreSizeLimit });
        this.reports.set(key, report);
        panel.webview.html = this.page(panel.webview, reportBody(report, name));
      } catch (err) {
        panel.webview.html = this.page(panel.webview, `<h1>${escape(name)}</h1><p id="verdict">The scan failed: ${escape(String((err as Error)?.message ?? err))}</p>`);
      }
    };
    this.rescans.set(key, () => {
      panel.webview.html = this.page(panel.webview, `<h1>${escape(name)}</h1><p id="verdict">Scanning the whole file…</p>`);
      return show(true);
    });
    panel.webview.onDidReceiveMessage((msg: { type?: string }) => {
      if (msg?.type === 'openAsText') void this.openAnyway(document.uri);
      if (msg?.type === 'scanAnyway') void this.scanAnyway(key);
    });
    await show(false);
  }

  private async openAnyway(uri: vscode.Uri): Promise<void> {
    const hex = vscode.extensions.getExtension(HEX_EDITOR.extension);
    await vscode.commands.executeCommand('vscode.openWith', uri, hex ? HEX_EDITOR.viewType : 'default');
  }

  private page(webview: vscode.Webview, body: string): string {
    const nonce = randomBytes(16).toString('base64');
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'modelReport.css'));
    const js = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'modelReport.js'));
    const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Model scan report</title></head>
<body>
<button id="open-as-text" type="button">Open as text/hex anyway</button>
${body}
<script nonce="${nonce}" src="${js}"></script>
</body></html>`;
  }
}
