import { type Diagnostic, type NotebookDocument, NotebookCellKind, type NotebookDocuments, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { NotebookSource } from '../analysis/notebook/notebookSource';
import { checkNotebook } from '../engine/checkNotebook';
import { toDiagnostic } from './convert';
import type { NotebookAnalysis } from './documentStore';
import { governingPath } from './paths';
import type { Session } from './session';
import type { Settings } from './settings';

/**
 * Cells are told apart from files by their URI scheme (style.md §4.2): while a notebook opens,
 * its cells reach the text documents before the notebook is known, so a lookup would miss them.
 */
export function isCellUri(uri: string): boolean {
  return uri.startsWith('vscode-notebook-cell:');
}

/** The Python code cells of a notebook, in order, with their text documents. */
function codeCells(nb: NotebookDocument, documents: TextDocuments<TextDocument>): TextDocument[] {
  return nb.cells.flatMap((cell) => {
    const doc = cell.kind === NotebookCellKind.Code ? documents.get(cell.document) : undefined;
    return doc?.languageId === 'python' ? [doc] : [];
  });
}

/** True when the analysis was made for the notebook's and every code cell's current version. */
export function isCurrent(analysis: NotebookAnalysis | undefined, nb: NotebookDocument, documents: TextDocuments<TextDocument>): analysis is NotebookAnalysis {
  if (!analysis || analysis.version !== nb.version) return false;
  const cells = codeCells(nb, documents);
  return cells.length === analysis.cells.length && cells.every((d, i) => analysis.cells[i].uri === d.uri && analysis.cells[i].version === d.version);
}

/** Analyses a notebook's code cells as one module (the tree is reparsed incrementally). */
export function analyseNotebook(session: Session, nb: NotebookDocument, settings: Settings): NotebookAnalysis {
  const docs = codeCells(nb, session.documents);
  const previous = session.store.notebookAnalysis(nb.uri);
  const source = new NotebookSource(docs.map((d) => d.getText()), previous?.source);
  let findings: NotebookAnalysis['findings'] = [];
  if (settings.enable && settings.notebooks.enable) {
    const parsed = session.store.parsed(nb.uri, source.text);
    const file = governingPath(nb.uri, session.workspaceRoot);
    const result = checkNotebook(source, file, () => parsed.tree, { trusted: session.trusted, workspaceFolder: session.workspaceRoot });
    findings = session.withBaseline(result.findings, result.config, file);
  }
  const analysis: NotebookAnalysis = { version: nb.version, cells: docs.map((d) => ({ uri: d.uri, version: d.version })), source, findings };
  session.store.setNotebookAnalysis(nb.uri, analysis);
  session.listener?.notebookAnalysed(nb.uri, analysis);
  return analysis;
}

/** Diagnostics per code cell, ranges and offsets in the cell's own text. */
function cellDiagnostics(analysis: NotebookAnalysis): Diagnostic[][] {
  const { source, cells } = analysis;
  const perCell: Diagnostic[][] = cells.map(() => []);
  for (const f of analysis.findings) {
    const r = source.rangeIn(f.start, f.end);
    perCell[r.cell]?.push(toDiagnostic({ ...f, start: r.start, end: r.end }, source.lines(r.cell), cells[r.cell].version));
  }
  return perCell;
}

/**
 * Publishes the diagnostics of each code cell: on the first publish every cell gets a list, empty
 * for a clean cell (so stale ones clear); afterwards only the cells whose diagnostics changed, so
 * an edit in a 300-cell notebook sends one or two messages, not 300. Cells that left the notebook
 * (removed, or turned into markdown) are cleared.
 */
export class NotebookPublisher {
  /** Per notebook: what each cell URI last received (without versions). */
  private readonly sent = new Map<string, Map<string, string>>();

  constructor(private readonly session: Session) {}

  async publish(notebookUri: string, analysis: NotebookAnalysis): Promise<void> {
    const before = this.sent.get(notebookUri) ?? new Map<string, string>();
    const now = new Map<string, string>();
    const perCell = cellDiagnostics(analysis);
    const sends: Array<Promise<void>> = [];
    analysis.cells.forEach((cell, i) => {
      const key = JSON.stringify(perCell[i].map((d) => [d.code, d.range, d.severity, d.message, d.tags]));
      now.set(cell.uri, key);
      if (before.get(cell.uri) !== key) sends.push(this.session.connection.sendDiagnostics({ uri: cell.uri, version: cell.version, diagnostics: perCell[i] }));
    });
    for (const uri of before.keys()) if (!now.has(uri)) sends.push(this.session.connection.sendDiagnostics({ uri, diagnostics: [] }));
    this.sent.set(notebookUri, now);
    await Promise.all(sends);
  }

  /** Clears every cell of a closed notebook. */
  closed(notebookUri: string): void {
    for (const uri of this.sent.get(notebookUri)?.keys() ?? []) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.sent.delete(notebookUri);
  }
}

/** The open notebook a cell belongs to (undefined for a cell of no open notebook). */
export function notebookOfCell(notebooks: NotebookDocuments<TextDocument>, cellUri: string): NotebookDocument | undefined {
  const nb = notebooks.findNotebookDocumentForCell(cellUri);
  // NOTE: the library keeps removed cells in its map; the notebook's own cell list decides.
  return nb?.cells.some((c) => c.document === cellUri) ? nb : undefined;
}
