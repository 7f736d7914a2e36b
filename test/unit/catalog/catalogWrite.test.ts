import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { applyEdits } from '../../../server/src/analysis/applyFixes';
import { applyWrite, createCatalogWrite, createEntryWrite, suggestId, textHash, updateFieldsWrite } from '../../../server/src/catalog/catalogWrite';
import { clearCatalogCache, loadCatalog } from '../../../server/src/catalog/fileCatalog';
import { catalogWriteFor } from '../../../server/src/lsp/catalogDocuments';
import { editYaml, type FieldChange } from '../../../server/src/catalog/yamlEdit';
import { CHURN_SCORER, catalogTree, minimalEntry } from '../../helpers/catalogFixtures';

/** The text after the changes, checked to hold what the changes say. */
function edited(text: string, changes: FieldChange[]): string {
  const { edits } = editYaml(text, changes);
  const out = applyEdits(text, edits);
  const expected = parse(text);
  for (const c of changes) {
    let target = expected;
    for (const k of c.path.slice(0, -1)) target = target[k] ??= {};
    const last = c.path[c.path.length - 1];
    if (c.value === undefined) Array.isArray(target) ? target.splice(last as number, 1) : delete target[last];
    else target[last] = c.value;
  }
  assert.deepEqual(parse(out), expected);
  return out;
}

/** The lines of `after` that are not in `before` and the reverse: what a reviewer sees in the diff. */
function diff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

