import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, until, workspaceFile } from './helpers';

interface Snapshot {
  grouping: 'file' | 'kind';
  badge: number;
  message?: string;
  groups: Array<{ label: string; items: string[] }>;
}
interface Node {
  type: string;
}
interface Api {
  shadowMl: { snapshot(): Snapshot; setGrouping(g: 'file' | 'kind'): void; getChildren(node?: Node): Node[]; getTreeItem(node: Node): vscode.TreeItem };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

describe('the Shadow ML view in a real VS Code', () => {
  afterEach(async () => {
    (await api()).shadowMl.setGrouping('file');
    await closeAll();
  });

  it('lists the unsafe loads and untrusted downloads of the whole workspace without opening files, with a badge', async () => {
    await vscode.commands.executeCommand('mlHygiene.showShadowMl');
    const { shadowMl } = await api();
    // NOTE: earlier suites edit files of the workspace; sentiment/review_classifier.py is never opened.
    const lineOf = (item: string) => /\((MLH\d{3}) · line (\d+)\)$/.exec(item)?.slice(1).join('@');
    const snap = await until('the workspace scan', () => {
      const s = shadowMl.snapshot();
      return s.groups.some((g) => g.label === 'forecasting/demand_forecast.py') && s.groups.some((g) => g.label === 'sentiment/review_classifier.py') && !s.message?.startsWith('Scanning') && s;
    }, 60_000);
    const reviews = snap.groups.find((g) => g.label === 'sentiment/review_classifier.py')!.items.map(lineOf);
    for (const expected of ['MLH201@8', 'MLH201@9', 'MLH201@15', 'MLH202@18']) assert.ok(reviews.includes(expected), `${expected} in ${reviews.join()}`);
    const forecast = snap.groups.find((g) => g.label === 'forecasting/demand_forecast.py')!.items.map(lineOf);
    assert.ok(forecast.includes('MLH110@19') && forecast.includes('MLH110@26'), forecast.join());
    assert.equal(snap.badge, snap.groups.reduce((n, g) => n + g.items.length, 0));
    assert.ok(!snap.groups.some((g) => g.label === 'pricing/features.py'), 'a file the repository ignores for that rule is not listed');
  });

  it('groups by kind, and opening an item reveals its line', async () => {
    const { shadowMl } = await api();
    await until('the scan', () => shadowMl.snapshot().badge > 0 && !shadowMl.snapshot().message?.startsWith('Scanning'), 60_000);
    await vscode.commands.executeCommand('mlHygiene.groupShadowMlByKind');
    const snap = shadowMl.snapshot();
    assert.equal(snap.grouping, 'kind');
    const labels = snap.groups.map((g) => g.label);
    assert.ok(labels.includes('Unsafe model loads') && labels.includes('Untrusted downloads and remote code'), labels.join());
    const loads = snap.groups.find((g) => g.label === 'Unsafe model loads')!;
    assert.ok(loads.items.length >= 4, loads.items.join('\n'));
    await vscode.commands.executeCommand('mlHygiene.groupShadowMlByFile');
    assert.equal(shadowMl.snapshot().grouping, 'file');
  });

  it('opens a notebook\'s finding in its cell, at its line', async () => {
    const { shadowMl } = await api();
    // NOTE: a notebook of its own: other suites edit the example's notebooks (fixes on save).
    const uri = workspaceFile('notebooks/open_cell.ipynb');
    const cells = [
      { cell_type: 'markdown', metadata: {}, source: ['# Reload the checkpoint\n'] },
      { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import torch\n'] },
      { cell_type: 'markdown', metadata: {}, source: ['From the partner share:\n'] },
      { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['path = "checkpoints/lstm.pt"\n', 'state = torch.load(path)\n'] },
    ];
    const nb = { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(nb, null, 1)}\n`));
    try {
      const label = 'notebooks/open_cell.ipynb';
      await until('the notebook in the scan', () => shadowMl.snapshot().groups.some((g) => g.label === label), 60_000);
      const group = shadowMl.getChildren().find((g) => shadowMl.getTreeItem(g).label === label)!;
      const items = shadowMl.getChildren(group).map((n) => shadowMl.getTreeItem(n));
      // `state = torch.load(path)`: the fourth cell (index 3, after two markdown cells), its second line.
      const load = items.find((i) => /^MLH110 · cell 4, line 2$/.test(String(i.description)));
      assert.ok(load?.command, items.map((i) => i.description).join('\n'));
      await vscode.commands.executeCommand(load.command.command, ...(load.command.arguments ?? []));
      const editor = await until('the notebook editor', () => vscode.window.activeNotebookEditor);
      assert.match(editor.notebook.uri.path, /notebooks\/open_cell\.ipynb$/);
      assert.deepEqual(editor.selections.map((r) => [r.start, r.end]), [[3, 4]]);
      const cellEditor = await until('the cell editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'vscode-notebook-cell' && vscode.window.activeTextEditor);
      assert.equal(cellEditor.document.getText(cellEditor.selection), 'torch.load');
    } finally {
      await closeAll();
      await vscode.workspace.fs.delete(uri);
    }
  });
});
