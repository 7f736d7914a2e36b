import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { CATALOG_DIR, loadCatalog, type LoadedCatalog, MODELS_DIR } from '../../../server/src/catalog/fileCatalog';
import { suggestId } from '../../../server/src/catalog/catalogWrite';
import type { CatalogEntry } from '../../../server/src/catalog/schemaEntry';
import { applyCatalogEdit } from '../catalogEdits';
import { VIEWS } from '../constants';
import { changesFrom, CHOICES, emptyDraft, entryDraft, entryToDraft, knownOwners, previewYaml, requiredMarks, validateDraft } from './formModel';
import { declareArgs, type FormDraft, fromWebview, rejection, type ToWebview } from './messages';

/** What the form is doing: declaring a new entry in a catalog folder, or editing an entry's file. */
type Target = { mode: 'create'; catalogDir: string } | { mode: 'edit'; catalogDir: string; file: string; original: CatalogEntry };

/** What the page shows: its text, its markup and the distinct element names in it (tests). */
export type Probed = { text: string; html: string; tags: string[] };

/** What `receive` did with a message (the end-to-end tests read it). */
export type Received = { ok: true; saved?: string } | { ok: false; reason: string };

/**
 * The "Declare model" form: a webview view in the ML Hygiene container. The page is static
 * (media/declareForm.js and .css under a nonce CSP); it draws the form from the `state` message
 * and sends every edit back, and the extension validates with the catalog's zod schema, marks
 * what the policy requires and previews the YAML. Saving asks the server for the write and
 * applies it as a WorkspaceEdit (catalogEdits.ts), so a concurrent change is refused.
 */
