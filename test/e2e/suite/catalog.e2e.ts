import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, open, ours, until, workspaceFile } from './helpers';

const ENTRY = '.mlcatalog/models/price-elasticity.yaml';

describe('the model catalog in a real VS Code', () => {
  afterEach(closeAll);

  before(async () => {
    // The extension activates on Python; its catalog diagnostics then cover the YAML files too.
    await open('pricing/price_model.py');
    await until('activation', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  it('shows schema errors of an entry at their key while it is edited, and clears them', async () => {
    const editor = await open(ENTRY);
    const uri = editor.document.uri;
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('criticality:'));
    await editor.edit((b) => b.replace(editor.document.lineAt(line).range, 'criticality: extreme'));
    const diagnostic = await until('the criticality error', () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'ML Hygiene'));
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, 'criticality: "extreme" is not a criticality; expected one of low, medium, high, critical');
    await editor.edit((b) => b.replace(editor.document.lineAt(line).range, 'criticality: medium'));
    await until('no catalog diagnostics', () => ours(uri).length === 0);
  });

  it('applies a field update from the server as an edit that keeps the comments, for the user to save', async () => {
    const uri = workspaceFile(ENTRY);
    const written = await vscode.commands.executeCommand<string[]>('mlHygiene.applyCatalogEdit', { action: 'updateFields', file: uri.toString(), changes: [{ path: ['lifecycle'], value: 'approved' }] });
    assert.deepEqual(written, [uri.toString()]);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc?.isDirty, 'the change is in the editor, unsaved');
    const text = doc.getText();
    assert.match(text, /^# Price elasticity model: still being evaluated by the pricing team\.\n/);
    assert.match(text, /\nlifecycle: approved\n/);
    assert.equal(text.replace('lifecycle: approved', 'lifecycle: proposed'), new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  });

  it('refuses a write whose file is not as the server saw it, and changes nothing', async () => {
    const uri = workspaceFile(ENTRY);
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // The server prepares a new file; the file exists, so the guard refuses it.
    const written = await vscode.commands.executeCommand<string[] | undefined>('mlHygiene.applyCatalogEdit', { action: 'createEntry', catalogDir: workspaceFile('.mlcatalog').toString(), draft: { id: 'price-elasticity' } });
    assert.equal(written, undefined);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), before);
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.isDirty ?? false, false);
  });

  it('creates a catalog with a starter policy and opens it', async () => {
    const folder = workspaceFile('sentiment');
    const policy = vscode.Uri.joinPath(folder, '.mlcatalog/policy.yaml');
    try {
      const written = await vscode.commands.executeCommand<string[]>('mlHygiene.createCatalog', folder.toString());
      assert.deepEqual(written, [policy.toString()]);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(policy));
      assert.match(text, /^# The model catalog's policy \(mlcatalog-policy\/v1\)/);
      await until('the policy open', () => vscode.window.activeTextEditor?.document.uri.toString() === policy.toString());
      assert.deepEqual(ours(policy), []);
    } finally {
      await closeAll();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.mlcatalog'), { recursive: true });
    }
  });
});
