import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';

describe('MLH105 joblib-load', () => {
  it('flags joblib.load, also through sklearn.externals.joblib', async () => {
    await expectFindings(`import joblib
from joblib import load
from sklearn.externals import joblib as skjoblib
import sklearn.externals.joblib as jl
import sklearn
a = joblib.load("model.joblib")
#   ^^^^^^^^^^^ MLH105 warning
b = load(p)
#   ^^^^ MLH105 warning
c = skjoblib.load(p)
#   ^^^^^^^^^^^^^ MLH105 warning
d = jl.load(p)
#   ^^^^^^^ MLH105 warning
e = sklearn.externals.joblib.load(p)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH105 warning
`);
  });

  it('remote downloads are an Error (p22 shape)', async () => {
    await expectFindings(`import joblib
from huggingface_hub import hf_hub_download
clf = joblib.load(hf_hub_download("org/m", "sklearn_model.joblib"))
#     ^^^^^^^^^^^ MLH105 error
#                 ^^^^^^^^^^^^^^^ MLH201 warning
`);
  });

  it('does not flag joblib.dump, Memory, a local def named load or a parameter', async () => {
    await expectFindings(`import joblib
joblib.dump(clf, "clf.joblib")
mem = joblib.Memory("cache")

def load(p):
    return p

x = load(p)

def f(joblib):
    return joblib.load(p)
`);
  });

  it('offers the noqa fix', async () => {
    await expectFix('import joblib\nclf = joblib.load(p)\n', { code: 'MLH105', fix: 'noqa', expected: 'import joblib\nclf = joblib.load(p)  # noqa: MLH105\n' });
  });
});
