import { strict as assert } from 'assert';

import { incompleteCatalogEntry } from '../../../server/src/rules/incomplete-catalog-entry';
import { expectFindings } from '../../helpers/expectFindings';
import { catalogOf, entry } from '../../helpers/saves';

const rules = [incompleteCatalogEntry];

describe('MLH304 incomplete-catalog-entry', () => {
  it('points at the YAML of a matched entry that lacks what its criticality requires (Information)', async () => {
    const catalog = catalogOf([entry('churn', { criticality: 'high', missing: ['limitations', 'approval'], match: { mlflowNames: ['churn'] } })]);
    const { findings } = await expectFindings(`import mlflow
def f():
    mlflow.sklearn.log_model(clf, "m", registered_model_name="churn")
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH304 information
`, { rules, catalog });
    assert.match(findings[0].message, /lacks what the policy requires of a high model: limitations, approval\. Complete \.mlcatalog\/models\/churn\.yaml\./);
  });

  it('does not flag a complete entry or an unmatched save', async () => {
    await expectFindings('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="churn")\n', { rules, catalog: catalogOf([entry('churn', { match: { mlflowNames: ['churn'] } })]) });
    await expectFindings('import mlflow\nmlflow.sklearn.log_model(clf, "m", registered_model_name="x")\n', { rules, catalog: catalogOf([entry('churn', { missing: ['approval'] })]) });
  });
});