describe('catalog writing', () => {
  beforeEach(clearCatalogCache);

  it('changes a scalar in place, keeping comments, quoting, order and every other line', () => {
    const text = CHURN_SCORER.replace('lifecycle: active', 'lifecycle: active # promoted after review');
    const out = edited(text, [{ path: ['lifecycle'], value: 'deprecated' }, { path: ['title'], value: 'Churn "v3" scorer' }]);
    assert.deepEqual(diff(text, out), {
      added: ['title: Churn "v3" scorer', 'lifecycle: deprecated # promoted after review'],
      removed: ['title: Subscriber churn scorer', 'lifecycle: active # promoted after review'],
    });
    assert.ok(out.startsWith('# The churn model: reviewed by the retention team (CODEOWNERS).\n'));
  });

  it('adds to and removes from flow collections without rewriting their neighbours', () => {
    const out = edited(CHURN_SCORER, [{ path: ['match', 'paths', 2], value: 'exports/churn.onnx' }]);
    assert.deepEqual(diff(CHURN_SCORER, out).added, ['  paths: ["models/churn/**/*.safetensors", "artifacts/churn_*.onnx", exports/churn.onnx]']);
    const removed = edited(CHURN_SCORER, [{ path: ['approval', 'ref'] }]);
    assert.deepEqual(diff(CHURN_SCORER, removed).added, ['approval: { by: user:cto-delegate, at: "2025-01-10T09:00:00Z" }']);
    const hash = edited(CHURN_SCORER, [{ path: ['versions', 0, 'artifact', 'hashes', 0, 'content'], value: 'ab'.repeat(32) }]);
    assert.equal(diff(CHURN_SCORER, hash).added.length, 1);
  });

  it('adds new keys, nested maps and sequence items in block style at the right indentation', () => {
    const text = minimalEntry('recommender');
    const out = edited(text, [
      { path: ['environments', 1], value: { tier: 'production', runtime: 'online' } },
      { path: ['owners', 'business'], value: 'jane.doe@example.com' },
      { path: ['regulatory', 'personalData'], value: true },
      { path: ['limitations'], value: ['Not for B2B accounts'] },
    ]);
    assert.deepEqual(diff(text, out).added, ['  business: jane.doe@example.com', '  - tier: production', '    runtime: online', 'regulatory:', '  personalData: true', 'limitations:', '  - Not for B2B accounts']);
  });

  it('removes keys and items, and a block sequence left empty becomes []', () => {
    const out = edited(CHURN_SCORER, [{ path: ['trainingData', 0] }, { path: ['currentVersion'] }, { path: ['versions', 0, 'rollback'] }]);
    const { added, removed } = diff(CHURN_SCORER, out);
    assert.deepEqual(added, ['trainingData: []']);
    assert.equal(removed.length, 4);
  });

  it('keeps a round trip of every comment through many edits', () => {
    const text = `# head comment\nschema: mlcatalog/v1 # trailing\n# before id\nid: x\nowners:\n  # owners inside\n  business: user:a # who\n  technical: user:b\n# tail comment\n`;
    const out = edited(text, [{ path: ['owners', 'business'], value: 'user:c' }, { path: ['owners', 'technical'] }, { path: ['criticality'], value: 'high' }]);
    for (const comment of ['# head comment', '# trailing', '# before id', '# owners inside', '# who', '# tail comment']) assert.ok(out.includes(comment), comment);
  });

  it('creates the catalog with a starter policy that reads as the default one', () => {
    const root = catalogTree({});
    const write = createCatalogWrite(root);
    assert.deepEqual(applyWrite(write), { ok: true, written: [path.join(root, '.mlcatalog/policy.yaml')] });
    const catalog = loadCatalog(path.join(root, '.mlcatalog'));
    assert.equal(catalog.policy.valid, true);
    assert.deepEqual(catalog.problems(), []);
    assert.deepEqual(applyWrite(write), { ok: false, message: `${path.join(root, '.mlcatalog/policy.yaml')} already exists (it was created after the change was prepared); nothing was written. Read it again and retry.` });
  });

  it('creates a prefilled entry that stays invalid until a person fills owners and business use', () => {
    const root = catalogTree({ '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\n' });
    const dir = path.join(root, '.mlcatalog');
    const id = suggestId('Churn Model v2!');
    assert.equal(id, 'churn-model-v2');
    assert.ok(applyWrite(createEntryWrite(dir, { id, match: { paths: ['models/churn/*.pt'] }, format: 'pytorch-pickle' })).ok);
    let catalog = loadCatalog(dir);
    assert.equal(catalog.get(id)?.valid, false);
    assert.deepEqual(catalog.entries, []);
    assert.deepEqual(catalog.problems().map((p) => `${p.start.line + 1}: ${p.message}`), [
      '7: businessUse: say in a sentence which business decision the model supports (at least 10 characters)',
      '10: owners.business: expected a principal: user:<id>, group:<id> or an email address',
      '11: owners.technical: expected a principal: user:<id>, group:<id> or an email address',
    ]);
    const file = path.join(dir, 'models', `${id}.yaml`);
    const text = fs.readFileSync(file, 'utf8');
    const fill = updateFieldsWrite(file, text, [
      { path: ['businessUse'], value: 'Flags subscribers likely to cancel next month.' },
      { path: ['owners', 'business'], value: 'user:ana' },
      { path: ['owners', 'technical'], value: 'group:ds' },
    ]);
    assert.deepEqual(applyWrite(fill), { ok: true, written: [file] });
    catalog = loadCatalog(dir);
    assert.equal(catalog.get(id)?.valid, true);
    assert.match(fs.readFileSync(file, 'utf8'), /# Owners: user:<id>, group:<id> or an email address\.\nowners:\n {2}business: user:ana\n/);
  });

  it('refuses to write a file changed between read and write, losing nothing', () => {
    const root = catalogTree({ '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER });
    const file = path.join(root, '.mlcatalog/models/churn-scorer.yaml');
    const write = updateFieldsWrite(file, fs.readFileSync(file, 'utf8'), [{ path: ['lifecycle'], value: 'retired' }]);
    assert.equal(write.files[0].readHash, textHash(CHURN_SCORER));
    const theirs = CHURN_SCORER.replace('criticality: high', 'criticality: critical # raised by the risk team');
    fs.writeFileSync(file, theirs);
    const result = applyWrite(write);
    assert.deepEqual(result, { ok: false, message: `${file} changed on disk since it was read; nothing was written, so no change is lost. Read it again and retry.` });
    assert.equal(fs.readFileSync(file, 'utf8'), theirs);
    fs.rmSync(file);
    assert.match((applyWrite(write) as { message: string }).message, /was deleted since it was read; nothing was written/);
    assert.equal(fs.existsSync(file), false);
  });

  it('checks every file before writing any', () => {
    const root = catalogTree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    const a = path.join(root, 'a.yaml');
    const b = path.join(root, 'b.yaml');
    const write = { kind: 'edit' as const, summary: 'two files', files: [updateFieldsWrite(a, 'a: 1\n', [{ path: ['a'], value: 2 }]).files[0], updateFieldsWrite(b, 'b: 0\n', [{ path: ['b'], value: 2 }]).files[0]] };
    assert.equal(applyWrite(write).ok, false);
    assert.equal(fs.readFileSync(a, 'utf8'), 'a: 1\n');
  });

  it('refuses to edit a file with YAML errors, saying why, rather than guess', () => {
    assert.throws(() => updateFieldsWrite('/c/x.yaml', 'id: [broken\n', [{ path: ['lifecycle'], value: 'retired' }]), /the file has YAML errors to fix first/);
    assert.throws(() => updateFieldsWrite('/c/x.yaml', 'owners: user:a\n', [{ path: ['owners', 'business', 'x'], value: 'y' }]), /owners\.business\.x cannot be changed/);
    const r = catalogWriteFor({ action: 'updateFields', file: '/c/x.yaml', changes: [{ path: ['a'], value: 1 }] }, () => 'a: [1\n');
    assert.deepEqual(r, { error: 'x.yaml was not changed: the file has YAML errors to fix first (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:)' });
  });
});
