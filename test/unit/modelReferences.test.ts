import { strict as assert } from 'assert';

import { modelReferences } from '../../server/src/analysis/modelReferences';
import { registryReferences } from '../../server/src/engine/registryReferences';
import { testParser } from '../helpers/testParser';

async function refs(source: string): Promise<string[]> {
  const tree = (await testParser()).parse(source)!;
  try {
    return modelReferences(tree, source).map((r) => `${r.start.line + 1}:${r.kind}:${r.call}:${r.target}${r.annotation ? `#${r.annotation}` : ''}`);
  } finally {
    tree.delete();
  }
}

describe('model references (save and load sites for the Catalog view)', () => {
  it('finds saves and loads with the paths and repositories they name, folded through constants and pathlib', async () => {
    const source = [
      'import torch, joblib, pickle',
      'from pathlib import Path',
      'from transformers import AutoModel',
      'OUT = Path(__file__).parent / "models"',
      'NAME = "acme/sentiment"',
      'torch.save(m, "models/m.pt")',
      'joblib.dump(m, OUT / "price.joblib")',
      'with open(OUT / "price.pkl", "wb") as fh:',
      '    pickle.dump(m, fh)',
      'with open("notes.txt") as fh:',
      '    pass',
      'model = AutoModel.from_pretrained(NAME)',
      'torch.save(m, f"runs/{run}/m.pt")',
      '',
    ].join('\n');
    assert.deepEqual(await refs(source), [
      '6:save:torch.save:models/m.pt',
      '7:save:joblib.dump:*/models/price.joblib',
      '8:save:open:*/models/price.pkl',
      '12:load:AutoModel.from_pretrained:acme/sentiment',
      '13:save:torch.save:runs/*/m.pt',
    ]);
  });

  it('takes a # mlcatalog comment on the line or the line above, even when the target is unknown', async () => {
    const source = 'import torch\ndef save(m, path):\n    # mlcatalog: churn-scorer\n    torch.save(m, path)\n    torch.save(m, path)  # mlcatalog: other\n';
    assert.deepEqual(await refs(source), ['4:save:torch.save:*#churn-scorer', '5:save:torch.save:*#other']);
  });

  it('ignores names in strings and comments, and calls with nothing to match', async () => {
    assert.deepEqual(await refs('# torch.save("a.pt")\nx = "joblib.dump(m, \'b.pkl\')"\ntorch.save(m, path)\n'), []);
  });
});

describe('registry references (the MLflow names saves are registered under, for the Catalog view)', () => {
  async function names(source: string): Promise<string[]> {
    const tree = (await testParser()).parse(source)!;
    try {
      return registryReferences(tree, source).map((r) => `${r.start.line + 1}:${r.call}:${r.target}${r.registry ? '' : ' (not a registry name)'}`);
    } finally {
      tree.delete();
    }
  }

  it('lists registered_model_name=, register_model names and the saves a later register_model links, not annotated saves', async () => {
    assert.deepEqual(await names(`import joblib, mlflow
from sklearn.svm import SVC
mlflow.sklearn.log_model(clf, "a", registered_model_name="fraud-clf")
mlflow.sklearn.log_model(clf, "model")
joblib.dump(SVC(), "clf.joblib")
mlflow.log_artifact("clf.joblib", "packed")
mlflow.register_model(f"runs:/{run_id}/model", "churn")
mlflow.register_model(f"runs:/{run_id}/packed", "pricing")
# mlcatalog: other
mlflow.sklearn.log_model(clf, "b", registered_model_name="x")
`), ['3:mlflow.sklearn.log_model:fraud-clf', '4:mlflow.sklearn.log_model:churn', '5:joblib.dump:pricing', '7:mlflow.register_model:churn', '8:mlflow.register_model:pricing']);
    assert.deepEqual(await names('import torch\ntorch.save(m, "m.pt")\n'), []);
  });
});
