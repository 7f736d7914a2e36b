import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { applyEdits } from '../../../server/src/analysis/applyFixes';
import { applyWrite, createCatalogWrite, createEntryWrite, loadCatalog } from '../../../server/src/catalog';
import { unregisteredModelSave } from '../../../server/src/rules/unregistered-model-save';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, expectMigration, expectParses, fixTitles } from '../../helpers/fixes';
import { catalogOf, entry, NOW } from '../../helpers/saves';
import { findingsOf } from '../../helpers/testParser';

const rules = [unregisteredModelSave];
const none = { catalog: catalogOf(undefined), rules };

describe('MLH301 unregistered-model-save', () => {
  it('flags every model save when the workspace has no catalog yet', async () => {
    const { findings } = await expectFindings(`import torch, joblib
from transformers import AutoModel
from sklearn.linear_model import LogisticRegression
model = AutoModel.from_pretrained("./base")
def train(clf: LogisticRegression):
    torch.save(model.state_dict(), "models/m.pt")
#   ^^^^^^^^^^ MLH301 warning
    joblib.dump(clf, f"models/{run}/clf.joblib")
#   ^^^^^^^^^^^ MLH301 warning
    model.save_pretrained("models/base-ft")
#   ^^^^^^^^^^^^^^^^^^^^^ MLH301 warning
    model.push_to_hub("acme/base-ft")
#   ^^^^^^^^^^^^^^^^^ MLH301 warning
`, none);
    assert.match(findings[0].message, /^`torch\.save` writes a model as pytorch-pickle \(pickle-based: loading it runs code\) to `models\/m\.pt`, but this workspace has no model catalog yet/);
    assert.match(findings[1].message, /to `models\/\*\/clf\.joblib`/);
    assert.match(findings[3].message, /to Hub repository `acme\/base-ft`/);
  });

  it('is Information when the receiver is untyped or the target cannot be resolved', async () => {
    const { findings } = await expectFindings(`import torch
from tensorflow import keras
def export(model, path):
    model.save("m.h5")
#   ^^^^^^^^^^ MLH301 information
    torch.save(model, path)
#   ^^^^^^^^^^ MLH301 information
`, none);
    assert.match(findings[0].message, /The receiver's type is not known here/);
    assert.match(findings[1].message, /The target cannot be resolved here: link the save with `# mlcatalog: <id>`/);
  });

  it('says nothing without a catalog lookup, for lookalikes, and for declared saves', async () => {
    await expectFindings('import torch\ntorch.save(sd, "m.pt")\n', { rules });
    await expectFindings(`import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame()
df.save("x.pkl")
plt.gcf().save("p.png")
`, none);
    await expectFindings('import torch\ntorch.save(sd, "models/churn/m.pt")\n', { rules, catalog: catalogOf([entry('churn', { match: { paths: ['models/churn/*'] } })]) });
  });

  it('is silenced by # noqa: MLH301, never by # nosec', async () => {
    await expectFindings(`import torch
def f():
    torch.save(sd, "m.pt")  # nosec
#   ^^^^^^^^^^ MLH301 warning
    torch.save(sd, "m.pt")  # nosec B614
#   ^^^^^^^^^^ MLH301 warning
    torch.save(sd, "m.pt")  # noqa: MLH301
    # noqa: MLH301
    torch.save(sd, "m.pt")
`, none);
  });

  it('offers to declare the model (a catalog write the editor applies) and to create the catalog, with no catalog yet', async () => {
    const context = catalogOf(undefined);
    const [finding] = await findingsOf('import joblib\nfrom sklearn.svm import SVC\njoblib.dump(SVC(), "models/price_elasticity.joblib")\n', { rules, catalog: context });
    const [declare, create] = finding.fixes;
    assert.equal(declare.title, 'Create the catalog and declare this model as `price-elasticity` (.mlcatalog/models/price-elasticity.yaml, to complete)…');
    assert.deepEqual(declare.catalogEdit, {
      action: 'createEntry',
      catalogDir: path.join(context.root, '.mlcatalog'),
      draft: { id: 'price-elasticity', match: { paths: ['models/price_elasticity.joblib'], names: ['price-elasticity'] }, format: 'joblib, by `joblib.dump`' },
    });
    assert.equal(declare.edits.length, 0, 'the path links the save; no annotation needed');
    assert.equal(declare.preferred, false);
    assert.deepEqual(create.catalogEdit, { action: 'createCatalog', folder: context.root });
    assert.equal(create.title, 'Create the catalog (.mlcatalog/policy.yaml with a starter policy)');
  });

  it('the declared entry, written by the catalog writer, stays invalid (and the finding stays) until a person completes it', async () => {
    const context = catalogOf(undefined);
    const source = 'import joblib\nfrom sklearn.svm import SVC\njoblib.dump(SVC(), "models/price.joblib")\n';
    const [declare, create] = (await findingsOf(source, { rules, catalog: context }))[0].fixes;
    for (const fix of [create, declare]) {
      const request = fix.catalogEdit!;
      const write = request.action === 'createCatalog' ? createCatalogWrite(request.folder) : createEntryWrite(request.catalogDir, request.draft);
      assert.deepEqual(applyWrite(write).ok, true);
    }
    const reload = () => ({ ...context, catalog: loadCatalog(path.join(context.root, '.mlcatalog'), NOW) });
    const declared = reload();
    assert.equal(declared.catalog!.policy.valid, true, 'the starter policy is valid');
    assert.equal(declared.catalog!.get('price')?.valid, false);
    const [still] = await findingsOf(source, { rules, catalog: declared });
    assert.match(still.message, /matches catalog entry `price` \(\.mlcatalog\/models\/price\.yaml\), which is not valid yet: complete it/);
    const file = path.join(context.root, '.mlcatalog', 'models', 'price.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8')
      .replace(/businessUse: ""/, 'businessUse: "Sets weekly promotion prices per store"')
      .replace(/business: ""/, 'business: jane.doe@example.com')
      .replace(/technical: ""/, 'technical: group:pricing'));
    const completed = reload();
    assert.deepEqual(completed.catalog!.problems().filter((p) => p.severity === 'error'), []);
    assert.deepEqual(await findingsOf(source, { rules, catalog: completed }), []);
  });

  it('declares into an existing catalog with a fresh id, and links an unresolved save by annotation', async () => {
    const catalog = catalogOf([entry('model')]);
    const source = 'import torch\ndef f(path):\n    torch.save(net.state_dict(), path)\n';
    const [finding] = await findingsOf(source, { rules, catalog });
    const declare = finding.fixes[0];
    assert.equal(declare.title, 'Declare this model in the catalog as `net` (.mlcatalog/models/net.yaml, to complete)…');
    assert.equal(applyEdits(source, declare.edits), 'import torch\ndef f(path):\n    # mlcatalog: net\n    torch.save(net.state_dict(), path)\n');
    assert.deepEqual(declare.catalogEdit?.action === 'createEntry' && declare.catalogEdit.draft.match, { names: ['net'] });
    const again = await findingsOf('import torch\nmodel = 1\ntorch.save(model, path)\n', { rules, catalog });
    assert.match(again[0].fixes[0].title, /as `model-2`/);
  });

  it('links to catalog entries, those whose match.names name the model first', async () => {
    const catalog = catalogOf([entry('alpha'), entry('churn', { match: { names: ['churn_model'] } }), entry('draft', { businessUse: '' })]);
    const source = 'import torch\ntorch.save(churn_model, "exports/m.bin")\n';
    const titles = (await fixTitles(source, 'MLH301', { rules, catalog }))[0];
    assert.deepEqual(titles.filter((t) => t.startsWith('Link')), ['Link to catalog entry `churn` (# mlcatalog: churn)', 'Link to catalog entry `alpha` (# mlcatalog: alpha)']);
    await expectMigration(source, { code: 'MLH301', title: 'Link to catalog entry `churn`', options: { rules, catalog }, expected: 'import torch\n# mlcatalog: churn\ntorch.save(churn_model, "exports/m.bin")\n' });
  });

  it('corrects an annotation that names no entry', async () => {
    const catalog = catalogOf([entry('churn')]);
    await expectMigration('import torch\ntorch.save(m, "x.pt")  # mlcatalog: chrun\n', {
      code: 'MLH301', title: 'Link to catalog entry `churn`', options: { rules, catalog },
      expected: 'import torch\ntorch.save(m, "x.pt")  # mlcatalog: churn\n',
    });
  });

  it('offers the noqa fix', async () => {
    await expectFix('import torch\ntorch.save(m, "x.pt")\n', { code: 'MLH301', fix: 'noqa', options: none, expected: 'import torch\ntorch.save(m, "x.pt")  # noqa: MLH301\n' });
  });

  it('every fix leaves code that parses', async () => {
    const source = 'import joblib\nfrom sklearn.svm import SVC\nclf = SVC()\njoblib.dump(clf, "m.joblib")\nclf = joblib.load("m.joblib")\n';
    for (const fix of (await findingsOf(source, { rules, catalog: catalogOf([entry('a')]) }))[0].fixes) await expectParses(applyEdits(source, fix.edits));
  });
});
