import { isPythonNotebook, readIpynb } from '../analysis/notebook/ipynb';
import { NotebookSource } from '../analysis/notebook/notebookSource';
import { fileOffset } from '../analysis/notebook/storedSource';
import type { Finding } from '../analysis/types';
import { configFor } from '../config/projectConfig';
import { ruleFilter, severityOverrides } from '../config/ruleSelection';
import { checkNotebook } from '../engine/checkNotebook';
import { invalidNotebook } from '../rules/invalid-notebook';
import type { Session } from './session';

/** True for the URI of a `.ipynb` file opened as text (its JSON), not as a notebook. */
export function isNotebookFile(uri: string): boolean {
  return uri.startsWith('file:') && uri.endsWith('.ipynb');
}

/** MLH003 at `offset`, unless the configuration leaves it out; its severity may be overridden. */
function invalid(file: string, message: string, offset: number): Finding[] {
  const config = configFor(file);
  if (!ruleFilter(config, file)(invalidNotebook.code).on) return [];
  const severity = severityOverrides(config).get(invalidNotebook.code) ?? invalidNotebook.defaultSeverity;
  return [{ code: invalidNotebook.code, name: invalidNotebook.name, severity, message: `Not checked: ${message}`, start: offset, end: offset, fixes: [] }];
}

/**
 * The findings of a `.ipynb` file opened as text (for example after VS Code could not open it as
 * a notebook): MLH003 where the file stops being a notebook, or the cells' findings at the places
 * of the JSON where their text is stored. No fixes: an edit would have to be JSON-escaped, and
 * the notebook editor is where cells are fixed.
 */
export function notebookFileFindings(session: Session, uri: string, text: string, file: string): Finding[] {
  const nb = readIpynb(text);
  if ('problem' in nb) return invalid(file, nb.problem, nb.offset ?? 0);
  if (!isPythonNotebook(nb)) return [];
  const codeCells = nb.cells.filter((c) => c.kind === 'code');
  const source = new NotebookSource(codeCells.map((c) => c.text));
  const parsed = session.store.parsed(uri, source.text);
  const result = checkNotebook(source, file, () => parsed.tree, { trusted: session.trusted, workspaceFolder: session.workspaceRoot });
  return session.withBaseline(result.findings, result.config, file).map((f) => {
    const r = source.rangeIn(f.start, f.end);
    const stored = codeCells[r.cell].stored;
    return { ...f, start: fileOffset(stored, r.start), end: fileOffset(stored, r.end, true), fixes: [] };
  });
}
