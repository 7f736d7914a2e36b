import type { Connection, Diagnostic, NotebookDocuments, TextDocuments } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

import { LineIndex } from '../analysis/lineIndex';
import type { Finding } from '../analysis/types';
import { CATALOG_DIR, loadCatalog } from '../catalog/fileCatalog';
import type { CatalogProblem } from '../catalog/yamlSource';
import type { ConfigProblem, ProjectConfig } from '../config/projectConfig';
import { baselineLocation, markBaselined, projectBaseline } from '../engine/baseline';
import { checkDocument } from '../engine/checkDocument';
import { invalidConfiguration } from '../rules/invalid-configuration';
import { AnalysisQueue } from './analysisQueue';
import { catalogFileProblems } from './catalogDocuments';
import { ruleDocsUri, SOURCE, toCatalogDiagnostic, toDiagnostic } from './convert';
import type { Analysis, DocumentStore, NotebookAnalysis } from './documentStore';
import { isNotebookFile, notebookFileFindings } from './notebookFile';
import { analyseNotebook, isCellUri, NotebookPublisher, notebookOfCell } from './notebooks';
import { governingPath, uriToPath } from './paths';
import { type Settings, validateSettings } from './settings';

/** A YAML file under a `.mlcatalog/` folder. */
export function isCatalogYaml(file: string): boolean {
  return /\.ya?ml$/i.test(file) && file.split(/[\\/]/).includes('.mlcatalog');
}

