import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, ours, until, workspaceFile } from './helpers';

/** Our diagnostics per code cell, as `cell N: CODE@line` (1-based, markdown cells counted). */
function perCell(notebook: vscode.NotebookDocument): string[] {
  return notebook.getCells().flatMap((cell) => ours(cell.document.uri).map((d) => `cell ${cell.index + 1}: ${d}`));
}

const FINDINGS = ['cell 4: MLH206@2', 'cell 5: MLH110@2', 'cell 6: MLH106@1', 'cell 7: MLH110@1'];

describe('notebooks in a real VS Code', () => {
  let notebook: vscode.NotebookDocument;
  let original: string[];

  // NOTE: the notebook stays open for the whole suite: reopening a closed notebook editor in
  // code-server took 30 s, so each test puts the cells back as they were instead.
  before(async () => {
    notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore_demand.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    original = notebook.getCells().map((c) => c.document.getText());
  });
  afterEach(async () => {
    const edit = new vscode.WorkspaceEdit();
    for (const cell of notebook.getCells()) {
      const doc = cell.document;
      if (doc.getText() !== original[cell.index]) edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original[cell.index]);
    }
    if (edit.size > 0) assert.ok(await vscode.workspace.applyEdit(edit));
    if (notebook.isDirty) await notebook.save();
  });
  after(closeAll);

  it('reports on the cells of a notebook, read as one program', async () => {
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    await until('activation', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    // The imports are in cell 2; the loads in cells 5, 6 and 7 resolve through them; cell 4 runs wget.
    const found = await until('diagnostics in four cells', () => perCell(notebook).length >= 4 && perCell(notebook));
    assert.deepEqual(found, FINDINGS);
    const load = notebook.cellAt(4).document;
    assert.equal(load.uri.scheme, 'vscode-notebook-cell');
    const diagnostic = vscode.languages.getDiagnostics(load.uri).find((d) => d.source === 'ML Hygiene');
    assert.equal(diagnostic?.range.start.character, 8);
  });

  it('applies a quick fix in a cell, and the diagnostic goes', async () => {
    const cell = notebook.cellAt(4).document;
    const diagnostic = await until('MLH110 in cell 5', () => vscode.languages.getDiagnostics(cell.uri).find((d) => d.source === 'ML Hygiene'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.deepEqual(preferred.edit.entries().map(([uri]) => uri.toString()), [cell.uri.toString()], 'the edit targets the cell document');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(cell.lineAt(1).text, 'state = torch.load("checkpoints/lstm-w46.pt", map_location="cpu", weights_only=True)');
    await until('the diagnostic to go', () => ours(cell.uri).length === 0);
    assert.deepEqual(perCell(notebook), FINDINGS.filter((f) => !f.startsWith('cell 5')));
  });

  it('reports the !wget of a cell as the same command run from Python would be (MLH206)', async () => {
    const cell = notebook.cellAt(3).document;
    const diagnostic = await until('MLH206 in cell 4', () => vscode.languages.getDiagnostics(cell.uri).find((d) => d.source === 'ML Hygiene'));
    assert.equal(cell.getText(diagnostic.range), 'https://files.partner-share.example/d/lstm-w46.pt');
    assert.match(diagnostic.message, /`wget` downloads the model file `lstm-w46\.pt`/);
  });

  it('fixes a notebook on save with notebook.codeActionsOnSave (VS Code asks its first cell)', async () => {
    const config = vscode.workspace.getConfiguration('notebook');
    await config.update('codeActionsOnSave', { 'notebook.source.fixAll.mlHygiene': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    const uri = workspaceFile('notebooks/scratch.ipynb');
    const cells = [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['import torch'] }, { cell_type: 'markdown', metadata: {}, source: ['Load it'] }, { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['sd = torch.load(p)'] }];
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 })));
    try {
      const scratch = await vscode.workspace.openNotebookDocument(uri);
      await vscode.window.showNotebookDocument(scratch);
      await until('the finding in cell 3', () => perCell(scratch).join() === 'cell 3: MLH110@1');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(scratch.cellAt(0).document.uri, new vscode.Position(0, 12), '\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await until('the load fixed on save', () => scratch.cellAt(2).document.getText() === 'sd = torch.load(p, weights_only=True)' && !scratch.isDirty);
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.window.showNotebookDocument(notebook);
    }
  });

  it('fixes a whole notebook with notebook.source.fixAll.mlHygiene', async () => {
    await until('the findings of the notebook as it was', () => perCell(notebook).join() === FINDINGS.join());
    const first = notebook.cellAt(1).document;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', first.uri, new vscode.Range(0, 0, 0, 0), 'notebook.source.fixAll.mlHygiene');
    assert.equal(actions.length, 1);
    assert.ok(actions[0].edit && (await vscode.workspace.applyEdit(actions[0].edit)));
    assert.match(notebook.cellAt(4).document.getText(), /map_location="cpu", weights_only=True\)/);
    assert.equal(notebook.cellAt(6).document.getText(), '%time baseline = torch.load("checkpoints/baseline-2025.pt", weights_only=True)');
    await until('only the findings without a safe fix to remain', () => perCell(notebook).join() === 'cell 4: MLH206@2,cell 6: MLH106@1');
  });
});
