import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, ours, until, workspaceFile } from './helpers';

interface Report {
  format?: string;
  verdict?: string;
  sha256?: string;
  imports: Array<{ module: string; name: string; verdict: string }>;
}
interface Api {
  modelReports: { reports: Map<string, Report> };
  shadowMl: { snapshot(): { groups: Array<{ label: string; items: string[] }> } };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

/** The view type of the active tab when it is a custom editor. */
function activeCustomEditor(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.viewType : undefined;
}

describe('model files in a real VS Code', () => {
  afterEach(closeAll);

  it('opens a pickle in the read-only scan report, with its import and verdict, and its finding in the Problems panel', async () => {
    const { modelReports } = await api();
    const uri = workspaceFile('sentiment/downloads/community_head.pkl');
    await vscode.commands.executeCommand('vscode.open', uri);
    await until('the scan report editor', () => activeCustomEditor() === 'mlHygiene.modelReport');
    const report = await until('the scan report', () => modelReports.reports.get(uri.toString()));
    assert.equal(report.format, 'pickle');
    assert.equal(report.verdict, 'dangerous');
    assert.deepEqual(report.imports.map((i) => `${i.module}.${i.name}:${i.verdict}`), ['os.system:dangerous']);
    assert.match(report.sha256 ?? '', /^[0-9a-f]{64}$/);
    // The workspace scan published it on the file itself, without the file being opened as text.
    await until('MLH401 on the model file', () => ours(uri).includes('MLH401@1'), 60_000);
    const message = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'ML Hygiene')!.message;
    assert.match(message, /GLOBAL at offset 2 imports os\.system/);
  });

  it('shows a benign array as clean, with nothing in the Problems panel, and lists the pickle as a dangerous file in Shadow ML', async () => {
    const { modelReports, shadowMl } = await api();
    const uri = workspaceFile('forecasting/store_means.npy');
    await vscode.commands.executeCommand('vscode.open', uri);
    const report = await until('the scan report', () => modelReports.reports.get(uri.toString()));
    assert.deepEqual([report.format, report.verdict, report.imports.length], ['npy', 'clean', 0]);
    assert.deepEqual(ours(uri), []);
    const group = await until('the pickle in Shadow ML', () => shadowMl.snapshot().groups.find((g) => g.label === 'sentiment/downloads/community_head.pkl'), 60_000);
    assert.ok(group.items.some((i) => i.includes('MLH401')), group.items.join());
  });
});
