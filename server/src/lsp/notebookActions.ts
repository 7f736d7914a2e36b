import { type CodeAction, type CodeActionParams, CodeActionKind } from 'vscode-languageserver';

import { preferredEdits } from '../analysis/applyFixes';
import type { TextEdit } from '../analysis/types';
import { FIX_ALL_KIND, NOTEBOOK_FIX_ALL_KIND, toCellAction, toCellChanges } from './convert';
import type { NotebookAnalysis } from './documentStore';
import { analyseNotebook, isCurrent } from './notebooks';
import type { Session } from './session';

const FIX_ALL_TITLE = 'Fix all ML Hygiene problems with a safe fix';

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** A set of joined edits as a code action over the cells they touch. */
function action(analysis: NotebookAnalysis, title: string, edits: TextEdit[], kind: string): CodeAction {
  return toCellAction(title, toCellChanges(analysis.source.cellEdits(edits), analysis.source, analysis.cells), kind);
}

/**
 * Code actions in a notebook cell: the quick fixes of the findings under the cursor, fix-all for
 * the findings of the cell (`source.fixAll.mlHygiene`) or of the whole notebook
 * (`notebook.source.fixAll.mlHygiene`). Their edits are versioned edits of the cell documents
 * they touch: a fix can add an import to the first cell and change a call in the fifth.
 */
export async function notebookCodeActions(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const nb = session.notebookOf(uri);
  if (!nb) return [];
  const settings = await session.settingsFor(nb.uri);
  if (!settings.enable || !settings.notebooks.enable) return [];
  let analysis = session.store.notebookAnalysis(nb.uri);
  if (!isCurrent(analysis, nb, session.documents)) analysis = analyseNotebook(session, nb, settings);
  const cell = analysis.cells.findIndex((c) => c.uri === uri);
  if (cell === -1) return [];
  const { source, findings } = analysis;
  const lines = source.lines(cell);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const inCell = findings.filter((f) => source.rangeIn(f.start, f.end).cell === cell);

  if (wants(only, CodeActionKind.QuickFix)) {
    const from = source.offsetOf(cell, lines.offsetAt(params.range.start));
    const to = source.offsetOf(cell, lines.offsetAt(params.range.end));
    for (const finding of inCell) {
      if (finding.end < from || finding.start > to) continue;
      const start = source.rangeIn(finding.start, finding.end).start;
      const diagnostic = params.context.diagnostics.find((d) => d.code === finding.code && lines.offsetAt(d.range.start) === start);
      for (const fix of finding.fixes) {
        actions.push(toCellAction(fix.title, toCellChanges(source.cellEdits(fix.edits), source, analysis.cells), CodeActionKind.QuickFix, fix, diagnostic));
      }
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const edits = preferredEdits(inCell);
    if (edits.length > 0) actions.push(action(analysis, FIX_ALL_TITLE, edits, FIX_ALL_KIND));
  }
  if (only && wants(only, NOTEBOOK_FIX_ALL_KIND)) {
    const edits = preferredEdits(findings);
    if (edits.length > 0) actions.push(action(analysis, `${FIX_ALL_TITLE} (whole notebook)`, edits, NOTEBOOK_FIX_ALL_KIND));
  }
  return actions;
}
