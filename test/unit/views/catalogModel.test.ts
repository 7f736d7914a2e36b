import { strict as assert } from 'assert';

import { buildCatalogTree, catalogMessage, type CatalogNode, INVALID_GROUP } from '../../../client/src/views/catalogModel';
import type { CatalogEntryView, CatalogView } from '../../../server/src/lsp/catalogViewProtocol';

const ROOT = 'file:///ws';
const relative = (uri: string) => uri.replace(`${ROOT}/`, '');

function entry(id: string, over: Partial<CatalogEntryView> = {}): CatalogEntryView {
  return {
    id,
    file: `${ROOT}/.mlcatalog/models/${id}.yaml`,
    valid: true,
    problems: [],
    owners: { business: 'user:biz', technical: 'group:ml' },
    criticality: 'medium',
    lifecycle: 'active',
    environments: ['production'],
    format: 'safetensors',
    versions: [],
    saves: [],
    loads: [],
    ...over,
  };
}

const view = (entries: CatalogEntryView[], over: Partial<CatalogView> = {}): CatalogView => ({ catalogDir: `${ROOT}/.mlcatalog`, trusted: true, scanning: false, entries, policyProblems: [], ...over });

/** Labels of a tree, nested, as a person reads the view. */
function outline(nodes: CatalogNode[]): unknown[] {
  return nodes.map((n) => ('children' in n && n.children.length ? { [n.label]: outline(n.children) } : n.label));
}

