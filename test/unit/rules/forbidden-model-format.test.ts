import { strict as assert } from 'assert';

import { forbiddenModelFormat } from '../../../server/src/rules/forbidden-model-format';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';
import { catalogOf, entry, type EntrySpec } from '../../helpers/saves';
import { findingsOf } from '../../helpers/testParser';

const rules = [forbiddenModelFormat];
const inTier = (tier: string, over: Record<string, unknown> = {}) => entry('price', { environments: [{ tier: 'development' }, { tier }], match: { paths: ['models/**'], mlflowNames: ['price'] }, ...over });
const SAVE = 'import joblib\nfrom sklearn.svm import SVC\njoblib.dump(SVC(), "models/p.joblib")\n';

async function severity(source: string, e: EntrySpec, policy?: Record<string, unknown>): Promise<string | undefined> {
  return (await findingsOf(source, { rules, catalog: catalogOf([e], { policy }) }))[0]?.severity;
}

describe('MLH302 forbidden-model-format', () => {
  it('a pickle-based save of a production model is an Error; in staging a Warning; in development nothing', async () => {
    const { findings } = await expectFindings(`import joblib, torch
from sklearn.svm import SVC
def train():
    joblib.dump(SVC(), "models/p.joblib")
#   ^^^^^^^^^^^ MLH302 error
    torch.save(net, "models/net.pt")
#   ^^^^^^^^^^ MLH302 error
    torch.save(net.state_dict(), "other/net.pt")
`, { rules, catalog: catalogOf([inTier('production')]) });
    assert.match(findings[0].message, /saves `price` as joblib \(pickle-based: loading it runs code\): joblib is not allowed in the production tier by the catalog policy \(\.mlcatalog\/models\/price\.yaml\); whoever can replace the file runs code where it is loaded \(CWE-502\)\. Use skops or onnx\./);
    assert.equal(await severity(SAVE, inTier('staging')), 'warning');
    assert.equal(await severity(SAVE, inTier('development')), undefined);
  });

  it('safe formats pass; an MLflow model is judged as one (cloudpickle inside, not allowed in production by default)', async () => {
    assert.equal(await severity('import skops.io as sio\nsio.dump(clf, "models/p.skops")\n', inTier('production')), undefined);
    assert.equal(await severity('from safetensors.torch import save_model\nsave_model(net, "models/p.safetensors")\n', inTier('production')), undefined);
    const [f] = await findingsOf('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="price")\n', { rules, catalog: catalogOf([inTier('production')]) });
    assert.equal(f.severity, 'error');
    assert.match(f.message, /as an MLflow model \(cloudpickle inside\)/);
    assert.equal(await severity('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="price")\n', inTier('staging')), undefined);
  });

  it('an approved, unexpired exception lets it through; an expired or unapproved one does not, and the message says why', async () => {
    const exception = { format: 'joblib' as const, environment: 'production' as const, justification: 'legacy scorer until Q1', approvedBy: 'user:cto', expires: '2026-12-31' };
    assert.equal(await severity(SAVE, inTier('production', { formatPolicy: { exceptions: [exception] } })), undefined);
    assert.equal(await severity(SAVE, inTier('production'), { schema: 'mlcatalog-policy/v1', exceptions: [exception] }), undefined, 'organisation-wide exceptions count too');
    assert.equal(await severity(SAVE, inTier('production', { formatPolicy: { exceptions: [{ ...exception, expires: '2026-11-27' }] } })), undefined, 'valid through its expiry day');
    const expired = await findingsOf(SAVE, { rules, catalog: catalogOf([inTier('production', { formatPolicy: { exceptions: [{ ...exception, expires: '2026-11-26' }] } })]) });
    assert.match(expired[0].message, /The exception for it expired on 2026-11-26\./);
    const unapproved = await findingsOf(SAVE, { rules, catalog: catalogOf([inTier('production', { formatPolicy: { exceptions: [{ ...exception, approvedBy: undefined }] } })]) });
    assert.match(unapproved[0].message, /The exception for it lacks approvedBy\./);
    assert.equal(await severity(SAVE, inTier('production', { formatPolicy: { exceptions: [{ ...exception, environment: 'staging' }] } })), 'error', 'an exception for another tier does not count');
  });

  it('in an untrusted workspace the repository\'s own exception does not hide the format: Information, saying so', async () => {
    const exception = { format: 'joblib', environment: 'production', justification: 'legacy scorer', approvedBy: 'user:cto', expires: '2026-12-31' };
    const catalog = { ...catalogOf([inTier('production', { formatPolicy: { exceptions: [exception] } })]), trusted: false };
    const [f] = await findingsOf(SAVE, { rules, catalog });
    assert.equal(f.severity, 'information');
    assert.match(f.message, /allowed in production only by an exception in this repository's catalog \(approved by user:cto\), shown because the workspace is not trusted/);
  });

  it("the entry's own allowed list narrows the organisation's, never widens it", async () => {
    assert.equal(await severity('import skops.io as sio\nsio.dump(clf, "models/p.skops")\n', inTier('development', { formatPolicy: { allowed: ['onnx'] } })), 'warning');
    assert.equal(await severity(SAVE, inTier('production', { formatPolicy: { allowed: ['joblib'] } })), 'error');
  });

  it('formats the analysis cannot name, unmatched saves and invalid entries are not judged', async () => {
    assert.equal(await severity('import xgboost as xgb\nxgb.train(p, d).save_model("models/m.bin")\n', inTier('production')), undefined);
    assert.equal(await severity('import joblib\njoblib.dump(clf, "elsewhere/p.joblib")\n', inTier('production')), undefined);
    assert.equal(await severity(SAVE, inTier('production', { businessUse: '' })), undefined);
  });

  it('offers Save as skops (the load of the same file rewritten too) and noqa', async () => {
    const options = { rules, catalog: catalogOf([inTier('production')]) };
    await expectFix(SAVE, { code: 'MLH302', fix: 'noqa', options, expected: SAVE.replace('.joblib")\n', '.joblib")  # noqa: MLH302\n') });
  });
});
