import { strict as assert } from 'assert';

import { incompleteCatalogEntry } from '../../../server/src/rules/incomplete-catalog-entry';
import { expectFindings } from '../../helpers/expectFindings';
import { catalogOf, entry } from '../../helpers/saves';

const rules = [incompleteCatalogEntry];

describe('MLH304 incomplete-catalog-entry', () => {
  it('points at the YAML of a matched entry that lacks what its criticality requires (Information)', async () => {
    const catalog = catalogOf([entry('churn', { criticality: 'high', environments: [{ tier: 'staging' }], trainingData: [{ id: 'crm', classification: 'internal', personalData: false }], assumptions: ['weekly refresh'], versions: [{ version: '1', createdAt: '2026-01-01T00:00:00Z', changelog: 'first', artifact: { format: 'skops', uri: 's3://m/1', hashes: [{ alg: 'SHA-256', content: 'a'.repeat(64) }] }, trainingDataSnapshot: [{ dataset: 'crm' }] }], match: { mlflowNames: ['churn'] } })]);
    const { findings } = await expectFindings(`import mlflow
def f():
    mlflow.sklearn.log_model(clf, "m", registered_model_name="churn")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH304 information
`, { rules, catalog });
    assert.match(findings[0].message, /lacks what the catalog policy requires: limitations \(criticality high\), approval \(criticality high\)\. Complete \.mlcatalog\/models\/churn\.yaml\./);
  });

  it('does not flag a complete entry or an unmatched save', async () => {
    await expectFindings('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="churn")\n', { rules, catalog: catalogOf([entry('churn', { environments: [{ tier: 'development' }], match: { mlflowNames: ['churn'] } })]) });
    await expectFindings('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="x")\n', { rules, catalog: catalogOf([entry('churn', { criticality: 'high' })]) });
  });
});
