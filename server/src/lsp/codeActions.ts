import { type CodeAction, type CodeActionParams, CodeActionKind } from 'vscode-languageserver';

import { preferredEdits } from '../analysis/applyFixes';
import { catalogYamlActions } from './catalogActions';
import { FIX_ALL_KIND, toCodeAction, toFixAll } from './convert';
import { notebookCodeActions } from './notebookActions';
import { isCellUri } from './notebooks';
import { uriToPath } from './paths';
import { isCatalogYaml, type Session } from './session';

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/**
 * Quick fixes come straight from the findings of the analysed version (no second analysis);
 * edits are versioned so the editor rejects a fix made for text that has changed since.
 */
export async function codeActions(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  if (isCellUri(params.textDocument.uri)) return notebookCodeActions(session, params);
  const doc = session.documents.get(params.textDocument.uri);
  const file = uriToPath(params.textDocument.uri);
  if (!doc) return [];
  if (file && isCatalogYaml(file)) return catalogYamlActions(session, doc, file, params);
  const settings = await session.settingsFor(doc.uri);
  if (!settings.enable) return [];
  let analysis = session.store.analysis(doc.uri);
  if (!analysis || analysis.version !== doc.version) analysis = session.analyseNow(doc, settings);
  const { lines, findings } = analysis;
  const id = { uri: doc.uri, version: analysis.version };
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (wants(only, CodeActionKind.QuickFix)) {
    const from = lines.offsetAt(params.range.start);
    const to = lines.offsetAt(params.range.end);
    for (const finding of findings) {
      if (finding.end < from || finding.start > to) continue;
      const diagnostic = params.context.diagnostics.find(
        (d) => d.code === finding.code && lines.offsetAt(d.range.start) === finding.start,
      );
      for (const fix of finding.fixes) actions.push(toCodeAction(fix, id, lines, diagnostic));
    }
    const all = preferredEdits(findings);
    if (actions.length > 0 && findings.filter((f) => f.fixes.some((x) => x.preferred)).length > 1) {
      actions.push(toFixAll(all, id, lines, CodeActionKind.QuickFix));
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const edits = preferredEdits(findings);
    if (edits.length > 0) actions.push(toFixAll(edits, id, lines, FIX_ALL_KIND));
  }
  return actions;
}
