import { strict as assert } from 'assert';

import { savesIn } from '../../helpers/saves';

/** Extraction and path folding (catalog.md §8.4.1): `line api format kind target [uncertain]`. */
describe('save sites', () => {
  it('recognises the module-level writers with their formats and targets', async () => {
    assert.deepEqual(await savesIn(`import torch, joblib, onnx, skops.io as sio
import tensorflow as tf
from safetensors.torch import save_file, save_model
from sklearn.linear_model import LogisticRegression
clf = LogisticRegression()
torch.save(net.state_dict(), "models/net.pt")
torch.jit.save(scripted, "models/net.ts")
torch.onnx.export(net, x, "models/net.onnx")
save_file(tensors, "w.safetensors")
save_model(net, filename="w2.safetensors")
joblib.dump(clf, "clf.joblib")
sio.dump(clf, "clf.skops")
onnx.save(proto, "m.onnx")
tf.saved_model.save(module, "export/sm")
tf.keras.models.save_model(km, "k.h5")
`), [
      '6 torch.save pytorch-pickle file models/net.pt',
      '7 torch.jit.save torchscript file models/net.ts',
      '8 torch.onnx.export onnx file models/net.onnx',
      '9 save_file safetensors file w.safetensors',
      '10 save_model safetensors file w2.safetensors',
      '11 joblib.dump joblib file clf.joblib',
      '12 sio.dump skops file clf.skops',
      '13 onnx.save onnx file m.onnx',
      '14 tf.saved_model.save tf-savedmodel directory export/sm',
      '15 tf.keras.models.save_model keras-h5 file k.h5',
    ]);
  });

  it('folds targets to path templates: f-strings, joins, Path /, constants, with_suffix', async () => {
    assert.deepEqual(await savesIn(`import os
import torch
from pathlib import Path
OUT = "models"
run = get_run()
torch.save(sd, f"models/{run}/m.pt")
torch.save(sd, os.path.join(OUT, "churn", f"v{run}.pt"))
torch.save(sd, Path(OUT) / "churn" / "m.pt")
torch.save(sd, OUT + "/x.pt")
torch.save(sd, str(Path("./models//a") / "b.pt"))
torch.save(sd, Path(base).with_suffix(".pt"))
torch.save(sd, path)
torch.save(sd, f"{out_dir}/{name}")
`), [
      '6 torch.save pytorch-pickle file models/*/m.pt',
      '7 torch.save pytorch-pickle file models/churn/v*.pt',
      '8 torch.save pytorch-pickle file models/churn/m.pt',
      '9 torch.save pytorch-pickle file models/x.pt',
      '10 torch.save pytorch-pickle file models/a/b.pt',
      '11 torch.save pytorch-pickle file *.pt',
      '12 torch.save pytorch-pickle file ?',
      '13 torch.save pytorch-pickle file ?',
    ]);
  });

  it('pickle.dump of a model: the file from `with open(P, "wb")`; data is not a model save', async () => {
    assert.deepEqual(await savesIn(`import pickle
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor

def fit(csv) -> GradientBoostingRegressor:
    return GradientBoostingRegressor().fit(*load(csv))

model = fit("data.csv")
with open("models/gbr.pkl", "wb") as fh:
    pickle.dump(model, fh)
pickle.dump(GradientBoostingRegressor(), open("g.pkl", "wb"))
pickle.dump({"a": 1}, open("meta.pkl", "wb"))
pickle.dump(pd.read_csv("x.csv"), open("df.pkl", "wb"))
pickle.dump(thing, sock)
`), [
      '10 pickle.dump pickle file models/gbr.pkl',
      '11 pickle.dump pickle file g.pkl',
      '14 pickle.dump pickle file ? uncertain',
    ]);
  });

  it('pickle.dump in a module that imports no model library is not a model save', async () => {
    assert.deepEqual(await savesIn(`import pickle
with open("cache.pkl", "wb") as fh:
    pickle.dump(results, fh)
`), []);
  });

  it('Hugging Face saves: save_pretrained (safetensors unless safe_serialization=False), push_to_hub; tokenizers are not models', async () => {
    assert.deepEqual(await savesIn(`from transformers import AutoModelForSequenceClassification, AutoTokenizer, TFAutoModel
OUTPUT_DIR = "models/review-sentiment"
model = AutoModelForSequenceClassification.from_pretrained("org/base", revision=SHA)
tokenizer = AutoTokenizer.from_pretrained("org/base", revision=SHA)
model.save_pretrained(OUTPUT_DIR)
tokenizer.save_pretrained(OUTPUT_DIR)
model.save_pretrained("old", safe_serialization=False)
model.push_to_hub("acme/review-sentiment")
TFAutoModel.from_pretrained("x").save_pretrained("tf")
self.model.save_pretrained(out)
processor.save_pretrained(out)
`), [
      '5 model.save_pretrained safetensors directory models/review-sentiment',
      '7 model.save_pretrained pytorch-pickle directory old',
      '8 model.push_to_hub safetensors hub acme/review-sentiment',
      '9 TFAutoModel.from_pretrained("x").save_pretrained keras-h5 directory tf',
      '10 self.model.save_pretrained safetensors directory ? uncertain',
    ]);
  });

  it('Keras save / save_weights by receiver type and extension; lookalikes are not saves', async () => {
    assert.deepEqual(await savesIn(`import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.save("m.keras")
model.save("m.h5")
model.save("export_dir")
model.save_weights("w.weights.h5")
net.save("net.keras")
net.save("net.h5")
fig = plt.figure()
fig.save("plot.png")
plt.savefig("plot.png")
df = pd.DataFrame()
df.save("frame.pkl")
np.save("arr.npy", arr)
img.save("out.png")
`), [
      '6 model.save keras file m.keras',
      '7 model.save keras-h5 file m.h5',
      '8 model.save tf-savedmodel file export_dir',
      '9 model.save_weights other file w.weights.h5',
      '10 net.save keras file net.keras',
      '11 net.save keras-h5 file net.h5 uncertain',
    ]);
  });

  it('a .save on an untyped object in a module without Keras is not a save', async () => {
    assert.deepEqual(await savesIn(`import torch
doc.save("report.docx")
model.save("m.h5")
scripted = torch.jit.script(net)
scripted.save("net.pt")
`), ['5 scripted.save torchscript file net.pt']);
  });

  it('booster save_model: XGBoost by extension, LightGBM text, CatBoost format=, Trainer', async () => {
    assert.deepEqual(await savesIn(`import xgboost as xgb
import lightgbm as lgb
from catboost import CatBoostClassifier
from transformers import Trainer
bst = xgb.train(params, dtrain)
bst.save_model("m.json")
xgb.XGBClassifier().fit(X, y).save_model("m.ubj")
bst.save_model("m.model")
lgb.train(params, ds).save_model("lgb.txt")
CatBoostClassifier().save_model("cb.cbm")
CatBoostClassifier().save_model("cb.onnx", format="onnx")
Trainer(model=m).save_model("out/final")
`), [
      '6 bst.save_model xgboost-json file m.json',
      '7 xgb.XGBClassifier().fit(X, y).save_model xgboost-ubj file m.ubj',
      '8 bst.save_model other file m.model',
      '9 lgb.train(params, ds).save_model lightgbm-text file lgb.txt',
      '10 CatBoostClassifier().save_model catboost-cbm file cb.cbm',
      '11 CatBoostClassifier().save_model onnx file cb.onnx',
      '12 Trainer(model=m).save_model safetensors directory out/final',
    ]);
  });

  it('MLflow: log_model by registered name (or name=), save_model by path, register_model; the flavor decides the inner format', async () => {
    assert.deepEqual(await savesIn(`import mlflow
mlflow.sklearn.log_model(clf, "model", registered_model_name="fraud-clf")
mlflow.pytorch.log_model(net, name="churn-net")
mlflow.sklearn.log_model(clf, "model", serialization_format="pickle")
mlflow.onnx.save_model(proto, "export/onnx")
mlflow.register_model(f"runs:/{run_id}/model", "fraud-clf")
`), [
      '2 mlflow.sklearn.log_model mlflow-model(cloudpickle) registry fraud-clf',
      '3 mlflow.pytorch.log_model mlflow-model(pytorch-pickle) registry churn-net',
      // registered by the register_model of its artifact path two lines down
      '4 mlflow.sklearn.log_model mlflow-model(pickle) registry fraud-clf',
      '5 mlflow.onnx.save_model mlflow-model(onnx) directory export/onnx',
      '6 mlflow.register_model mlflow-model registry fraud-clf',
    ]);
  });

  it('saves into a temporary directory (a test round trip) are not model saves', async () => {
    assert.deepEqual(await savesIn(`import os, tempfile, torch
from transformers import AutoModel
model = AutoModel.from_pretrained("./base")
with tempfile.TemporaryDirectory() as tmpdirname:
    model.save_pretrained(tmpdirname)
    torch.save(sd, os.path.join(tmpdirname, "m.pt"))
    torch.save(sd, f"{tmpdirname}/m.pt")
d = tempfile.mkdtemp()
torch.save(sd, d + "/m.pt")
with tempfile.NamedTemporaryFile(suffix=".pt") as f:
    torch.save(sd, f.name)

def test_roundtrip(tmp_path):
    torch.save(sd, tmp_path / "m.pt")

def export(out_dir, tmpdir_name):
    torch.save(sd, os.path.join(out_dir, "m.pt"))
    torch.save(sd, f"models/{tmpdir_name}.pt")
`), ['17 torch.save pytorch-pickle file */m.pt', '18 torch.save pytorch-pickle file models/*.pt']);
  });

  it('loads and lookalike functions are not saves', async () => {
    assert.deepEqual(await savesIn(`import torch, joblib, pickle
import numpy as np
sd = torch.load("m.pt", weights_only=True)
clf = joblib.load("clf.joblib")
blob = pickle.dumps(clf)
np.save("a.npy", x)
torch.save
`), []);
  });
});
