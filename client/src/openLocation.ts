import * as vscode from 'vscode';

/**
 * An internal command (not in the palette) that opens a place the server found: a range of a
 * file, or of a notebook cell. `vscode.open` on a notebook opens it but cannot select a cell.
 */
export const OPEN_LOCATION = 'mlHygiene.openLocation';

/** The command a tree item runs to open `range` in `uri`, in cell `cell` of a notebook if given. */
export function openCommand(uri: vscode.Uri, range: vscode.Range, cell?: number): vscode.Command {
  if (cell === undefined) return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: range } satisfies vscode.TextDocumentShowOptions] };
  return { command: OPEN_LOCATION, title: 'Open', arguments: [uri.toString(), cell, range.start.line, range.start.character, range.end.line, range.end.character] };
}

/** Opens the notebook, reveals the cell and selects the range in the cell's editor. */
export async function openNotebookCell(uri: unknown, cell: unknown, ...range: unknown[]): Promise<void> {
  if (typeof uri !== 'string' || typeof cell !== 'number' || range.some((n) => typeof n !== 'number')) return;
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.parse(uri));
  const index = Math.min(Math.max(0, cell), notebook.cellCount - 1);
  if (index < 0) return;
  const cells = new vscode.NotebookRange(index, index + 1);
  const editor = await vscode.window.showNotebookDocument(notebook, { selections: [cells] });
  editor.revealRange(cells, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  const [line, character, endLine, endCharacter] = range as number[];
  // NOTE: showing the cell's document focuses that cell's editor inside the notebook editor; the
  // selection is set on it afterwards, as the show option is not applied to cell editors.
  const cellEditor = await vscode.window.showTextDocument(notebook.cellAt(index).document, { viewColumn: editor.viewColumn });
  cellEditor.selection = new vscode.Selection(line, character, endLine, endCharacter);
  cellEditor.revealRange(cellEditor.selection);
}
