import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';
import { pathToFileURL } from 'url';

import { LineIndex } from '../analysis/lineIndex';
import type { ConfigProblem } from '../config/projectConfig';
import { baselineLocation, markBaselined, projectBaseline } from '../engine/baseline';
import { checkDocument } from '../engine/checkDocument';
import { invalidConfiguration } from '../rules/invalid-configuration';
import { AnalysisQueue } from './analysisQueue';
import { ruleDocsUri, SOURCE, toDiagnostic } from './convert';
import type { Analysis, DocumentStore } from './documentStore';
import { governingPath } from './paths';
import { type Settings, validateSettings } from './settings';

/** The server's state: open documents, their analyses, settings per resource, trust. */
export class Session {
  readonly queue = new AnalysisQueue((uri) => this.analyseAndPublish(uri));
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly warned = new Set<string>();
  private readonly configProblems = new Map<string, ConfigProblem[]>();
  workspaceRoot: string | undefined;
  canPullConfiguration = false;
  /** Told of each analysis and close, for the workspace inventory. */
  listener?: { analysed(uri: string, analysis: Analysis): void; closed(uri: string): void };

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
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

  /** After a settings, trust or configuration-file change: forget and re-analyse everything open. */
  refreshAll(): void {
    this.settingsCache.clear();
    for (const doc of this.documents.all()) this.queue.request(doc.uri);
  }

  /** Analyses the current text of a document now (used when a code action needs fresh results). */
  analyseNow(doc: TextDocument, settings: Settings): Analysis {
    const text = doc.getText();
    const parsed = this.store.parsed(doc.uri, text);
    const lines = new LineIndex(text);
    let findings: Analysis['findings'] = [];
    if (settings.enable) {
      const file = governingPath(doc.uri, this.workspaceRoot);
      const result = checkDocument(text, file, () => parsed.tree, { trusted: this.trusted, workspaceFolder: this.workspaceRoot });
      findings = result.findings;
      // NOTE: an untrusted repository may not soften its findings, with a baseline or otherwise.
      const root = this.workspaceRoot ?? path.dirname(file);
      const baseline = this.trusted ? projectBaseline(result.config, root) : undefined;
      if (baseline) findings = markBaselined(findings, file, baseline);
      const problems = [...result.config.problems, ...(baseline?.problems ?? [])];
      this.noteConfigProblems(result.config.file, problems.filter((p) => p.file === result.config.file));
      // The default location too, so that a deleted baseline's problem is cleared.
      const baselineFile = baseline?.file ?? baselineLocation(result.config, root).file;
      this.noteConfigProblems(baselineFile, problems.filter((p) => p.file === baselineFile));
    }
    const analysis: Analysis = { version: doc.version, findings, lines };
    this.store.setAnalysis(doc.uri, analysis);
    this.listener?.analysed(doc.uri, analysis);
    return analysis;
  }

  private async analyseAndPublish(uri: string): Promise<void> {
    const settings = await this.settingsFor(uri);
    const doc = this.documents.get(uri);
    if (!doc) return;
    try {
      const analysis = this.analyseNow(doc, settings);
      const diagnostics = analysis.findings.map((f) => toDiagnostic(f, analysis.lines, analysis.version));
      await this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    } catch (err) {
      // NOTE: one bad file must never take the server down; say so and keep serving.
      this.connection.console.error(`ML Hygiene could not analyse ${uri}: ${(err as Error).stack ?? err}`);
    }
  }

  /** Publishes MLH001 diagnostics on a pyproject.toml (or baseline file) that has problems. */
  private noteConfigProblems(file: string | undefined, problems: ConfigProblem[]): void {
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

  /** Clears what was published for a closed document. */
  closed(uri: string): void {
    this.queue.cancel(uri);
    this.settingsCache.delete(uri);
    this.store.close(uri);
    this.listener?.closed(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
