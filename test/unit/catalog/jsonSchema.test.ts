import { strict as assert } from 'assert';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

import { jsonSchemaTexts } from '../../../server/src/catalog/jsonSchema';
import { catalogEntry } from '../../../server/src/catalog/schemaEntry';
import { STARTER_POLICY } from '../../../server/src/catalog/defaultPolicy';
import { CHURN_SCORER, minimalEntry } from '../../helpers/catalogFixtures';

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { yamlValidation: Array<{ fileMatch: string; url: string }> } };

describe('catalog JSON Schemas', () => {
  it('are the ones the zod schemas generate (run npm run build after changing the schema)', () => {
    for (const [name, text] of jsonSchemaTexts()) {
      assert.equal(readFileSync(join(root, 'schemas', name), 'utf8'), text, `schemas/${name} is out of date`);
    }
  });

  it('are contributed for entry files and the policy through yamlValidation', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [
      { fileMatch: '**/.mlcatalog/models/*.yaml', url: './schemas/mlcatalog-v1.json' },
      { fileMatch: '**/.mlcatalog/models/*.yml', url: './schemas/mlcatalog-v1.json' },
      { fileMatch: '**/.mlcatalog/policy.yaml', url: './schemas/mlcatalog-policy-v1.json' },
    ]);
  });

  it('agree with zod on valid and invalid entries, and accept the starter policy', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const entry = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/mlcatalog-v1.json'), 'utf8')));
    const policy = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/mlcatalog-policy-v1.json'), 'utf8')));
    const samples: Array<[string, unknown]> = [
      ['design example', parse(CHURN_SCORER)],
      ['minimal', parse(minimalEntry('recommender'))],
      ['bad criticality', { ...parse(minimalEntry('x')), criticality: 'extreme' }],
      ['bad principal', { ...parse(minimalEntry('x')), owners: { business: 'ana', technical: 'group:x' } }],
      ['unknown key', { ...parse(minimalEntry('x')), owner: 'user:x' }],
      ['empty match', { ...parse(minimalEntry('x')), match: {} }],
      ['no environments', { ...parse(minimalEntry('x')), environments: [] }],
      ['bad id', { ...parse(minimalEntry('x')), id: 'Bad Id' }],
      ['numeric version', { ...parse(CHURN_SCORER), versions: [{ ...parse(CHURN_SCORER).versions[0], version: 3 }], currentVersion: undefined }],
    ];
    for (const [name, value] of samples) {
      const clean = JSON.parse(JSON.stringify(value));
      assert.equal(entry(clean), catalogEntry.safeParse(clean).success, `${name}: ${JSON.stringify(entry.errors)}`);
    }
    assert.ok(policy(parse(STARTER_POLICY)), JSON.stringify(policy.errors));
  });
});
