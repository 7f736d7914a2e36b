import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { notebookJson } from '../helpers/notebooks';
import { runCli, tempTree } from './runCli';

const ENTRY = (id: string, tier: string, paths: string[]) => `schema: mlcatalog/v1
id: ${id}
businessUse: Sets weekly promotion prices for every store.
owners: { business: jane.doe@example.com, technical: group:pricing }
criticality: low
environments: [ { tier: ${tier} } ]
lifecycle: active
match: { paths: ${JSON.stringify(paths)} }
`;

const TRAIN = `import joblib
from sklearn.svm import SVC
from transformers import AutoModel

joblib.dump(SVC(), "models/price.joblib")
AutoModel.from_pretrained("./base").save_pretrained("models/sentiment")
`;

describe('ml-hygiene check: model saves against the project\'s catalog', function () {
  this.timeout(60_000);

  it('reads the nearest .mlcatalog/: a production entry saved with joblib is an error (and incomplete for production), an undeclared save a warning', () => {
    const dir = tempTree({
      'project/.mlcatalog/models/price.yaml': ENTRY('price', 'production', ['models/price.*']),
      'project/pyproject.toml': '[project]\nname = "p"\n',
      'project/train.py': TRAIN,
    });
    const r = runCli(['check', 'project', '--no-cache', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const rows = (JSON.parse(r.stdout) as Array<{ code: string; severity: string; line: number; message: string }>).filter((f) => f.code.startsWith('MLH3'));
    assert.deepEqual(rows.map((f) => `${f.line} ${f.code} ${f.severity}`), ['5 MLH302 error', '5 MLH304 information', '6 MLH301 warning']);
    assert.match(rows[0].message, /joblib is not allowed in the production tier/);
  });

  it('the example workspace: the one model saved in code that nobody declared is flagged, the production model saved as a pickle is an error', () => {
    const r = runCli(['check', 'examples/retail-demo', '--no-cache', '--format', 'json']);
    const rows = (JSON.parse(r.stdout) as Array<{ code: string; severity: string; file: string; cell?: number; line: number }>).filter((f) => f.code.startsWith('MLH3'));
    // NOTE: the sentiment model is saved both by the script and by the training notebook.
    assert.deepEqual(rows.map((f) => `${f.file}:${f.cell === undefined ? '' : `cell ${f.cell}:`}${f.line} ${f.code} ${f.severity}`), [
      'examples/retail-demo/forecasting/train.py:33 MLH302 error',
      'examples/retail-demo/forecasting/train.py:34 MLH302 error',
      'examples/retail-demo/notebooks/train_sentiment.ipynb:cell 8:1 MLH301 warning',
      'examples/retail-demo/sentiment/fine_tune.py:21 MLH301 warning',
    ]);
  });

  it('a notebook: the model logged in one cell is registered by the register_model of its run artifact in a later cell; an unrelated URI links nothing (p24)', () => {
    const entry = ENTRY('fraud-clf', 'development', ['nothing/**']).replace(/match: .*/, 'match: { mlflowNames: ["fraud-clf"] }');
    const notebook = (uri: string) => notebookJson([
      'import joblib\nimport mlflow\nfrom sklearn.linear_model import LogisticRegression\n',
      'with mlflow.start_run() as run:\n    clf = LogisticRegression().fit(X, y)\n    mlflow.sklearn.log_model(clf, name="model")\n    joblib.dump(clf, "clf.joblib")\n',
      { type: 'markdown', source: 'Register the model.\n' },
      `mlflow.register_model(${uri}, "fraud-clf")\n`,
    ]);
    const dir = tempTree({
      '.mlcatalog/models/fraud-clf.yaml': entry,
      'pyproject.toml': '[project]\nname = "p"\n',
      'linked.ipynb': notebook('f"runs:/{run.info.run_id}/model"'),
      'unrelated.ipynb': notebook('"models:/other/1"'),
    });
    const rows = (JSON.parse(runCli(['check', '.', '--no-cache', '--format', 'json'], dir).stdout) as Array<{ code: string; file: string; cell: number; line: number; message: string }>).filter((f) => f.code.startsWith('MLH3'));
    assert.deepEqual(rows.map((f) => `${f.file}:cell ${f.cell}:${f.line} ${f.code}`), [
      'linked.ipynb:cell 2:4 MLH301',
      'unrelated.ipynb:cell 2:3 MLH301',
      'unrelated.ipynb:cell 2:4 MLH301',
    ]);
    assert.match(rows[0].message, /`joblib\.dump` writes a model as joblib .* to `clf\.joblib`, but/, 'the joblib file is not what was registered');
    assert.match(rows[1].message, /`mlflow\.sklearn\.log_model` writes a model as an MLflow model \(cloudpickle inside\) to MLflow model `model`, but/);
  });

  it('with no catalog every save is undeclared; editing the catalog changes the verdict on the next run, cache or not', () => {
    const dir = tempTree({ 'train.py': TRAIN, 'pyproject.toml': '[project]\nname = "p"\n' });
    const codes = () => (JSON.parse(runCli(['check', '.', '--format', 'json', '--cache-dir', '.cache'], dir).stdout) as Array<{ code: string }>).map((f) => f.code).filter((c) => c.startsWith('MLH3'));
    assert.deepEqual(codes(), ['MLH301', 'MLH301']);
    fs.mkdirSync(path.join(dir, '.mlcatalog', 'models'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.mlcatalog', 'models', 'sentiment.yaml'), ENTRY('sentiment', 'development', ['models/sentiment']));
    assert.deepEqual(codes(), ['MLH301'], 'the cached result was not reused after the catalog changed');
  });
});
