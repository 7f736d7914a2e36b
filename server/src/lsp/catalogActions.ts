import { CodeAction, type CodeActionParams, CodeActionKind, TextDocumentEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';

import { LineIndex } from '../analysis/lineIndex';
import { newVersionChange } from '../catalog/newVersion';
import { editYaml, YamlEditError } from '../catalog/yamlEdit';
import { toTextEdits } from './convert';
import type { Session } from './session';

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Quick fixes on a catalog entry's YAML: for each model file under its `match.paths` whose digest
 * no version records (the MLH305 Information), "Record <file> as version N" appends a version
 * with the file's digest, format and size, as a versioned edit of the open document. Nothing in
 * an untrusted workspace: it writes nothing there.
 */
export function catalogYamlActions(session: Session, doc: TextDocument, file: string, params: CodeActionParams): CodeAction[] {
  if (!session.trusted || (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k)))) return [];
  const { start, end } = params.range;
  const actions: CodeAction[] = [];
  for (const note of session.notesFor(file)) {
    if (!note.unrecorded || before(end, note.start) || before(note.end, start)) continue;
    const text = doc.getText();
    try {
      const change = newVersionChange(text, note.unrecorded);
      const { edits } = editYaml(text, [change.change]);
      const title = `Record ${path.basename(note.unrecorded.file)} as version ${change.label} (${note.unrecorded.digest.alg} ${note.unrecorded.digest.content.slice(0, 12)}…)`;
      const action = CodeAction.create(title, { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, toTextEdits(new LineIndex(text), edits))] }, CodeActionKind.QuickFix);
      const diagnostic = params.context.diagnostics.find((d) => d.message === note.message);
      if (diagnostic) action.diagnostics = [diagnostic];
      actions.push(action);
    } catch (err) {
      // NOTE: a file with YAML errors is left alone; its errors are its own diagnostics.
      if (!(err instanceof YamlEditError)) throw err;
    }
  }
  return actions;
}
