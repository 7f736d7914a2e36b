import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, ours, until, workspaceFile } from './helpers';

interface Report {
  format?: string;
  verdict?: string;
  sha256?: string;
  imports: Array<{ module: string; name: string; verdict: string }>;
  notScanned?: string;
  overSizeLimit?: boolean;
}
interface Api {
  modelReports: { reports: Map<string, Report>; scanAnyway(uri: string): Promise<void> };
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

  it('does not scan a file over mlHygiene.artifacts.maxFileSizeMB, until "Scan anyway" is asked for', async () => {
    const { modelReports } = await api();
    const config = vscode.workspace.getConfiguration('mlHygiene');
    const uri = workspaceFile('sentiment/downloads/large_head.pkl');
    // A protocol 0 gadget, then 1.5 MB of padding that a loader never reads.
    await vscode.workspace.fs.writeFile(uri, Buffer.concat([Buffer.from("cos\nsystem\n(S'echo'\ntR."), Buffer.alloc(1.5 * 2 ** 20, 0x20)]));
    await config.update('artifacts.maxFileSizeMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('vscode.open', uri);
      const skipped = await until('the report of a skipped file', () => modelReports.reports.get(uri.toString()));
      assert.equal(skipped.overSizeLimit, true);
      assert.match(skipped.notScanned ?? '', /^the file is 1\.5 MB, over the 1\.0 MB limit of the setting mlHygiene\.artifacts\.maxFileSizeMB$/);
      await modelReports.scanAnyway(uri.toString());
      const report = await until('the report of the whole file', () => {
        const r = modelReports.reports.get(uri.toString());
        return r?.verdict ? r : undefined;
      });
      assert.deepEqual([report.verdict, report.notScanned, report.imports.map((i) => `${i.module}.${i.name}`)], ['dangerous', undefined, ['os.system']]);
    } finally {
      await config.update('artifacts.maxFileSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
      await closeAll();
      await vscode.workspace.fs.delete(uri);
    }
  });
});
