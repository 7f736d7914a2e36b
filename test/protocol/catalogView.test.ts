import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

import type { CatalogView } from '../../server/src/lsp/catalogViewProtocol';
import { CATALOG_EXPORT_REQUEST, CATALOG_VIEW_CHANGED, CATALOG_VIEW_REQUEST } from '../../server/src/lsp/catalogViewProtocol';
import { notebookJson } from '../helpers/notebooks';
import { inventoryWhen, LspClient } from './lspClient';

const EXAMPLE = path.join(__dirname, '../../examples/retail-demo');

/** Asks for the catalog after each change notification until `ready` holds (with a deadline). */
async function catalogWhen(client: LspClient, ready: (c: CatalogView) => boolean, timeoutMs = 20_000): Promise<CatalogView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await client.connection.sendRequest<CatalogView>(CATALOG_VIEW_REQUEST);
    if (ready(view)) return view;
    if (Date.now() > deadline) throw new Error(`catalog never ready: ${JSON.stringify(view)}\n${client.stderr}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      const sub = client.connection.onNotification(CATALOG_VIEW_CHANGED, () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }
}

const sites = (view: CatalogView, id: string, kind: 'saves' | 'loads', dir: string) =>
  view.entries.find((e) => e.id === id)![kind].map((s) => `${path.relative(dir, new URL(s.uri).pathname)}:${s.line + 1}:${s.call}:${s.via}`);

describe('mlHygiene/getCatalog over stdio (the Catalog view)', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-catalog-view-'));
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the example\'s declared models with owners, versions and digests, and where the code saves and loads them', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const view = await catalogWhen(client, (c) => !c.scanning);
    assert.equal(view.catalogDir, pathToFileURL(path.join(dir, '.mlcatalog')).toString());
    assert.deepEqual(view.entries.map((e) => [e.id, e.valid, e.criticality, e.lifecycle, e.environments.join(), e.format]), [
      ['demand-forecaster', true, 'high', 'active', 'production', 'pytorch-pickle'],
      ['price-elasticity', true, 'medium', 'proposed', 'development', undefined],
    ]);
    const forecaster = view.entries[0];
    assert.deepEqual(forecaster.owners, { business: 'supply-chain-lead@retail-demo.example', technical: 'group:forecasting' });
    assert.deepEqual(forecaster.versions.map((v) => [v.version, v.current, v.hashes[0]?.alg]), [['1', false, 'SHA-256'], ['2', true, 'SHA-256']]);
    assert.deepEqual(sites(view, 'demand-forecaster', 'saves', dir), ['forecasting/train.py:33:torch.save:path', 'forecasting/train.py:34:torch.save:path']);
    assert.deepEqual(sites(view, 'price-elasticity', 'saves', dir), ['pricing/train_elasticity.py:20:joblib.dump:path', 'pricing/train_elasticity.py:21:open:path']);
    // `open(MODEL_DIR / "price_elasticity.pkl", "rb")` with MODEL_DIR = Path(__file__).parent / "models".
    assert.deepEqual(sites(view, 'price-elasticity', 'loads', dir), ['pricing/price_model.py:17:open:path']);
    assert.ok(view.trusted);
  });

  it('shows an invalid entry with its problem, ties a save by its # mlcatalog comment or its MLflow registry name, and follows catalog changes', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    await catalogWhen(client, (c) => !c.scanning);
    fs.writeFileSync(path.join(dir, '.mlcatalog/models/broken.yaml'), 'schema: mlcatalog/v1\nid: broken\ntitle: Half written\ncriticality: extreme\n');
    fs.writeFileSync(path.join(dir, 'pricing/export.py'), 'import joblib\n\ndef save(model, where):\n    # mlcatalog: price-elasticity\n    joblib.dump(model, where)\n');
    fs.writeFileSync(path.join(dir, 'pricing/register.py'), 'import mlflow\n\nwith mlflow.start_run() as run:\n    mlflow.sklearn.log_model(model, name="model")\nmlflow.register_model(f"runs:/{run.info.run_id}/model", "price-elasticity")\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['.mlcatalog/models/broken.yaml', 'pricing/export.py', 'pricing/register.py'].map((f) => ({ uri: pathToFileURL(path.join(dir, f)).toString(), type: 1 })),
    });
    const view = await catalogWhen(client, (c) => !c.scanning && c.entries.some((e) => e.id === 'broken') && sites(c, 'price-elasticity', 'saves', dir).length === 5);
    const broken = view.entries.find((e) => e.id === 'broken')!;
    assert.equal(broken.valid, false);
    assert.equal(broken.title, 'Half written');
    assert.ok(broken.problems.some((p) => /criticality/.test(p.message)), JSON.stringify(broken.problems));
    assert.ok(sites(view, 'price-elasticity', 'saves', dir).includes('pricing/export.py:5:joblib.dump:annotation'));
    // The model logged without a registered name is registered by the register_model of its run artifact.
    assert.deepEqual(sites(view, 'price-elasticity', 'saves', dir).filter((s) => s.startsWith('pricing/register.py')), ['pricing/register.py:4:mlflow.sklearn.log_model:registry', 'pricing/register.py:5:mlflow.register_model:registry']);
    assert.equal(view.entries.find((e) => e.id === 'price-elasticity')!.saves.find((s) => s.via === 'registry')?.target, 'price-elasticity', 'the site shows the registry name');
  });

  it('places a notebook\'s saves and findings in their cells, for the views to open the cell', async () => {
    fs.writeFileSync(path.join(dir, 'notebooks/refit.ipynb'), notebookJson([
      { type: 'markdown', source: '# Refit the forecaster\n' },
      'import torch\n',
      'model = fit()\ntorch.save(model.state_dict(), "models/demand_lstm_refit.pt")\nstate = torch.load("models/demand_lstm.pt")\n',
    ]));
    await client.initialize(pathToFileURL(dir).toString());
    const view = await catalogWhen(client, (c) => !c.scanning);
    const site = view.entries.find((e) => e.id === 'demand-forecaster')!.saves.find((s) => s.uri.endsWith('refit.ipynb'));
    assert.deepEqual(site && [site.cell, site.line, site.character, site.call, site.via], [2, 1, 0, 'torch.save', 'path']);
    const inventory = await inventoryWhen(client, (inv) => !inv.scanning);
    const items = inventory.files.find((f) => f.uri.endsWith('refit.ipynb'))!.items;
    assert.deepEqual(items.filter((i) => i.code === 'MLH110').map((i) => [i.cell, i.line, i.character]), [[2, 2, 8]]);
  });

  it('exports an ML-BOM of one entry or all, and reports a workspace without a catalog', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const one = await client.connection.sendRequest<{ text: string }>(CATALOG_EXPORT_REQUEST, { format: 'cyclonedx', ids: ['demand-forecaster'] });
    const bom = JSON.parse(one.text) as { bomFormat: string; components: Array<{ name: string; type: string }> };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.deepEqual(bom.components.map((c) => [c.name, c.type]), [['demand-forecaster', 'machine-learning-model']]);
    const all = await client.connection.sendRequest<{ text: string }>(CATALOG_EXPORT_REQUEST, { format: 'cyclonedx' });
    assert.equal((JSON.parse(all.text) as { components: unknown[] }).components.length, 2);
    fs.rmSync(path.join(dir, '.mlcatalog'), { recursive: true });
    const none = await client.connection.sendRequest<{ error: string }>(CATALOG_EXPORT_REQUEST, { format: 'cyclonedx' });
    assert.match(none.error, /no model catalog/);
    const view = await client.connection.sendRequest<CatalogView>(CATALOG_VIEW_REQUEST);
    assert.deepEqual([view.catalogDir, view.entries], [undefined, []]);
  });

  it('says when the workspace is not trusted (the view then shows the catalog read-only)', async () => {
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    const view = await catalogWhen(client, (c) => !c.scanning);
    assert.equal(view.trusted, false);
    assert.equal(view.entries.length, 2);
  });

  it('lists the entries without sites, saying why, when the workspace scan is off', async () => {
    client.settings = { enable: true, workspaceScan: { enable: false } };
    await client.initialize(pathToFileURL(dir).toString());
    const view = await catalogWhen(client, (c) => !!c.sitesOff?.includes('workspaceScan'));
    assert.match(view.sitesOff!, /workspaceScan/);
    assert.deepEqual(view.entries.map((e) => [e.id, e.saves.length, e.loads.length]), [['demand-forecaster', 0, 0], ['price-elasticity', 0, 0]]);
  });

  it('finds the sites once a catalog appears in a workspace that had none', async () => {
    const aside = path.join(dir, 'catalog-aside');
    fs.renameSync(path.join(dir, '.mlcatalog'), aside);
    await client.initialize(pathToFileURL(dir).toString());
    const before = await catalogWhen(client, (c) => !c.scanning);
    assert.deepEqual([before.catalogDir, before.entries], [undefined, []]);
    fs.renameSync(aside, path.join(dir, '.mlcatalog'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, '.mlcatalog/models/demand-forecaster.yaml')).toString(), type: 1 }],
    });
    const after = await catalogWhen(client, (c) => !c.scanning && sites(c, 'demand-forecaster', 'saves', dir).length === 2);
    assert.deepEqual(sites(after, 'demand-forecaster', 'saves', dir), ['forecasting/train.py:33:torch.save:path', 'forecasting/train.py:34:torch.save:path']);
  });
});
