import { strict as assert } from 'assert';

import { forbiddenModelFormat } from '../../../server/src/rules/forbidden-model-format';
import { unregisteredModelSave } from '../../../server/src/rules/unregistered-model-save';
import { expectMigration, fixTitles } from '../../helpers/fixes';
import { catalogOf, entry } from '../../helpers/saves';

const prod = { rules: [forbiddenModelFormat], catalog: catalogOf([entry('m', { match: { paths: ['**'] } })]) };
const none = { rules: [unregisteredModelSave], catalog: catalogOf(undefined) };

describe('Save as ONNX (scikit-learn models, with the fit data as the sample input)', () => {
  it('joblib.dump of a model fitted on X_train → onnx.save_model(skl2onnx.to_onnx(model, X_train[:1] as float32), "….onnx"); the joblib.load is named in the note', async () => {
    await expectMigration(`import joblib
from sklearn.svm import SVC
model = SVC()
model.fit(X_train, y_train)
joblib.dump(model, "models/svc.joblib")
clf = joblib.load("models/svc.joblib")
`, { code: 'MLH302', title: 'Save as ONNX (skl2onnx.to_onnx with X_train[:1] as the sample input, to "models/svc.onnx")', options: prod, expected: `import joblib
from sklearn.svm import SVC
import skl2onnx
import onnx
import numpy
model = SVC()
model.fit(X_train, y_train)
# This now writes ONNX (float32 inputs): read it with sess = onnxruntime.InferenceSession("models/svc.onnx")
# and predict with sess.run(None, {sess.get_inputs()[0].name: numpy.asarray(X, dtype=numpy.float32)})[0]
# instead of joblib.load and .predict (the joblib.load on line 6 still needs changing).
onnx.save_model(skl2onnx.to_onnx(model, numpy.asarray(X_train[:1], dtype=numpy.float32)), "models/svc.onnx")
clf = joblib.load("models/svc.joblib")
` });
  });

  it('pickle.dump into `with open(P, "wb")` in a function, the model assigned a fit: the open() path becomes .onnx, numpy keeps its alias', async () => {
    await expectMigration(`import pickle
import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression

def train(data, y):
    clf = make_pipeline(LogisticRegression()).fit(data.features, y)
    with open("artifacts/clf.pkl", "wb") as fh:
        pickle.dump(clf, fh)
`, { code: 'MLH301', title: 'Save as ONNX', options: none, remaining: 1, expected: `import pickle
import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
import skl2onnx
import onnx

def train(data, y):
    clf = make_pipeline(LogisticRegression()).fit(data.features, y)
    with open("artifacts/clf.onnx", "wb") as fh:
        # This now writes ONNX (float32 inputs): read it with sess = onnxruntime.InferenceSession("artifacts/clf.onnx")
        # and predict with sess.run(None, {sess.get_inputs()[0].name: np.asarray(X, dtype=np.float32)})[0]
        # instead of pickle.load and .predict (check the code that reads this file elsewhere).
        onnx.save_model(skl2onnx.to_onnx(clf, np.asarray(data.features[:1], dtype=np.float32)), fh)
` });
  });

  it('a fitted expression saved directly, to a path in a name: the file keeps its name and the note says so', async () => {
    await expectMigration(`import joblib
from sklearn.tree import DecisionTreeClassifier
joblib.dump(DecisionTreeClassifier().fit(X, y), MODEL_PATH)
`, { code: 'MLH301', title: 'Save as ONNX (skl2onnx.to_onnx with X[:1] as the sample input)', options: none, remaining: 1, expected: `import joblib
from sklearn.tree import DecisionTreeClassifier
import skl2onnx
import onnx
import numpy
# This now writes ONNX (float32 inputs): read it with sess = onnxruntime.InferenceSession(MODEL_PATH)
# and predict with sess.run(None, {sess.get_inputs()[0].name: numpy.asarray(X, dtype=numpy.float32)})[0]
# instead of joblib.load and .predict (check the code that reads this file elsewhere).
# The file keeps the name it had: give it the .onnx extension.
onnx.save_model(skl2onnx.to_onnx(DecisionTreeClassifier().fit(X, y), numpy.asarray(X[:1], dtype=numpy.float32)), MODEL_PATH)
` });
  });

  it('is offered next to Save as skops, and not where no sample input is known or the model is not scikit-learn', async () => {
    const titles = (await fixTitles('import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(X, y)\njoblib.dump(m, "m.joblib")\n', 'MLH301', none))[0];
    assert.deepEqual(titles.filter((t) => t.startsWith('Save as')).map((t) => t.split(' (')[0]), ['Save as skops', 'Save as ONNX']);
    for (const source of [
      // no fit, or the fit of another object, after the save, or in another function
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\njoblib.dump(m, "m.joblib")\n',
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nother.fit(X, y)\njoblib.dump(m, "m.joblib")\n',
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\njoblib.dump(m, "m.joblib")\nm.fit(X, y)\n',
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\ndef train():\n    m.fit(X, y)\ndef save():\n    joblib.dump(m, "m.joblib")\n',
      // X is not a plain name or attribute
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(df[cols], y)\njoblib.dump(m, "m.joblib")\n',
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(load_x(), y)\njoblib.dump(m, "m.joblib")\n',
      // not scikit-learn, or another model library where the type is unknown
      'import joblib, xgboost\nimport sklearn\nm = xgboost.XGBClassifier()\nm.fit(X, y)\njoblib.dump(m, "m.joblib")\n',
      'import joblib, lightgbm\nfrom sklearn.model_selection import train_test_split\ndef f(m):\n    m.fit(X, y)\n    joblib.dump(m, "m.joblib")\n',
      'import joblib, torch\nm.fit(X, y)\njoblib.dump(m, "m.joblib")\n',
      // extra arguments, the return value used, a file object not opened here
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(X, y)\njoblib.dump(m, "m.joblib", compress=3)\n',
      'import joblib\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(X, y)\nfiles = joblib.dump(m, "m.joblib")\n',
      'import pickle\nfrom sklearn.svm import SVC\nm = SVC()\nm.fit(X, y)\npickle.dump(m, buffer)\n',
    ]) {
      const found = (await fixTitles(source, 'MLH301', none))[0];
      assert.ok(found, `an MLH301 finding in:\n${source}`);
      assert.deepEqual(found.filter((t) => t.startsWith('Save as ONNX')), [], source);
    }
  });
});
