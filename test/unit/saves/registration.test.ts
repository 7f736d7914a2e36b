import { strict as assert } from 'assert';

import { forbiddenModelFormat } from '../../../server/src/rules/forbidden-model-format';
import { unregisteredModelSave } from '../../../server/src/rules/unregistered-model-save';
import { expectFindings } from '../../helpers/expectFindings';
import { catalogOf, entry, savesIn } from '../../helpers/saves';
import { findingsOf } from '../../helpers/testParser';

/** `fraud-clf` by its id, `churn` by one of its MLflow names; neither has a path that matches. */
const catalog = catalogOf([entry('fraud-clf'), entry('churn', { match: { mlflowNames: ['churn-prod'] } })]);
const options = { catalog, rules: [unregisteredModelSave] };

describe('a save registered by a later mlflow.register_model of the same module (rules.md §3.5)', () => {
  it('log_model with no registered_model_name, then register_model of runs:/<run>/<its artifact path>: matched by registry name', async () => {
    await expectFindings(`import mlflow
with mlflow.start_run() as run:
    mlflow.sklearn.log_model(clf, "model")
mlflow.register_model(f"runs:/{run.info.run_id}/model", "fraud-clf")

mlflow.sklearn.log_model(clf, artifact_path="scorer/")
mlflow.register_model("runs:/0a1b/scorer", name="churn-prod")

mlflow.xgboost.log_model(xgb_model=booster, name="booster")
mlflow.register_model(model_uri=f"runs:/{run_id}/booster", name="churn")

info = mlflow.sklearn.log_model(clf, name="m")
mlflow.register_model(info.model_uri, "fraud-clf")

mlflow.pytorch.log_model(net, "net")
mlflow.register_model(mlflow.get_artifact_uri("net"), "fraud-clf")
`, options);
    assert.deepEqual(await savesIn('import mlflow\nmlflow.sklearn.log_model(clf, "model")\nmlflow.register_model(f"runs:/{rid}/model", "fraud-clf")\n'), [
      '2 mlflow.sklearn.log_model mlflow-model(cloudpickle) registry fraud-clf',
      '3 mlflow.register_model mlflow-model registry fraud-clf',
    ]);
  });

  it('save_model to a folder, then register_model of that folder (a path or a file:// URI)', async () => {
    await expectFindings(`import os
import mlflow
from pathlib import Path
mlflow.sklearn.save_model(clf, "export/clf")
mlflow.register_model("file://export/clf", "fraud-clf")

def publish(clf, path):
    mlflow.sklearn.save_model(clf, path)
    mlflow.register_model(f"file://{os.path.abspath(path)}", "fraud-clf")

def publish2(clf, out: Path):
    mlflow.sklearn.save_model(clf, out / "model")
    mlflow.register_model(str(out / "model"), "churn-prod")
`, options);
  });

  it('a file written by torch.save / joblib.dump, logged with log_artifact, then register_model of where the artifact went', async () => {
    await expectFindings(`import joblib
import mlflow
import torch
from sklearn.svm import SVC
torch.save(net.state_dict(), "weights/m.pt")
mlflow.log_artifact("weights/m.pt", "model")
mlflow.register_model(f"runs:/{rid}/model", "fraud-clf")

joblib.dump(SVC(), "clf.joblib")
mlflow.log_artifact("clf.joblib")
mlflow.register_model(f"runs:/{rid}/clf.joblib", "churn-prod")

def export(net, out):
    torch.save(net, f"{out}/net.pt")
    mlflow.log_artifacts(out, artifact_path="net")
    mlflow.register_model(f"runs:/{rid}/net", "fraud-clf")
`, options);
  });

  it('is linked as if registered_model_name were given: the other rules judge the entry it names', async () => {
    const [finding] = await findingsOf(`import joblib, mlflow
from sklearn.svm import SVC
joblib.dump(SVC(), "clf.joblib")
mlflow.log_artifact("clf.joblib", "model")
mlflow.register_model(f"runs:/{rid}/model", "fraud-clf")
`, { catalog, rules: [forbiddenModelFormat] });
    assert.equal(finding?.code, 'MLH302');
    assert.match(finding.message, /^`joblib\.dump` saves `fraud-clf` as joblib/);
  });

  it('not linked (p24): the registered artifact is not what was saved, the URI cannot be folded, or the registration comes first', async () => {
    const { findings } = await expectFindings(`import joblib
import mlflow
from sklearn.svm import SVC
def main():
    joblib.dump(SVC(), "clf.joblib")
#   ^^^^^^^^^^^ MLH301 warning
    mlflow.register_model(f"runs:/{run_id}/model", "fraud-clf")

    mlflow.sklearn.log_model(clf, "model")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH301 information
    mlflow.register_model(f"runs:/{rid}/other", "fraud-clf")

    mlflow.sklearn.log_model(clf, "model")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH301 information
    mlflow.register_model(uri, "fraud-clf")

    mlflow.sklearn.log_model(clf, "model")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH301 information
    mlflow.register_model(f"runs:/{rid}/{name}", "fraud-clf")

    joblib.dump(SVC(), "b.joblib")
#   ^^^^^^^^^^^ MLH301 warning
    mlflow.log_artifact("a.joblib", "b")
    mlflow.register_model(f"runs:/{rid}/b", "fraud-clf")

    mlflow.register_model(f"runs:/{rid}/late", "fraud-clf")
    mlflow.sklearn.log_model(clf, "late")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH301 information
`, options);
    assert.match(findings[0].message, /to `clf\.joblib`, but no catalog entry declares it/);
  });

  it('a registration under a name no entry has: the message says which name the save is registered as', async () => {
    const { findings } = await expectFindings(`import joblib, mlflow
from sklearn.svm import SVC
if True:
    joblib.dump(SVC(), "clf.joblib")
#   ^^^^^^^^^^^ MLH301 warning
    mlflow.log_artifact("clf.joblib", "model")
    mlflow.register_model(f"runs:/{rid}/model", "pricing")
#   ^^^^^^^^^^^^^^^^^^^^^ MLH301 warning
    mlflow.sklearn.log_model(clf, "scorer")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH301 warning
    mlflow.register_model(f"runs:/{rid}/scorer", "pricing")
#   ^^^^^^^^^^^^^^^^^^^^^ MLH301 warning
`, options);
    assert.match(findings[0].message, /writes a model as joblib \(pickle-based: loading it runs code\) to `clf\.joblib`, registered as MLflow model `pricing` by the `register_model` further down, but no catalog entry declares it/);
    assert.match(findings[2].message, /to MLflow model `pricing` \(registered by the `register_model` further down\), but/);
    const declare = findings[0].fixes[0];
    assert.deepEqual(declare.catalogEdit?.action === 'createEntry' && declare.catalogEdit.draft.match, { mlflowNames: ['pricing'], paths: ['clf.joblib'], names: ['pricing'] });
  });
});
