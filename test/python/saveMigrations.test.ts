import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { applyEdits } from '../../server/src/analysis/applyFixes';
import type { Fix } from '../../server/src/analysis/types';
import { unregisteredModelSave } from '../../server/src/rules/unregistered-model-save';
import { catalogOf } from '../helpers/saves';
import { findingsOf } from '../helpers/testParser';
import { runPython, tempTree, venvPython } from './python';

/**
 * The "Save as" quick-fixes of MLH301/MLH302, run for real: the rewritten training code writes
 * the new format, and the rewritten serving code in the same file (or, for ONNX, onnxruntime)
 * reads it back and predicts exactly what the pickled model did.
 */
describe('python tier: Save as skops / safetensors / ONNX keeps the model loadable', function () {
  this.timeout(60_000);

  before(function () {
    this.timeout(15 * 60_000);
    venvPython();
  });

  async function saveAs(dir: string, file: string, title: string): Promise<string> {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const finding = (await findingsOf(source, { rules: [unregisteredModelSave], catalog: catalogOf(undefined) }))[0];
    const fix: Fix | undefined = finding?.fixes.find((f) => f.title.startsWith(title));
    assert.ok(fix, `no "${title}" fix in:\n${source}`);
    const fixed = applyEdits(source, fix.edits);
    fs.writeFileSync(path.join(dir, file), fixed);
    return fixed;
  }

  function run(dir: string, ...args: string[]): string {
    const r = runPython(args, dir);
    assert.equal(r.status, 0, `python ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  }

  const DATA = 'import numpy as np\nX = np.random.RandomState(0).rand(40, 4)\ny = (X[:, 0] + X[:, 1] > 1).astype(int)\n';

  it('joblib.dump → skops.io.dump, with the joblib.load of the same file → skops.io.load: same predictions', async () => {
    const dir = tempTree({
      'app.py': `import sys\nimport joblib\nfrom sklearn.linear_model import LogisticRegression\n${DATA}\nif sys.argv[1] == "train":\n    joblib.dump(LogisticRegression().fit(X, y), "model.joblib")\nelse:\n    clf = joblib.load("model.joblib")\n    print(clf.predict_proba(X).round(12).tolist())\n`,
    });
    run(dir, 'app.py', 'train');
    const before = run(dir, 'app.py', 'predict');
    const fixed = await saveAs(dir, 'app.py', 'Save as skops');
    assert.match(fixed, /skops\.io\.dump\(LogisticRegression\(\)\.fit\(X, y\), "model\.joblib"\)/);
    assert.match(fixed, /clf = skops\.io\.load\("model\.joblib", trusted=\[\]\)/);
    run(dir, 'app.py', 'train');
    assert.equal(run(dir, 'app.py', 'predict'), before);
    const head = fs.readFileSync(path.join(dir, 'model.joblib')).subarray(0, 2).toString('latin1');
    assert.equal(head, 'PK', 'the file is now a skops zip, not a pickle');
  });

  it('pickle.dump in a with-block → skops.io.dump into the same file object, read back by the rewritten pickle.load', async () => {
    const dir = tempTree({
      'app.py': `import pickle\nimport sys\nfrom sklearn.linear_model import LogisticRegression\n${DATA}\nif sys.argv[1] == "train":\n    model = LogisticRegression().fit(X, y)\n    with open("model.pkl", "wb") as f:\n        pickle.dump(model, f)\nelse:\n    with open("model.pkl", "rb") as f:\n        model = pickle.load(f)\n    print(model.predict_proba(X).round(12).tolist())\n`,
    });
    run(dir, 'app.py', 'train');
    const before = run(dir, 'app.py', 'predict');
    const fixed = await saveAs(dir, 'app.py', 'Save as skops');
    assert.match(fixed, /model = skops\.io\.load\(f, trusted=\[\]\)/);
    run(dir, 'app.py', 'train');
    assert.equal(run(dir, 'app.py', 'predict'), before);
  });

  const ONNX_CHECK = 'import json, sys\nimport numpy as np\nimport onnxruntime\nX = np.random.RandomState(0).rand(200, 4)\nsess = onnxruntime.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])\nprint(json.dumps(sess.run(None, {sess.get_inputs()[0].name: X.astype(np.float32)})[0].tolist()))\n';

  it('joblib.dump of a fitted model → ONNX through skl2onnx: the .onnx file loads in onnxruntime and predicts the labels scikit-learn did', async () => {
    const dir = tempTree({
      'train.py': 'import json\nimport joblib\nimport numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\nX = np.random.RandomState(0).rand(200, 4)\ny = (X[:, 0] + X[:, 1] > 1).astype(int)\nmodel = RandomForestClassifier(n_estimators=10, random_state=0)\nmodel.fit(X, y)\nprint(json.dumps(model.predict(X).tolist()))\njoblib.dump(model, "model.joblib")\n',
      'check.py': ONNX_CHECK,
    });
    const fixed = await saveAs(dir, 'train.py', 'Save as ONNX');
    assert.match(fixed, /onnx\.save_model\(skl2onnx\.to_onnx\(model, np\.asarray\(X\[:1\], dtype=np\.float32\)\), "model\.onnx"\)/);
    const labels = run(dir, 'train.py');
    assert.equal(fs.existsSync(path.join(dir, 'model.joblib')), false, 'no pickle is written any more');
    assert.equal(run(dir, 'check.py', 'model.onnx'), labels);
  });

  it('pickle.dump of a fitted pipeline in a with-block → ONNX written into the same file object, renamed .onnx: same labels in onnxruntime', async () => {
    const dir = tempTree({
      'train.py': 'import pickle\nimport numpy as np\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n\n\ndef train():\n    X = np.random.RandomState(0).rand(200, 4)\n    y = (X[:, 0] + X[:, 1] > 1).astype(int)\n    clf = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)\n    with open("clf.pkl", "wb") as f:\n        pickle.dump(clf, f)\n    return clf.predict(X).tolist()\n\n\nprint(train())\n',
      'check.py': ONNX_CHECK.replace('json.dumps(', '('),
    });
    await saveAs(dir, 'train.py', 'Save as ONNX');
    const labels = run(dir, 'train.py');
    assert.equal(fs.existsSync(path.join(dir, 'clf.pkl')), false);
    assert.equal(run(dir, 'check.py', 'clf.onnx'), labels);
  });

  it('torch.save → safetensors (no torch here): the rewrite compiles and calls safetensors.torch functions that exist', async () => {
    const dir = tempTree({ 'train.py': 'import torch\n\n\ndef save(model):\n    torch.save(model.state_dict(), "w.pt")\n\n\ndef load(model):\n    model.load_state_dict(torch.load("w.pt", weights_only=True))\n' });
    const fixed = await saveAs(dir, 'train.py', 'Save as safetensors');
    run(dir, '-m', 'py_compile', 'train.py');
    assert.deepEqual([...new Set([...fixed.matchAll(/safetensors\.torch\.(\w+)\(/g)].map((m) => m[1]))].sort(), ['load_model', 'save_model']);
    // NOTE: safetensors.torch imports torch, which the venv lacks: read its signatures from the source.
    const check = 'import ast, importlib.util, os\nsrc = open(os.path.join(os.path.dirname(importlib.util.find_spec("safetensors").origin), "torch.py")).read()\ndefs = {f.name: [a.arg for a in f.args.args] for f in ast.parse(src).body if isinstance(f, ast.FunctionDef)}\nassert defs["save_model"][:2] == ["model", "filename"], defs["save_model"]\nassert defs["load_model"][:2] == ["model", "filename"], defs["load_model"]\n';
    run(dir, '-c', check);
  });
});
