import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, open, ours, until, workspaceFile } from './helpers';

describe('diagnostics in a real VS Code', () => {
  afterEach(closeAll);

  it('activates on a Python file and reports on the expected lines', async () => {
    const editor = await open('forecasting/demand_forecast.py');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await until('activation', () => ext.isActive);
    const found = await until('MLH110 diagnostics', () => {
      const d = ours(editor.document.uri);
      return d.length >= 2 && d;
    });
    assert.deepEqual(found, ['MLH110@19', 'MLH110@26']);
    const diagnostic = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'ML Hygiene');
    assert.equal(diagnostic?.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic?.message ?? '', /weights_only=True/);
  });

  it('honours [tool.ml-hygiene] of the workspace (per-file ignore) and the other rules', async () => {
    const pricing = await open('pricing/price_model.py');
    await until('pricing diagnostics', () => ours(pricing.document.uri).length >= 3);
    assert.deepEqual(ours(pricing.document.uri), ['MLH101@18', 'MLH109@29', 'MLH111@13']);
    const features = await open('pricing/features.py');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ours(features.document.uri), [], 'pandas.read_pickle is ignored for this file by pyproject.toml');
  });

  it('opens the rule page from the diagnostic code link', async () => {
    const editor = await open('forecasting/demand_forecast.py');
    const diagnostic = await until('a diagnostic', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'ML Hygiene'));
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'MLH110');
    // NOTE: in a browser-hosted VS Code the link is the command the URI handler runs (see
    // client/src/languageClient.ts); the workbench opens code links with commands allowed.
    assert.equal(code.target.scheme, vscode.env.uiKind === vscode.UIKind.Web ? 'command' : vscode.env.uriScheme);
    const [command, ...args] = [code.target.path, ...(JSON.parse(decodeURIComponent(code.target.query)) as string[])];
    assert.deepEqual([command, args], ['mlHygiene.openRuleDocs', ['MLH110']]);
    await vscode.commands.executeCommand(command, ...args);
    const tab = await until('the MLH110 page in Markdown preview', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /MLH110/.test(t.label)),
    );
    assert.match(tab.label, /Preview MLH110\.md/);
    void workspaceFile;
  });
});
