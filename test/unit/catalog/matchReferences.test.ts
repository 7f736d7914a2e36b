import { strict as assert } from 'assert';

import type { ModelReference } from '../../../server/src/analysis/modelReferences';
import { matchReference } from '../../../server/src/catalog/matchReferences';
import type { CatalogEntry } from '../../../server/src/catalog/schemaEntry';

const BASE = '/repo';
const entry = (match: CatalogEntry['match'], id = 'm') => ({ id, match }) as CatalogEntry;
const ref = (target: string, over: Partial<ModelReference> = {}): ModelReference => ({ kind: 'save', call: 'torch.save', target, start: { line: 0, character: 0 }, end: { line: 0, character: 10 }, ...over });

describe('matching a save or load to a catalog entry (the Catalog view)', () => {
  it('matches a folded path against match.paths, relative to the folder that holds .mlcatalog/', () => {
    const e = entry({ paths: ['models/demand_lstm*.pt'] });
    assert.equal(matchReference(e, ref('models/demand_lstm.pt'), '/repo/forecasting/train.py', BASE), 'path');
    assert.equal(matchReference(e, ref('./models/demand_lstm_full.pt'), '/repo/train.py', BASE), 'path');
    assert.equal(matchReference(e, ref('/repo/models/demand_lstm.pt'), '/repo/train.py', BASE), 'path');
    assert.equal(matchReference(e, ref('models/other.pt'), '/repo/train.py', BASE), undefined);
  });

  it('matches a template (an f-string hole, an unknown folder) only through its known parts', () => {
    const e = entry({ paths: ['models/*/model.pt', 'artifacts/price.pkl'] });
    assert.equal(matchReference(e, ref('models/*/model.pt'), '/repo/t.py', BASE), 'path');
    assert.equal(matchReference(e, ref('*/artifacts/price.pkl'), '/repo/t.py', BASE), 'path');
    assert.equal(matchReference(e, ref('*'), '/repo/t.py', BASE), undefined, 'a fully unknown target matches nothing');
  });

  it('matches a hub repository id exactly, and a # mlcatalog comment names the entry whatever the path', () => {
    const e = entry({ hfRepos: ['acme/sentiment'], paths: ['models/**'] });
    assert.equal(matchReference(e, ref('acme/sentiment', { kind: 'load', call: 'AutoModel.from_pretrained' }), '/repo/t.py', BASE), 'hfRepo');
    assert.equal(matchReference(e, ref('acme/sentiment-v2'), '/repo/t.py', BASE), undefined);
    assert.equal(matchReference(e, ref('*', { annotation: 'm' }), '/repo/t.py', BASE), 'annotation');
    assert.equal(matchReference(e, ref('models/x.pt', { annotation: 'other' }), '/repo/t.py', BASE), undefined, 'a comment naming another entry wins over the path');
  });

  it('matches an MLflow registry name against the entry id and match.mlflowNames, never against paths', () => {
    const e = entry({ mlflowNames: ['fraud-prod'], paths: ['fraud*'] }, 'fraud-clf');
    const registry = (name: string) => ref(name, { call: 'mlflow.sklearn.log_model', registry: true });
    assert.equal(matchReference(e, registry('fraud-clf'), '/repo/t.py', BASE), 'registry');
    assert.equal(matchReference(e, registry('fraud-prod'), '/repo/t.py', BASE), 'registry');
    assert.equal(matchReference(e, registry('fraud-staging'), '/repo/t.py', BASE), undefined, 'a registry name is not a path');
    assert.equal(matchReference(e, ref('fraud-prod'), '/repo/t.py', BASE), 'path');
  });
});
