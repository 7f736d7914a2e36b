import {
  CodeAction,
  CodeActionKind,
  Command,
  CreateFile,
  type Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type OptionalVersionedTextDocumentIdentifier,
  type Range,
  TextDocumentEdit,
  TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { pathToFileURL } from 'url';

import type { LineIndex } from '../analysis/lineIndex';
import { LineIndex as Lines } from '../analysis/lineIndex';
import type { CellEdit, NotebookSource } from '../analysis/notebook/notebookSource';
import type { CatalogRequest, Finding, Fix, Severity, TextEdit } from '../analysis/types';
import type { CatalogWrite } from '../catalog/catalogWrite';
import type { ReportedFinding } from '../cli/fileResult';
import type { CatalogProblem } from '../catalog/yamlSource';

/** The only module that turns engine findings into LSP values. */

export const SOURCE = 'ML Hygiene';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlHygiene`;
/** Fix-all over a whole notebook (`notebook.codeActionsOnSave`), as VS Code names notebook-level kinds. */
export const NOTEBOOK_FIX_ALL_KIND = `notebook.${FIX_ALL_KIND}`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule page, opened offline by the extension's URI handler. */
export function ruleDocsUri(code: string): string {
  return `vscode://mlhygiene.ml-hygiene/rule/${code}`;
}

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** Data carried by each diagnostic so code actions find their finding again. */
export interface DiagnosticData {
  code: string;
  start: number;
  end: number;
  version: number;
}

export function toDiagnostic(finding: Finding, lines: LineIndex, version: number): Diagnostic {
  const data: DiagnosticData = { code: finding.code, start: finding.start, end: finding.end, version };
  return {
    range: toRange(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocsUri(finding.code) },
    source: SOURCE,
    message: finding.message,
    tags: finding.suppressed || finding.baselined ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}

/** A model-file finding as a diagnostic on the file's first line (a model file has no lines to point at). */
export function toModelDiagnostic(f: ReportedFinding): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocsUri(f.code) },
    source: SOURCE,
    message: f.message,
  };
}

export function toTextEdits(lines: LineIndex, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => LspTextEdit.replace(toRange(lines, e.start, e.end), e.newText));
}

/** The command that applies a fix's catalog write in the client, guarded (client/src/catalogEdits.ts). */
export const APPLY_CATALOG_EDIT = 'mlHygiene.applyCatalogEdit';

/** A fix's catalog request as `mlHygiene/catalogEdit` params: paths as file URIs. */
function catalogParams(request: CatalogRequest): unknown {
  const uri = (p: string) => pathToFileURL(p).toString();
  return request.action === 'createCatalog' ? { action: request.action, folder: uri(request.folder) } : { ...request, catalogDir: uri(request.catalogDir) };
}

/** The command that opens the "Declare model" form (client/src/declareForm/declareFormView.ts). */
export const DECLARE_MODEL = 'mlHygiene.declareModel';

/**
 * In the editor a new entry is declared through the form, prefilled with what the code shows
 * (id, path, format, match signals), so a person fills the owners and business use before
 * anything is written; other catalog writes are applied at once. The CLI writes the fix's
 * draft itself (`catalogEdit` on the fix), without this command.
 */
function catalogCommand(title: string, request: CatalogRequest): Command {
  if (request.action !== 'createEntry') return Command.create(title, APPLY_CATALOG_EDIT, catalogParams(request));
  const { draft } = request;
  return Command.create(title, DECLARE_MODEL, {
    catalogDir: pathToFileURL(request.catalogDir).toString(),
    suggestedId: draft.id,
    ...(draft.match?.paths?.[0] ? { path: draft.match.paths[0] } : {}),
    ...(draft.format ? { format: draft.format } : {}),
    ...(draft.match ? { match: draft.match } : {}),
  });
}

/** A quick fix as a versioned edit, so a fix computed for an old version is rejected. */
export function toCodeAction(fix: Fix, doc: OptionalVersionedTextDocumentIdentifier, lines: LineIndex, diagnostic?: Diagnostic): CodeAction {
  const action = fix.catalogEdit && fix.edits.length === 0
    ? CodeAction.create(fix.title, CodeActionKind.QuickFix)
    : CodeAction.create(fix.title, { documentChanges: [TextDocumentEdit.create(doc, toTextEdits(lines, fix.edits))] }, CodeActionKind.QuickFix);
  // NOTE: the editor applies the edit first, then runs the command that writes the catalog.
  if (fix.catalogEdit) action.command = catalogCommand(fix.title, fix.catalogEdit);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}

/** The "fix all" source action over a set of edits. */
export function toFixAll(edits: readonly TextEdit[], doc: OptionalVersionedTextDocumentIdentifier, lines: LineIndex, kind: string): CodeAction {
  return CodeAction.create('Fix all ML Hygiene problems with a safe fix', { documentChanges: [TextDocumentEdit.create(doc, toTextEdits(lines, edits))] }, kind);
}

/**
 * Edits of notebook cells as versioned edits of the cell documents (ranges in each cell), so a
 * fix made for an older text of any of its cells is rejected.
 */
export function toCellChanges(edits: readonly CellEdit[], source: NotebookSource, cells: readonly OptionalVersionedTextDocumentIdentifier[]): TextDocumentEdit[] {
  const byCell = new Map<number, CellEdit[]>();
  for (const e of edits) byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), e]);
  return [...byCell].sort(([a], [b]) => a - b).map(([cell, list]) => TextDocumentEdit.create(cells[cell], toTextEdits(source.lines(cell), list)));
}

/** A code action whose edits span the cells of a notebook. */
export function toCellAction(title: string, changes: TextDocumentEdit[], kind: string, fix?: Fix, diagnostic?: Diagnostic): CodeAction {
  const action = CodeAction.create(title, { documentChanges: changes }, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix?.preferred) action.isPreferred = true;
  return action;
}

/** A problem of a catalog YAML file, shown at its key in that file. */
export function toCatalogDiagnostic(problem: CatalogProblem): Diagnostic {
  return { range: { start: problem.start, end: problem.end }, severity: SEVERITY[problem.severity], code: 'mlcatalog', source: SOURCE, message: problem.message };
}

/** What guards a catalog edit: each file's URI and the SHA-256 its text must still have (null: must not exist). */
export interface CatalogEditGuard {
  uri: string;
  hash: string | null;
}

/**
 * A catalog write as a WorkspaceEdit (new files created, never overwritten) with its guards; the
 * client applies it only while every guarded file still has its hash. `texts` are the texts the
 * edits were made against, by file.
 */
export function toCatalogEdit(write: CatalogWrite, texts: ReadonlyMap<string, string>): { edit: WorkspaceEdit; guards: CatalogEditGuard[]; summary: string } {
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  const guards: CatalogEditGuard[] = [];
  for (const f of write.files) {
    const uri = pathToFileURL(f.file).toString();
    if (f.readHash === undefined) documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
    guards.push({ uri, hash: f.readHash ?? null });
    documentChanges.push(TextDocumentEdit.create({ uri, version: null }, toTextEdits(new Lines(texts.get(f.file) ?? ''), f.edits)));
  }
  return { edit: { documentChanges }, guards, summary: write.summary };
}