describe('catalog view tree model', () => {
  it('groups by criticality in order of severity, and by lifecycle in its natural order, leaving empty groups out', () => {
    const data = view([
      entry('a', { criticality: 'low', lifecycle: 'retired' }),
      entry('b', { criticality: 'critical', lifecycle: 'proposed' }),
      entry('c', { criticality: 'high', lifecycle: 'proposed' }),
    ]);
    const byCriticality = buildCatalogTree(data, 'criticality', relative);
    assert.deepEqual(byCriticality.map((g) => [g.label, 'description' in g && g.description]), [
      ['Critical criticality', '1 model'],
      ['High criticality', '1 model'],
      ['Low criticality', '1 model'],
    ]);
    const byLifecycle = buildCatalogTree(data, 'lifecycle', relative);
    assert.deepEqual(byLifecycle.map((g) => [g.label, 'description' in g && g.description]), [
      ['Proposed', '2 models'],
      ['Retired', '1 model'],
    ]);
  });

  it('shows owners, environments, format and lifecycle on each entry, and its saves, loads, versions and digests as children', () => {
    const site = { uri: `${ROOT}/train.py`, line: 32, character: 4, endLine: 32, endCharacter: 40, call: 'torch.save', target: 'models/m.pt', via: 'path' as const };
    const data = view([
      entry('m', {
        title: 'My model',
        environments: ['staging', 'production'],
        format: 'pytorch-pickle',
        saves: [site],
        versions: [
          { version: '1', current: false, format: 'pytorch-pickle', createdAt: '2026-01-01T00:00:00Z', hashes: [] },
          { version: '2', current: true, format: 'pytorch-pickle', createdAt: '2026-02-01T00:00:00Z', hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }] },
        ],
      }),
    ]);
    const [group] = buildCatalogTree(data, 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    assert.equal(model.label, 'My model');
    assert.equal(model.description, 'group:ml · staging, production · pytorch-pickle · active');
    assert.match(model.tooltip, /Owners: user:biz \(business\), group:ml \(technical\)/);
    assert.deepEqual(outline(model.children), [
      { 'Saved at': ['train.py:33'] },
      { 'Loaded at': ['No load found in the workspace'] },
      { Versions: [{ 'v2 (current)': ['SHA-256'] }, { v1: ['No digest recorded'] }] },
    ]);
    const saved = (model.children[0] as Extract<CatalogNode, { type: 'section' }>).children[0] as Extract<CatalogNode, { type: 'site' }>;
    assert.equal(saved.description, 'torch.save(models/m.pt)');
    assert.deepEqual([saved.site.line, saved.site.character], [32, 4], 'a click opens the save at its line');
  });

  it('a save matched by its MLflow registry name shows that name and says how it matched', () => {
    const site = { uri: `${ROOT}/train.py`, line: 3, character: 4, endLine: 3, endCharacter: 40, call: 'mlflow.sklearn.log_model', target: 'fraud-clf', via: 'registry' as const };
    const [group] = buildCatalogTree(view([entry('fraud-clf', { saves: [site] })]), 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    const saved = (model.children[0] as Extract<CatalogNode, { type: 'section' }>).children[0] as Extract<CatalogNode, { type: 'site' }>;
    assert.equal(saved.description, 'mlflow.sklearn.log_model(fraud-clf)');
    assert.equal(saved.tooltip, 'Saved by mlflow.sklearn.log_model with fraud-clf, matched through the MLflow registry name');
  });

  it('labels a save in a notebook with its cell', () => {
    const site = { uri: `${ROOT}/explore.ipynb`, cell: 4, line: 1, character: 0, endLine: 1, endCharacter: 30, call: 'joblib.dump', target: 'models/m.joblib', via: 'path' as const };
    const [group] = buildCatalogTree(view([entry('m', { saves: [site] })]), 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    const saved = (model.children[0] as Extract<CatalogNode, { type: 'section' }>).children[0] as Extract<CatalogNode, { type: 'site' }>;
    assert.equal(saved.label, 'explore.ipynb:cell 5:2');
  });

  it('says the scan is running instead of "none found" while it runs', () => {
    const [group] = buildCatalogTree(view([entry('m')], { scanning: true }), 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0];
    assert.deepEqual(outline((model as Extract<CatalogNode, { type: 'entry' }>).children).slice(0, 2), [{ 'Saved at': ['Scanning the workspace…'] }, { 'Loaded at': ['Scanning the workspace…'] }]);
  });

  it('says why saves and loads are not looked for when the workspace scan is off', () => {
    const [group] = buildCatalogTree(view([entry('m')], { sitesOff: 'the setting mlHygiene.workspaceScan.enable is off' }), 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    assert.deepEqual(outline(model.children)[0], { 'Saved at': ['Not looked for: the setting mlHygiene.workspaceScan.enable is off'] });
  });

  it('keeps invalid entries, in their own group at the end, with their problems', () => {
    const broken = entry('broken', { valid: false, owners: undefined, criticality: undefined, lifecycle: undefined, environments: [], format: undefined, problems: [{ message: 'criticality: expected one of low, medium, high, critical', line: 6 }] });
    const tree = buildCatalogTree(view([entry('ok'), broken]), 'lifecycle', relative);
    assert.deepEqual(tree.map((g) => g.label), ['Active', INVALID_GROUP]);
    const node = (tree[1] as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    assert.equal(node.description, 'broken · invalid: criticality: expected one of low, medium, high, critical');
    assert.deepEqual(outline(node.children), [{ Problems: ['criticality: expected one of low, medium, high, critical'] }]);
    const problem = (node.children[0] as Extract<CatalogNode, { type: 'section' }>).children[0] as Extract<CatalogNode, { type: 'problem' }>;
    assert.deepEqual([problem.file, problem.line, problem.description], [broken.file, 6, 'line 7']);
  });

  it('keeps a title that looks like HTML as the label string, unchanged', () => {
    const title = '<img src=x onerror=alert(1)>';
    const [group] = buildCatalogTree(view([entry('x', { title })]), 'criticality', relative);
    const model = (group as Extract<CatalogNode, { type: 'group' }>).children[0] as Extract<CatalogNode, { type: 'entry' }>;
    assert.equal(model.label, title);
    assert.ok(model.tooltip.startsWith(`${title} (x)`));
  });

  it('explains Restricted Mode and a broken policy above the tree; nothing when all is well', () => {
    assert.equal(catalogMessage(view([entry('m')])), undefined);
    assert.match(catalogMessage(view([entry('m')], { trusted: false }))!, /Restricted Mode: the catalog is read-only/);
    assert.match(catalogMessage(view([entry('m')], { policyProblems: ['formats.unsafe: expected a list'] }))!, /policy.yaml has problems .*formats.unsafe/);
    assert.equal(catalogMessage(view([], { catalogDir: undefined })), undefined, 'no catalog: the welcome content speaks instead');
  });
});
