import { strict as assert } from 'assert';
import * as vscode from 'vscode';

import { closeAll, EXTENSION_ID, until, workspaceFile } from './helpers';

interface SnapshotNode {
  label: string;
  description?: string;
  contextValue?: string;
  children?: SnapshotNode[];
}
interface Snapshot {
  grouping: 'criticality' | 'lifecycle';
  message?: string;
  catalogDir?: string;
  scanning: boolean;
  tree: SnapshotNode[];
}
interface Api {
  declareForm: { snapshot(): { draft: { id?: string }; mode: 'create' | 'edit' | undefined; visible: boolean } };
  catalog: { snapshot(): Snapshot; setGrouping(g: 'criticality' | 'lifecycle'): void; getChildren(node?: unknown): Array<{ type: string; label: string }> };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

const entries = (s: Snapshot) => s.tree.flatMap((g) => g.children ?? []);
const child = (node: SnapshotNode | undefined, label: string) => node?.children?.find((c) => c.label === label);
const labels = (node: SnapshotNode | undefined) => (node?.children ?? []).map((c) => c.label);

describe('the Catalog view in a real VS Code', () => {
  afterEach(async () => {
    (await api()).catalog.setGrouping('criticality');
    await closeAll();
  });

  it('lists the example\'s two declared models by criticality, with owners, saves, loads, versions and digests', async () => {
    await vscode.commands.executeCommand('mlHygiene.openCatalog');
    const { catalog } = await api();
    const snap = await until('the catalog with its save sites', () => {
      const s = catalog.snapshot();
      return !s.scanning && entries(s).length === 2 && s;
    }, 60_000);
    assert.equal(snap.message, undefined, 'a trusted workspace with a valid policy needs no message');
    assert.deepEqual(snap.tree.map((g) => `${g.label} (${g.description})`), ['High criticality (1 model)', 'Medium criticality (1 model)']);
    const [forecaster, elasticity] = entries(snap);
    assert.equal(forecaster.label, 'Weekly demand forecaster');
    assert.equal(forecaster.description, 'group:forecasting · production · pytorch-pickle · active');
    assert.equal(forecaster.contextValue, 'mlHygiene.catalogEntry');
    assert.deepEqual(labels(child(forecaster, 'Saved at')), ['forecasting/train.py:33', 'forecasting/train.py:34']);
    assert.deepEqual(labels(child(forecaster, 'Versions')), ['v2 (current)', 'v1']);
    const digest = child(child(forecaster, 'Versions'), 'v2 (current)')?.children?.[0];
    assert.deepEqual([digest?.label, digest?.description], ['SHA-256', '8e3a1d6b9f2c5e8a1d4b7f0c3e6a9d2b5f8c1e4a7d0b3f6c9e2a5d8b1f4c7e0a']);
    assert.equal(elasticity.label, 'Price elasticity estimator');
    assert.deepEqual(labels(child(elasticity, 'Saved at')), ['pricing/train_elasticity.py:20', 'pricing/train_elasticity.py:21']);
    assert.deepEqual(labels(child(elasticity, 'Loaded at')), ['pricing/price_model.py:17']);
    assert.deepEqual(labels(child(elasticity, 'Versions')), ['No version recorded yet']);
  });

  it('groups by lifecycle from the title-bar toggle and back', async () => {
    const { catalog } = await api();
    await until('the catalog', () => entries(catalog.snapshot()).length >= 2, 60_000);
    await vscode.commands.executeCommand('mlHygiene.groupCatalogByLifecycle');
    let snap = catalog.snapshot();
    assert.equal(snap.grouping, 'lifecycle');
    assert.deepEqual(snap.tree.map((g) => g.label), ['Proposed', 'Active']);
    await vscode.commands.executeCommand('mlHygiene.groupCatalogByCriticality');
    snap = catalog.snapshot();
    assert.equal(snap.grouping, 'criticality');
    assert.deepEqual(snap.tree.map((g) => g.label), ['High criticality', 'Medium criticality']);
  });

  it('shows a title written as HTML as text, and an invalid entry with its problem, as the files change', async () => {
    const { catalog } = await api();
    const xss = workspaceFile('.mlcatalog/models/html-title.yaml');
    const broken = workspaceFile('.mlcatalog/models/broken.yaml');
    const title = '<img src=x onerror=alert(1)>';
    const yaml = ['schema: mlcatalog/v1', 'id: html-title', `title: "${title}"`, 'businessUse: Checks that catalog values are shown as text.', 'owners: { business: user:a, technical: user:b }', 'criticality: low', 'environments: [ { tier: sandbox } ]', 'match: { paths: ["models/html.onnx"] }', ''].join('\n');
    try {
      await vscode.workspace.fs.writeFile(xss, new TextEncoder().encode(yaml));
      await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('schema: mlcatalog/v1\nid: broken\ncriticality: extreme\n'));
      const snap = await until('the new entries', () => {
        const s = catalog.snapshot();
        return entries(s).length === 4 && s;
      }, 30_000);
      const shown = entries(snap).find((e) => e.description?.startsWith('user:b'));
      assert.equal(shown?.label, title, 'the label is the string itself, shown as text by the tree');
      const invalid = snap.tree.find((g) => g.label === 'Invalid entries');
      assert.equal(invalid?.children?.[0].contextValue, 'mlHygiene.catalogEntryInvalid');
      assert.match(invalid?.children?.[0].description ?? '', /^broken · invalid: /);
      assert.ok(labels(child(invalid?.children?.[0], 'Problems')).some((l) => /criticality/.test(l)), JSON.stringify(invalid));
    } finally {
      await vscode.workspace.fs.delete(xss);
      await vscode.workspace.fs.delete(broken);
    }
    await until('the entries removed', () => entries(catalog.snapshot()).length === 2, 30_000);
  });

  it('opens an entry\'s YAML from its context action', async () => {
    const { catalog } = await api();
    await until('the catalog', () => entries(catalog.snapshot()).length >= 2, 60_000);
    const node = catalog.getChildren().flatMap((g) => catalog.getChildren(g)).find((n) => n.label === 'Price elasticity estimator');
    assert.ok(node, 'the entry node');
    await vscode.commands.executeCommand('mlHygiene.openCatalogEntry', node);
    const yaml = workspaceFile('.mlcatalog/models/price-elasticity.yaml').toString();
    await until('the YAML open', () => vscode.window.activeTextEditor?.document.uri.toString() === yaml);
  });

  it('opens an entry in the Declare model form from its "Edit in form" action', async () => {
    const { catalog, declareForm } = await api();
    await until('the catalog', () => entries(catalog.snapshot()).length >= 2, 60_000);
    const node = catalog.getChildren().flatMap((g) => catalog.getChildren(g)).find((n) => n.label === 'Price elasticity estimator');
    await vscode.commands.executeCommand('mlHygiene.editCatalogEntry', node);
    const form = await until('the form in edit mode', () => {
      const s = declareForm.snapshot();
      return s.mode === 'edit' && s.draft.id === 'price-elasticity' && s;
    });
    assert.equal(form.draft.id, 'price-elasticity');
  });

  it('exports the ML-BOM of one model and of the whole catalog', async () => {
    const { catalog } = await api();
    await until('the catalog', () => entries(catalog.snapshot()).length >= 2, 60_000);
    const target = workspaceFile('ml-bom.cdx.json');
    const single = workspaceFile('one.cdx.json');
    try {
      const node = catalog.getChildren().flatMap((g) => catalog.getChildren(g)).find((n) => n.label === 'Weekly demand forecaster');
      assert.equal(await vscode.commands.executeCommand<string>('mlHygiene.exportCatalogEntry', node, single.toString()), single.toString());
      const one = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(single))) as { components: Array<{ name: string }> };
      assert.deepEqual(one.components.map((c) => c.name), ['demand-forecaster']);
      const written = await vscode.commands.executeCommand<string>('mlHygiene.exportMlBom', target.toString());
      assert.equal(written, target.toString());
      const bom = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))) as { bomFormat: string; components: Array<{ name: string }> };
      assert.equal(bom.bomFormat, 'CycloneDX');
      assert.deepEqual(bom.components.map((c) => c.name).sort(), ['demand-forecaster', 'price-elasticity']);
    } finally {
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(single).then(undefined, () => undefined);
    }
  });

  it('shows the welcome state when .mlcatalog/ goes away and the catalog again when it comes back', async () => {
    const { catalog } = await api();
    await until('the catalog', () => entries(catalog.snapshot()).length >= 2, 60_000);
    const dir = workspaceFile('.mlcatalog');
    const aside = workspaceFile('.mlcatalog-aside');
    await vscode.workspace.fs.rename(dir, aside);
    try {
      await until('no catalog', () => catalog.snapshot().catalogDir === undefined && catalog.snapshot().tree.length === 0, 30_000);
    } finally {
      await vscode.workspace.fs.rename(aside, dir);
    }
    await until('the catalog back', () => entries(catalog.snapshot()).length === 2, 30_000);
  });
});
