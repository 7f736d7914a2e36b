import { strict as assert } from 'assert';

import { forbiddenModelFormat } from '../../../server/src/rules/forbidden-model-format';
import { unregisteredModelSave } from '../../../server/src/rules/unregistered-model-save';
import { expectMigration, fixTitles } from '../../helpers/fixes';
import { catalogOf, entry } from '../../helpers/saves';

/** The "Save as …" fixes, from the production-format finding (MLH302) and the unregistered one (MLH301). */
const prod = { rules: [forbiddenModelFormat], catalog: catalogOf([entry('m', { match: { paths: ['**'] } })]) };
const none = { rules: [unregisteredModelSave], catalog: catalogOf(undefined) };

describe('Save as safetensors / skops / .keras', () => {
  it('torch.save of a state dict → safetensors.torch.save_model, and the load_state_dict(torch.load) of the file → load_model', async () => {
    await expectMigration(`import torch

def train(model):
    torch.save(model.state_dict(), "models/m.pt")

def serve(model):
    model.load_state_dict(torch.load("models/m.pt", weights_only=True), strict=False)
`, { code: 'MLH302', title: 'Save as safetensors', options: prod, expected: `import torch
import safetensors.torch

def train(model):
    safetensors.torch.save_model(model, "models/m.pt")

def serve(model):
    safetensors.torch.load_model(model, "models/m.pt", strict=False)
`, remaining: 0 });
  });

  it('with no load of the file here, or one it cannot rewrite, a note says what else must change', async () => {
    await expectMigration('import torch\ntorch.save(net.state_dict(), PATH)\n', { code: 'MLH301', title: 'Save as safetensors', options: none, remaining: 1, expected: `import torch
import safetensors.torch
# This now writes safetensors: load it with safetensors.torch.load_model(model, PATH),
# not torch.load (check the code that reads this file elsewhere).
safetensors.torch.save_model(net, PATH)
` });
    await expectMigration('import torch\ntorch.save(net.state_dict(), "m.pt")\nsd = torch.load("m.pt", map_location="cpu")\n', { code: 'MLH301', title: 'Save as safetensors', options: none, remaining: 1, expected: `import torch
import safetensors.torch
# This now writes safetensors: load it with safetensors.torch.load_model(model, "m.pt"),
# not torch.load (the torch.load of this file on line 3 still needs changing).
safetensors.torch.save_model(net, "m.pt")
sd = torch.load("m.pt", map_location="cpu")
` });
  });

  it('joblib.dump → skops.io.dump, and joblib.load of the same file → skops.io.load(trusted=[])', async () => {
    await expectMigration(`import joblib
from sklearn.svm import SVC
joblib.dump(SVC(), "models/svc.joblib")
clf = joblib.load("models/svc.joblib")
`, { code: 'MLH302', title: 'Save as skops', options: prod, expected: `import joblib
from sklearn.svm import SVC
import skops.io
# This now writes skops: load it with skops.io.load(file, trusted=[...]) and review the types
# skops.io.get_untrusted_types(file=...) reports before trusting them.
skops.io.dump(SVC(), "models/svc.joblib")
clf = skops.io.load("models/svc.joblib", trusted=[])
` });
  });

  it('pickle.dump into `with open(P, "wb")` → skops.io.dump, and the pickle.load of P', async () => {
    await expectMigration(`import pickle
from sklearn.svm import SVC
model = SVC()
with open("models/svc.pkl", "wb") as fh:
    pickle.dump(model, fh)
with open("models/svc.pkl", "rb") as fh:
    model = pickle.load(fh)
`, { code: 'MLH302', title: 'Save as skops', options: prod, expected: `import pickle
from sklearn.svm import SVC
import skops.io
model = SVC()
with open("models/svc.pkl", "wb") as fh:
    # This now writes skops: load it with skops.io.load(file, trusted=[...]) and review the types
    # skops.io.get_untrusted_types(file=...) reports before trusting them.
    skops.io.dump(model, fh)
with open("models/svc.pkl", "rb") as fh:
    model = skops.io.load(fh, trusted=[])
` });
  });

  it('Keras model.save("m.h5") → "m.keras", and load_model of the same path', async () => {
    await expectMigration(`from tensorflow import keras
model = keras.Sequential()
model.save("models/m.h5")
again = keras.models.load_model("models/m.h5")
`, { code: 'MLH302', title: 'Save as .keras', options: prod, expected: `from tensorflow import keras
model = keras.Sequential()
model.save("models/m.keras")
again = keras.models.load_model("models/m.keras")
` });
  });

  it('is not offered where it cannot be exact: a whole module, a checkpoint dict, extra arguments, no scikit-learn', async () => {
    for (const source of [
      'import torch\ntorch.save(net, "m.pt")\n',
      'import torch\ntorch.save({"model": net.state_dict()}, "m.pt")\n',
      'import joblib\nfrom sklearn.svm import SVC\njoblib.dump(SVC(), "m.joblib", compress=3)\n',
      'import joblib, torch\njoblib.dump(torch.nn.Linear(2, 2), "m.joblib")\n',
    ]) {
      const titles = (await fixTitles(source, 'MLH301', none))[0];
      assert.deepEqual(titles.filter((t) => t.startsWith('Save as')), [], source);
    }
  });
});
