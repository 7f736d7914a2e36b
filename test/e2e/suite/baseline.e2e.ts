import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';

import { closeAll, open, until, workspaceFile } from './helpers';

/** The CLI of this checkout (the suite's bundle is out/test/e2e/index.js). */
const CLI = path.join(__dirname, '..', '..', '..', 'bin', 'ml-hygiene.js');

describe('the baseline in a real VS Code', () => {
  const baseline = () => workspaceFile('.ml-hygiene-baseline.json');
  afterEach(async () => {
    await vscode.workspace.fs.delete(baseline()).then(undefined, () => undefined);
    await closeAll();
  });

  it('greys the findings `ml-hygiene check --write-baseline` recorded, and restores them when it goes', async () => {
    const editor = await open('pricing/price_model.py');
    const uri = editor.document.uri;
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ML Hygiene');
    await until('pricing diagnostics', () => ours().length >= 3);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const cli = spawnSync(process.execPath, [CLI, 'check', '--write-baseline', '--no-cache'], { cwd: folder, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(cli.status, 0, `${cli.stdout}${cli.stderr}`);
    const greyed = await until('baseline findings greyed', () => {
      const d = ours();
      return d.length >= 3 && d.every((x) => x.severity === vscode.DiagnosticSeverity.Information) && d;
    });
    assert.ok(greyed.every((d) => d.tags?.includes(vscode.DiagnosticTag.Unnecessary)));
    assert.match(greyed[0].message, /^In the baseline \(\.ml-hygiene-baseline\.json\)/);

    await vscode.workspace.fs.delete(baseline());
    await until('findings back at their severity', () => ours().some((d) => d.severity === vscode.DiagnosticSeverity.Warning));
  });
});
