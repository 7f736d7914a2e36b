import { strict as assert } from 'assert';
import * as path from 'path';
import { parse } from 'yaml';

import { clearCatalogCache, loadCatalog } from '../../../server/src/catalog/fileCatalog';
import { formatVerdict, isExpired, missingFields, resolvePolicy } from '../../../server/src/catalog/policy';
import { readPolicy } from '../../../server/src/catalog/readPolicy';
import { catalogEntry, type CatalogEntry } from '../../../server/src/catalog/schemaEntry';
import { CHURN_SCORER, catalogTree, minimalEntry } from '../../helpers/catalogFixtures';

const entry = (yaml: string, change: (e: any) => void = () => {}): CatalogEntry => {
  const raw = parse(yaml);
  change(raw);
  return catalogEntry.parse(raw);
};
const DEFAULT = resolvePolicy(undefined);
const fields = (e: CatalogEntry, policy = DEFAULT) => missingFields(e, policy).map((m) => `${m.field} (${m.because})`);
const NOW = new Date('2026-06-15T12:00:00Z');

describe('catalog policy', () => {
  it('requires nothing more of a low-criticality development model by default', () => {
    assert.deepEqual(fields(entry(minimalEntry('recommender'))), []);
    assert.deepEqual(fields(entry(minimalEntry('recommender'), (e) => (e.criticality = 'medium'))), []);
  });

  it('requires the R(prod) fields of high and critical models and of production models, saying why', () => {
    const high = entry(minimalEntry('recommender'), (e) => (e.criticality = 'high'));
    assert.deepEqual(fields(high), ['trainingData (criticality high)', 'assumptions (criticality high)', 'limitations (criticality high)', 'approval (criticality high)', 'versions (criticality high)']);
    const critical = entry(minimalEntry('recommender'), (e) => (e.criticality = 'critical'));
    assert.deepEqual(fields(critical).slice(-2), ['ethicalRisks (criticality critical)', 'regulatory (criticality critical)']);
    const prod = entry(minimalEntry('recommender'), (e) => (e.environments = [{ tier: 'production' }]));
    assert.deepEqual(fields(prod)[0], 'trainingData (production tier)');
    const both = entry(minimalEntry('recommender'), (e) => ((e.environments = [{ tier: 'production' }]), (e.criticality = 'high')));
    assert.deepEqual(fields(both)[0], 'trainingData (criticality high, production tier)');
    assert.deepEqual(fields(entry(CHURN_SCORER)), []);
  });

  it('checks version-level requirements on the current version; rollback only once there is an older one', () => {
    const noHashes = entry(CHURN_SCORER, (e) => {
      delete e.versions[0].artifact.hashes;
      delete e.versions[0].artifact.uri;
      delete e.versions[0].trainingDataSnapshot;
      delete e.versions[0].rollback;
    });
    assert.deepEqual(fields(noHashes), ['versions.artifact.uri (criticality high, production tier)', 'versions.artifact.hashes (criticality high, production tier)', 'versions.trainingDataSnapshot (criticality high, production tier)']);
    const two = entry(CHURN_SCORER, (e) => {
      e.versions.unshift({ ...e.versions[0], version: '2', rollback: undefined });
      delete e.versions[1].rollback;
    });
    assert.deepEqual(fields(two), ['versions.rollback (criticality high, production tier)']);
    assert.deepEqual(missingFields(two, DEFAULT)[0].path, ['versions', 1, 'version']);
    const oldCurrent = entry(CHURN_SCORER, (e) => {
      e.versions.push({ ...e.versions[0], version: '4' });
      e.currentVersion = '3';
      delete e.versions[0].rollback;
    });
    assert.deepEqual(fields(oldCurrent), ['versions.rollback (criticality high, production tier)']);
  });

  it('applies a policy file\'s own requirements and keeps the defaults for what it leaves out', () => {
    const record = readPolicy('/c/.mlcatalog/policy.yaml', 'schema: mlcatalog-policy/v1\nrequired:\n  byCriticality:\n    low: [title, task]\n');
    assert.equal(record.valid, true);
    assert.deepEqual(fields(entry(minimalEntry('recommender')), record.policy), ['title (criticality low)', 'task (criticality low)']);
    assert.equal(fields(entry(minimalEntry('recommender'), (e) => (e.criticality = 'high')), record.policy).length, 5);
  });

  it('allows formats per tier: anything in sandbox and development, no pickle family in staging or production', () => {
    for (const tier of ['sandbox', 'development'] as const) assert.deepEqual(formatVerdict(DEFAULT, 'pickle', tier), { allowed: true });
    for (const tier of ['staging', 'production'] as const) {
      for (const f of ['pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle', 'keras-h5'] as const) {
        const v = formatVerdict(DEFAULT, f, tier);
        assert.ok(!v.allowed && v.unsafe, `${f} in ${tier}`);
      }
      assert.deepEqual(formatVerdict(DEFAULT, 'safetensors', tier), { allowed: true });
    }
    assert.deepEqual(formatVerdict(DEFAULT, 'mlflow-model', 'staging'), { allowed: true });
    const mlflow = formatVerdict(DEFAULT, 'mlflow-model', 'production');
    assert.ok(!mlflow.allowed && !mlflow.unsafe);
    const v = formatVerdict(DEFAULT, 'joblib', 'production');
    assert.ok(!v.allowed);
    assert.equal(v.reason, 'joblib is not allowed in the production tier by the catalog policy');
    assert.ok(v.alternatives.includes('skops') && v.alternatives.includes('safetensors') && !v.alternatives.includes('pickle'));
  });

  it('lets an entry narrow the formats it allows, never widen them', () => {
    const narrow = entry(minimalEntry('recommender'), (e) => (e.formatPolicy = { allowed: ['onnx', 'pickle'] }));
    assert.deepEqual(formatVerdict(DEFAULT, 'onnx', 'development', narrow), { allowed: true });
    assert.equal(formatVerdict(DEFAULT, 'safetensors', 'development', narrow).allowed, false);
    assert.equal(formatVerdict(DEFAULT, 'pickle', 'production', narrow).allowed, false);
  });

  it('honours an approved exception until the end of its expiry day, for its model, format and tier only', () => {
    const policy = readPolicy('/c/.mlcatalog/policy.yaml', `schema: mlcatalog-policy/v1
exceptions:
  - { model: churn-scorer, format: joblib, environment: production, justification: "Vendor scorer until Q3", approvedBy: user:ciso, expires: "2026-06-30" }
  - { model: churn-scorer, format: pickle, environment: production, justification: "Old", approvedBy: user:ciso, expires: "2026-06-14" }
  - { model: churn-scorer, format: dill, environment: production, justification: "No approver" }
`).policy;
    const churn = entry(CHURN_SCORER);
    const ok = formatVerdict(policy, 'joblib', 'production', churn, NOW);
    assert.ok(ok.allowed && ok.exception?.source === 'policy');
    assert.equal(formatVerdict(policy, 'joblib', 'production', churn, new Date('2026-06-30T23:59:59Z')).allowed, true);
    assert.equal(formatVerdict(policy, 'joblib', 'production', churn, new Date('2026-07-01T00:00:00Z')).allowed, false);
    assert.equal(formatVerdict(policy, 'joblib', 'staging', churn, NOW).allowed, false);
    assert.equal(formatVerdict(policy, 'joblib', 'production', entry(minimalEntry('other')), NOW).allowed, false);
    const expired = formatVerdict(policy, 'pickle', 'production', churn, NOW);
    assert.ok(!expired.allowed && expired.unusable.length === 1 && expired.unusable[0].expired);
    const unapproved = formatVerdict(policy, 'dill', 'production', churn, NOW);
    assert.ok(!unapproved.allowed);
    assert.deepEqual(unapproved.unusable[0].lacking, ['approvedBy', 'expires']);
    assert.equal(isExpired(undefined, NOW), false);
  });

  it('takes exceptions from the entry too, and shows the ones that do not count in the YAML', () => {
    clearCatalogCache();
    const root = catalogTree({
      '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER.replace('currentVersion:', `formatPolicy:
  exceptions:
    - { format: joblib, environment: production, justification: "Legacy", approvedBy: user:ciso, expires: "2020-01-01" }
    - { format: pickle, environment: production, justification: "Legacy", approvedBy: user:ciso, expires: "2999-01-01" }
currentVersion:`),
    });
    const catalog = loadCatalog(path.join(root, '.mlcatalog'), NOW);
    const churn = catalog.get('churn-scorer')!;
    assert.equal(formatVerdict(catalog.policy.policy, 'pickle', 'production', churn.entry, NOW).allowed, true);
    assert.equal(formatVerdict(catalog.policy.policy, 'joblib', 'production', churn.entry, NOW).allowed, false);
    assert.deepEqual(catalog.problems().map((p) => `${p.start.line + 1}: ${p.severity} ${p.message}`), [
      '25: warning exception for joblib in production expired on 2020-01-01: it no longer allows anything',
    ]);
  });
});