export class DeclareFormView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private draft: FormDraft = emptyDraft();
  private target: Target | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly probes = new Map<string, (r: Probed) => void>();
  /** Messages rejected so far, for the tests and the log. */
  rejected = 0;

  constructor(private readonly client: LanguageClient, private readonly extensionUri: vscode.Uri, private readonly output: vscode.OutputChannel) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    this.disposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'declareForm.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'declareForm.css'));
    // NOTE: no 'unsafe-inline' anywhere: the page's only script is the nonce'd file, and
    // values from catalog files are set as text by that script, never as markup.
    const csp = `default-src 'none'; img-src ${webview.cspSource}; script-src 'nonce-${nonce}'; style-src ${webview.cspSource} 'nonce-${nonce}'; font-src ${webview.cspSource};`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Declare model</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the form…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  /**
   * `mlHygiene.declareModel [args]`: reveal the form, prefilled. `{ entryId, catalogDir }` edits
   * an entry; `{ path, format, suggestedId }` declares a model saved at `path`.
   */
  async open(arg?: unknown): Promise<void> {
    const parsed = declareArgs.safeParse(arg ?? {});
    if (!parsed.success) {
      this.output.appendLine(`Declare model: ignored an argument that is not { entryId, catalogDir } or { path, format, suggestedId }: ${rejection(parsed.error)}`);
    }
    const a = parsed.success ? parsed.data : {};
    if ('entryId' in a) {
      const dir = toPath(a.catalogDir);
      const record = loadCatalog(dir).get(a.entryId);
      if (record?.entry) {
        this.target = { mode: 'edit', catalogDir: dir, file: record.file, original: record.entry };
        this.draft = entryToDraft(record.entry);
      } else {
        void vscode.window.showWarningMessage(`ML Hygiene: the catalog has no valid entry "${a.entryId}" to edit; fix its file first, or declare it anew.`);
        this.target = { mode: 'create', catalogDir: dir };
        this.draft = emptyDraft({ id: a.entryId });
      }
    } else {
      const dir = a.catalogDir ? toPath(a.catalogDir) : defaultCatalogDir();
      this.target = dir ? { mode: 'create', catalogDir: dir } : undefined;
      const id = a.suggestedId ? suggestId(a.suggestedId) : a.path ? suggestId(path.basename(a.path).replace(/\.[^.]*$/, '')) : '';
      this.draft = emptyDraft({ id, path: a.path, format: a.format, match: a.match });
    }
    await vscode.commands.executeCommand(`${VIEWS.declareForm}.focus`);
    this.sendState();
  }

  private catalog(): LoadedCatalog | undefined {
    return this.target ? loadCatalog(this.target.catalogDir) : undefined;
  }

  private sendState(): void {
    const t = this.target ?? (defaultCatalogDir() ? { mode: 'create' as const, catalogDir: defaultCatalogDir()! } : undefined);
    this.target = t;
    const shown = t?.mode === 'edit' ? vscode.workspace.asRelativePath(t.file) : t ? vscode.workspace.asRelativePath(path.join(t.catalogDir, MODELS_DIR, '<id>.yaml')) : 'no folder is open';
    const owners = knownOwners(this.catalog()?.entries ?? []);
    this.post({ type: 'state', draft: this.draft, mode: t?.mode ?? 'create', target: shown, owners, trusted: vscode.workspace.isTrusted, choices: CHOICES });
    this.sendValidation();
  }

  private sendValidation(): void {
    const catalog = this.catalog();
    const own = this.target?.mode === 'edit' ? this.target.original.id : undefined;
    const ids = (catalog?.records ?? []).map((r) => r.id).filter((id) => id !== own);
    const errors = validateDraft(this.draft, ids);
    const required = catalog ? requiredMarks(this.draft, catalog.policy.policy) : [];
    this.post({ type: 'validation', errors, required, preview: previewYaml(this.draft) });
  }

  private post(message: ToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  /**
   * Handles one message from the webview; public so the end-to-end tests can send what the
   * page would. Anything that does not parse is rejected and logged, never acted upon.
   */
  async receive(raw: unknown): Promise<Received> {
    const parsed = fromWebview.safeParse(raw);
    if (!parsed.success) {
      this.rejected++;
      const reason = rejection(parsed.error);
      this.output.appendLine(`Declare model: rejected a malformed message from the form (${reason}).`);
      return { ok: false, reason };
    }
    const m = parsed.data;
    if (m.type === 'ready') this.sendState();
    else if (m.type === 'change') {
      this.draft = m.draft;
      this.sendValidation();
    } else if (m.type === 'probeResult') this.probes.get(m.probe)?.({ text: m.text, html: m.html, tags: m.tags });
    else return this.save(m.draft);
    return { ok: true };
  }

  private async save(draft: FormDraft): Promise<Received> {
    this.draft = draft;
    const fail = (reason: string): Received => {
      this.post({ type: 'error', message: reason });
      return { ok: false, reason };
    };
    if (!vscode.workspace.isTrusted) return fail('Restricted Mode: ML Hygiene writes nothing to an untrusted workspace. Trust the workspace to save the entry.');
    const t = this.target;
    if (!t) return fail('Open a folder first: the entry is written to its .mlcatalog/models/ folder.');
    this.sendValidation();
    const own = t.mode === 'edit' ? t.original.id : undefined;
    const errors = validateDraft(draft, (this.catalog()?.records ?? []).map((r) => r.id).filter((id) => id !== own));
    if (Object.keys(errors).length) return fail(`Fix the ${Object.keys(errors).length === 1 ? 'field' : `${Object.keys(errors).length} fields`} marked in red first; nothing was written.`);
    const changes = t.mode === 'edit' ? changesFrom(t.original, draft) : [];
    if (t.mode === 'edit' && changes.length === 0) return fail('Nothing changed; nothing was written.');
    const params = t.mode === 'create'
      ? { action: 'createEntry', catalogDir: vscode.Uri.file(t.catalogDir).toString(), draft: entryDraft(draft) }
      : { action: 'updateFields', file: vscode.Uri.file(t.file).toString(), changes };
    let refused = '';
    const written = await applyCatalogEdit(this.client, params, (message) => (refused = message));
    if (!written?.[0]) return fail(refused || 'Nothing was written.');
    const file = written[0];
    await vscode.window.showTextDocument(file, { preview: false });
    // NOTE: from now on the form edits the entry it wrote (a second Save updates it, never a duplicate).
    const entry = loadCatalog(t.catalogDir).get(draft.id.trim())?.entry;
    if (t.mode === 'create' && entry) this.target = { mode: 'edit', catalogDir: t.catalogDir, file: file.fsPath, original: entry };
    this.post({ type: 'saved', file: vscode.workspace.asRelativePath(file) });
    return { ok: true, saved: file.toString() };
  }

  /** The form's current draft (tests). */
  snapshot(): { draft: FormDraft; mode: 'create' | 'edit' | undefined; visible: boolean } {
    return { draft: this.draft, mode: this.target?.mode, visible: Boolean(this.view) };
  }

  /** Asks the page what it shows (its text and markup), for the tests' DOM checks. */
  async probe(timeoutMs = 20_000): Promise<Probed> {
    if (!this.view) throw new Error('the Declare model view is not resolved');
    const id = randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.probes.delete(id), reject(new Error('the form did not answer the probe'))), timeoutMs);
      this.probes.set(id, (r) => (clearTimeout(timer), this.probes.delete(id), resolve(r)));
      this.post({ type: 'probe', probe: id });
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toPath(uriOrPath: string): string {
  return uriOrPath.startsWith('file:') ? vscode.Uri.parse(uriOrPath).fsPath : uriOrPath;
}

/** The `.mlcatalog` of the first workspace folder that has one, else where the first folder would get one. */
function defaultCatalogDir(): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const existing = folders.map((f) => path.join(f.uri.fsPath, CATALOG_DIR)).find((d) => fs.existsSync(d));
  return existing ?? (folders[0] ? path.join(folders[0].uri.fsPath, CATALOG_DIR) : undefined);
}
