import { strict as assert } from 'assert';
import { EntityPolicies, FieldFormatEntityPolicy, NoForeignRootFieldsEntityPolicy, resourceEntityV1alpha1Validator, SchemaValidEntityPolicy } from '@backstage/catalog-model';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { parse, parseAllDocuments } from 'yaml';

import { toBackstage, toBackstageYaml } from '../../../server/src/catalog/export/backstage';
import { toCycloneDx } from '../../../server/src/catalog/export/cyclonedx';
import { toModelCard } from '../../../server/src/catalog/export/modelCard';
import { catalogEntry, type CatalogEntry } from '../../../server/src/catalog/schemaEntry';
import { CHURN_SCORER, minimalEntry } from '../../helpers/catalogFixtures';

const churn = catalogEntry.parse(parse(CHURN_SCORER));
const minimal = catalogEntry.parse(parse(minimalEntry('recommender')));
const rich: CatalogEntry = catalogEntry.parse({
  ...parse(CHURN_SCORER),
  id: 'rich',
  intendedUsers: ['Retention analysts'],
  ethicalRisks: [{ name: 'Unequal offers across regions', mitigation: 'Quarterly fairness review' }, { name: 'Drift' }],
  regulatory: { euAiActClass: 'limited', personalData: true, frameworks: ['GDPR'] },
  links: { repo: 'https://git.example.com/ds/churn', modelCard: 'docs/MODEL_CARD.md', runbook: 'https://wiki.example.com/churn', ticket: 'https://jira.example.com/DS-1', dashboard: 'https://grafana.example.com/d/churn' },
  versions: [{ ...parse(CHURN_SCORER).versions[0], metrics: [{ type: 'roc_auc', value: 0.87, slice: 'holdout', ci: [0.85, 0.89] }], commit: 'abc1234' }],
});

describe('catalog exports', () => {
  it('CycloneDX: a 1.6 ML-BOM that the official strict JSON schema accepts', async () => {
    const bom = toCycloneDx([churn, minimal, rich], { name: 'ml-hygiene', version: '0.1.0' });
    const error = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(bom));
    assert.equal(error, null, JSON.stringify(error, null, 2));
    const components = bom.components as Array<Record<string, any>>;
    assert.deepEqual(components.map((c) => [c.type, c['bom-ref'], c.version]), [['machine-learning-model', 'model:churn-scorer@3', '3'], ['machine-learning-model', 'model:recommender', undefined], ['machine-learning-model', 'model:rich@3', '3']]);
    const c = components[0];
    assert.deepEqual(c.hashes, [{ alg: 'SHA-256', content: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }]);
    assert.deepEqual(c.externalReferences, [{ type: 'distribution', url: 's3://models/churn/3/model.safetensors' }]);
    assert.deepEqual(c.properties.filter((p: { name: string }) => /owner|criticality|environment|format/.test(p.name)), [
      { name: 'mlcatalog:owner:business', value: 'jane.doe@example.com' },
      { name: 'mlcatalog:owner:technical', value: 'group:ds-retention' },
      { name: 'mlcatalog:criticality', value: 'high' },
      { name: 'mlcatalog:environment', value: 'production' },
      { name: 'mlcatalog:format', value: 'safetensors' },
    ]);
    assert.equal(c.modelCard.modelParameters.datasets[0].classification, 'confidential');
    assert.deepEqual(c.modelCard.considerations.useCases, [churn.businessUse]);
    const broken = { ...bom, components: [{ ...components[0], type: 'ml-model' }] };
    assert.notEqual(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(broken)), null);
  });

  it('Backstage: Resources of type ai-model that the catalog model\'s validators and policies accept', async () => {
    const policies = EntityPolicies.allOf([new FieldFormatEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new SchemaValidEntityPolicy()]);
    for (const entry of [churn, minimal, rich]) {
      const entity = toBackstage(entry) as any;
      assert.equal(await resourceEntityV1alpha1Validator.check(entity), true, entry.id);
      assert.ok(await policies.enforce(entity), entry.id);
      assert.equal(entity.spec.type, 'ai-model');
    }
    const e = toBackstage(churn) as any;
    assert.equal(e.metadata.name, 'churn-scorer');
    assert.equal(e.spec.owner, 'group:ds-retention');
    assert.equal(e.metadata.annotations['mlcatalog/business-owner'], 'jane.doe@example.com');
    assert.equal(e.metadata.labels['mlcatalog/criticality'], 'high');
    assert.deepEqual(e.spec.dependsOn, ['resource:crm-snapshot']);
    assert.equal((toBackstage({ ...minimal, owners: { business: 'user:a', technical: 'Jane.Doe@example.com' } }) as any).spec.owner, 'user:jane.doe');
    assert.deepEqual((toBackstage(rich) as any).metadata.links.map((l: { title: string }) => l.title), ['repo', 'dashboard', 'runbook', 'ticket']);
    const docs = parseAllDocuments(toBackstageYaml([churn, minimal]));
    assert.deepEqual(docs.map((d: any) => d.toJS().metadata.name), ['churn-scorer', 'recommender']);
  });

  it('model card: Markdown with Hugging Face front matter of known keys and types', () => {
    const card = toModelCard(rich);
    const m = /^---\n([\s\S]*?)\n---\n\n# (.*)\n/.exec(card);
    assert.ok(m, card.slice(0, 200));
    const front = parse(m[1]) as Record<string, unknown>;
    // Keys and types of the Hub's model card metadata (huggingface_hub ModelCardData).
    const known: Record<string, (v: unknown) => boolean> = {
      tags: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
      datasets: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
      metrics: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    };
    for (const [key, value] of Object.entries(front)) assert.ok(known[key]?.(value), `${key}: ${JSON.stringify(value)}`);
    assert.deepEqual(front, { tags: ['mlcatalog', 'criticality-high', 'binary-classification'], datasets: ['crm-snapshot'], metrics: ['roc_auc'] });
    assert.equal(m[2], 'Subscriber churn scorer');
    for (const heading of ['## Governance', '## Intended use', '## Training data', '## Assumptions', '## Limitations', '## Ethical considerations', '## Evaluation', '## Versions']) assert.ok(card.includes(`\n${heading}\n`), heading);
    assert.match(card, /\| Business owner \| jane\.doe@example\.com \|/);
    const bare = toModelCard(minimal);
    assert.match(bare, /^---\ntags:\n {2}- mlcatalog\n {2}- criticality-low\n---\n/);
    assert.match(bare, /## Limitations\n\n_Not documented\._/);
  });
});