/** The server's state: open documents and notebooks, their analyses, settings per resource, trust. */
export class Session {
  readonly queue = new AnalysisQueue((uri) => this.analyseAndPublish(uri));
  readonly publisher = new NotebookPublisher(this);
  private readonly openNotebooks = new Set<string>();
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly warned = new Set<string>();
  private readonly configProblems = new Map<string, ConfigProblem[]>();
  private readonly catalogPublished = new Set<string>();
  /** Information for catalog YAML files from the model files the workspace scan hashed (MLH305), by model file. */
  private readonly modelNotes = new Map<string, CatalogProblem[]>();
  workspaceRoot: string | undefined;
  canPullConfiguration = false;
  /** Told of each analysis and close, for the workspace inventory. */
  listener?: { analysed(uri: string, analysis: Analysis): void; notebookAnalysed(uri: string, analysis: NotebookAnalysis): void; closed(uri: string): void };

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly notebooks: NotebookDocuments<TextDocument>,
    readonly store: DocumentStore,
    public trusted: boolean,
  ) {}

  /** Settings for a document, pulled once per resource until the configuration changes. */
  settingsFor(uri: string): Promise<Settings> {
    let pending = this.settingsCache.get(uri);
    if (!pending) {
      pending = this.pullSettings(uri);
      this.settingsCache.set(uri, pending);
    }
    return pending;
  }

  private async pullSettings(uri: string): Promise<Settings> {
    const raw = this.canPullConfiguration
      ? await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'mlHygiene' }).catch(() => ({}))
      : {};
    const { settings, problem } = validateSettings(raw);
    if (problem && !this.warned.has(problem)) {
      this.warned.add(problem);
      void this.connection.window.showWarningMessage(problem);
    }
    return settings;
  }

  /**
   * Asks for an analysis of a file or a notebook. A cell's own text events are left to the
   * notebook's events, which come with the cells in order.
   */
  request(uri: string): void {
    if (!isCellUri(uri)) this.queue.request(uri);
  }

  notebookOpened(uri: string): void {
    this.openNotebooks.add(uri);
    this.queue.request(uri);
  }

  /** After a settings, trust or configuration-file change: forget and re-analyse everything open. */
  refreshAll(): void {
    this.settingsCache.clear();
    for (const doc of this.documents.all()) this.request(doc.uri);
    for (const uri of this.openNotebooks) this.queue.request(uri);
    this.publishCatalog();
  }

  /**
   * Publishes the problems of every file of the workspace folder's catalog that is not open (an
   * open one is checked as it is typed), so the Problems view lists them; clears what was fixed.
   */
  publishCatalog(): void {
    if (!this.workspaceRoot) return;
    const dir = path.join(this.workspaceRoot, CATALOG_DIR);
    const byFile = new Map<string, CatalogProblem[]>();
    try {
      const notes = [...this.modelNotes.values()].flat();
      if (fs.existsSync(dir)) for (const p of [...loadCatalog(dir).problems(), ...notes]) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    } catch (err) {
      this.connection.console.error(`ML Hygiene could not read the catalog ${dir}: ${(err as Error).stack ?? err}`);
      return;
    }
    const uris = new Map([...byFile].map(([file, problems]) => [pathToFileURL(file).toString(), problems]));
    for (const uri of new Set([...this.catalogPublished, ...uris.keys()])) {
      if (this.documents.get(uri)) continue;
      const problems = uris.get(uri) ?? [];
      void this.connection.sendDiagnostics({ uri, diagnostics: problems.map(toCatalogDiagnostic) });
      if (problems.length) this.catalogPublished.add(uri);
      else this.catalogPublished.delete(uri);
    }
  }

  /** Records the catalog notes a model file gave (replacing its previous ones) and republishes. */
  setModelNotes(modelFile: string, notes: CatalogProblem[]): void {
    const before = this.modelNotes.get(modelFile) ?? [];
    if (JSON.stringify(before) === JSON.stringify(notes)) return;
    if (notes.length) this.modelNotes.set(modelFile, notes);
    else this.modelNotes.delete(modelFile);
    this.publishCatalog();
    for (const file of new Set([...before, ...notes].map((n) => n.file))) {
      const uri = pathToFileURL(file).toString();
      if (this.documents.get(uri)) this.queue.request(uri);
    }
  }

  /** What the workspace scan's model files say about a catalog YAML file (MLH305 notes). */
  notesFor(catalogFile: string): CatalogProblem[] {
    return [...this.modelNotes.values()].flat().filter((n) => n.file === catalogFile);
  }

  /** Analyses the current text of a document now (used when a code action needs fresh results). */
  analyseNow(doc: TextDocument, settings: Settings): Analysis {
    const text = doc.getText();
    const lines = new LineIndex(text);
    let findings: Analysis['findings'] = [];
    if (isNotebookFile(doc.uri)) {
      if (settings.enable && settings.notebooks.enable) findings = notebookFileFindings(this, doc.uri, text, governingPath(doc.uri, this.workspaceRoot));
      const analysis: Analysis = { version: doc.version, findings, lines };
      this.store.setAnalysis(doc.uri, analysis);
      return analysis;
    }
    const parsed = this.store.parsed(doc.uri, text);
    if (settings.enable) {
      const file = governingPath(doc.uri, this.workspaceRoot);
      const result = checkDocument(text, file, () => parsed.tree, { trusted: this.trusted, workspaceFolder: this.workspaceRoot });
      findings = this.withBaseline(result.findings, result.config, file);
    }
    const analysis: Analysis = { version: doc.version, findings, lines };
    this.store.setAnalysis(doc.uri, analysis);
    this.listener?.analysed(doc.uri, analysis);
    return analysis;
  }

  /**
   * Greys the findings the project's baseline holds (as the CLI leaves them out) and publishes
   * the configuration's and the baseline's problems on their files.
   */
  withBaseline(findings: Finding[], config: ProjectConfig, file: string): Finding[] {
    // NOTE: an untrusted repository may not soften its findings, with a baseline or otherwise.
    const root = this.workspaceRoot ?? path.dirname(file);
    const baseline = this.trusted ? projectBaseline(config, root) : undefined;
    const problems = [...config.problems, ...(baseline?.problems ?? [])];
    this.noteConfigProblems(config.file, problems.filter((p) => p.file === config.file));
    // The default location too, so that a deleted baseline's problem is cleared.
    const baselineFile = baseline?.file ?? baselineLocation(config, root).file;
    this.noteConfigProblems(baselineFile, problems.filter((p) => p.file === baselineFile));
    return baseline ? markBaselined(findings, file, baseline) : findings;
  }

  private async analyseAndPublish(uri: string): Promise<void> {
    const settings = await this.settingsFor(uri);
    const notebook = this.notebooks.getNotebookDocument(uri);
    if (notebook) {
      try {
        await this.publisher.publish(uri, analyseNotebook(this, notebook, settings));
      } catch (err) {
        this.connection.console.error(`ML Hygiene could not analyse ${uri}: ${(err as Error).stack ?? err}`);
      }
      return;
    }
    const doc = this.documents.get(uri);
    if (!doc) return;
    try {
      const file = uriToPath(uri);
      if (file && isCatalogYaml(file)) {
        // A catalog file: its own problems, at their keys, whatever the Python settings say.
        const diagnostics = [...catalogFileProblems(file, doc.getText()), ...this.notesFor(file)].map(toCatalogDiagnostic);
        await this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
        return;
      }
      const analysis = this.analyseNow(doc, settings);
      const diagnostics = analysis.findings.map((f) => toDiagnostic(f, analysis.lines, analysis.version));
      await this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    } catch (err) {
      // NOTE: one bad file must never take the server down; say so and keep serving.
      this.connection.console.error(`ML Hygiene could not analyse ${uri}: ${(err as Error).stack ?? err}`);
    }
  }

  /** Publishes MLH001 diagnostics on a pyproject.toml (or baseline file) that has problems. */
  noteConfigProblems(file: string | undefined, problems: ConfigProblem[]): void {
    if (!file) return;
    const previous = this.configProblems.get(file);
    if (previous ? JSON.stringify(previous) === JSON.stringify(problems) : problems.length === 0) return;
    this.configProblems.set(file, problems);
    const diagnostics: Diagnostic[] = problems.map((p) => ({
      range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: 10_000 } },
      severity: DiagnosticSeverity.Error,
      code: invalidConfiguration.code,
      codeDescription: { href: ruleDocsUri(invalidConfiguration.code) },
      source: SOURCE,
      message: p.message,
    }));
    void this.connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics });
  }

  /** Forgets a closed notebook and clears its cells' diagnostics. */
  notebookClosed(uri: string): void {
    this.openNotebooks.delete(uri);
    this.queue.cancel(uri);
    this.settingsCache.delete(uri);
    this.store.close(uri);
    this.publisher.closed(uri);
    this.listener?.closed(uri);
  }

  /** The open notebook of a cell URI. */
  notebookOf(cellUri: string) {
    return notebookOfCell(this.notebooks, cellUri);
  }

  /** Clears what was published for a closed document (a cell: removed, or its notebook closed). */
  closed(uri: string): void {
    this.queue.cancel(uri);
    this.settingsCache.delete(uri);
    this.store.close(uri);
    this.listener?.closed(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // A closed catalog file is listed again as it is on disk.
    const file = uriToPath(uri);
    if (file && isCatalogYaml(file)) this.publishCatalog();
  }
}
