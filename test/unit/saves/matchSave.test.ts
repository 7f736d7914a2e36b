import { strict as assert } from 'assert';

import { unregisteredModelSave } from '../../../server/src/rules/unregistered-model-save';
import { templateMatches } from '../../../server/src/rules/shared/saves/matchSave';
import { expectFindings } from '../../helpers/expectFindings';
import { catalogOf, entry } from '../../helpers/saves';
import { findingsOf } from '../../helpers/testParser';

describe('matching a save to a catalog entry (catalog.md §8.4.2)', () => {
  it('path templates against globs: holes are one plain segment part, folders match globs of their files', () => {
    assert.equal(templateMatches('models/*/m.pt', 'models/**/*.pt', false), true);
    assert.equal(templateMatches('models/churn/m.safetensors', 'models/churn/**/*.safetensors', false), true);
    assert.equal(templateMatches('*/m.pt', 'models/churn/*.pt', false), false, 'an unknown folder is not assumed to be the right one');
    assert.equal(templateMatches('models/*.pt', 'models/churn*.pt', false), false, 'an unknown name is not assumed to fit');
    assert.equal(templateMatches('models/review-sentiment', 'models/review-sentiment/**', true), true);
    assert.equal(templateMatches('artifacts/churn_3.onnx', './artifacts/churn_*.onnx', false), true);
  });

  const churn = entry('churn-scorer', { match: { mlflowNames: ['churn'], hfRepos: ['acme/churn'], paths: ['models/churn/**'], names: ['churn_model'] } });
  const other = entry('other-model', { match: { paths: ['models/**/*.pt'] } });

  const both = catalogOf([other, churn]);
  /** The MLH301 findings of a source with the two entries above (none when a save is matched). */
  async function unmatched(source: string): Promise<number> {
    return (await findingsOf(source, { catalog: both, rules: [unregisteredModelSave] })).filter((f) => f.code === 'MLH301').length;
  }

  it('the annotation wins over every other signal, on the line or the comment line above', async () => {
    await expectFindings(`import torch
def train():
    torch.save(sd, "models/churn/m.pt")  # mlcatalog: other-model
    # mlcatalog: churn-scorer
    torch.save(sd, "elsewhere/m.pt")
    torch.save(
        sd,
        "elsewhere/m.pt",  # mlcatalog: churn-scorer
    )
    torch.save(sd, "elsewhere/m.pt")  # mlcatalog: nobody
#   ^^^^^^^^^^ MLH301 warning
    x = "# mlcatalog: churn-scorer"; torch.save(sd, "elsewhere/m.pt")
#                                    ^^^^^^^^^^ MLH301 warning
`, { catalog: both, rules: [unregisteredModelSave] });
  });

  it('registry identity: the MLflow name (id or mlflowNames) and the Hub repository, case-insensitively', async () => {
    assert.equal(await unmatched(`import mlflow
mlflow.sklearn.log_model(clf, "model", registered_model_name="churn")
mlflow.sklearn.log_model(clf, "model", registered_model_name="churn-scorer")
mlflow.register_model("runs:/1/model", "churn")
`), 0);
    assert.equal(await unmatched(`from transformers import AutoModel
AutoModel.from_pretrained("./local").push_to_hub("Acme/Churn")
`), 0);
    assert.equal(await unmatched(`import mlflow
mlflow.sklearn.log_model(clf, "model", registered_model_name="fraud")
`), 1);
  });

  it('path globs; a name is never enough', async () => {
    assert.equal(await unmatched(`import torch
torch.save(sd, "models/churn/v3/m.safetensors")
torch.save(sd, f"models/{run}/m.pt")
`), 0);
    assert.equal(await unmatched(`import torch
churn_model = build()
torch.save(churn_model, "exports/m.bin")
`), 1);
  });

  it('an invalid entry never matches, and the finding says which entry to complete', async () => {
    const draft = entry('draft', { businessUse: '', match: { paths: ['drafts/*.pt'] } });
    const [finding] = (await findingsOf('import torch\ntorch.save(sd, "drafts/m.pt")\n', { catalog: catalogOf([draft]) })).filter((f) => f.code === 'MLH301');
    assert.match(finding.message, /matches catalog entry `draft` \(\.mlcatalog\/models\/draft\.yaml\), which is not valid yet/);
  });
});
