import * as vscode from 'vscode';

import { closeAll, open, ours, until } from './helpers';

describe('settings in a real VS Code', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('mlHygiene').update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  it('mlHygiene.enable takes effect without a reload', async () => {
    const editor = await open('forecasting/demand_forecast.py');
    const uri = editor.document.uri;
    await until('diagnostics', () => ours(uri).length === 2);
    await vscode.workspace.getConfiguration('mlHygiene').update('enable', false, vscode.ConfigurationTarget.Workspace);
    await until('diagnostics to clear', () => ours(uri).length === 0);
    await vscode.workspace.getConfiguration('mlHygiene').update('enable', true, vscode.ConfigurationTarget.Workspace);
    await until('diagnostics to come back', () => ours(uri).length === 2);
  });
});
