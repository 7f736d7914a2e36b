import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { catalogFor, clearCatalogCache, findCatalogDir, loadCatalog } from '../../../server/src/catalog/fileCatalog';
import type { CatalogProblem } from '../../../server/src/catalog/yamlSource';
import { checkDocument } from '../../../server/src/engine/checkDocument';
import { CHURN_SCORER, catalogTree, minimalEntry } from '../../helpers/catalogFixtures';
import { testParser } from '../../helpers/testParser';

/** `file:line: severity message`, lines 1-based as a reader counts them. */
const show = (problems: CatalogProblem[]) => problems.map((p) => `${path.basename(p.file)}:${p.start.line + 1}: ${p.severity} ${p.message}`);

describe('file catalog', () => {
  beforeEach(clearCatalogCache);

  it('reads valid entries, the policy, and gives lookup by id', () => {
    const root = catalogTree({
      '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER,
      '.mlcatalog/models/recommender.yaml': minimalEntry('recommender'),
      '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\ntrustedSources: ["my-org/*"]\n',
    });
    const catalog = loadCatalog(path.join(root, '.mlcatalog'));
    assert.deepEqual(catalog.entries.map((e) => e.id), ['churn-scorer', 'recommender']);
    assert.equal(catalog.get('churn-scorer')?.entry?.criticality, 'high');
    assert.equal(catalog.get('nope'), undefined);
    assert.equal(catalog.base, root);
    assert.deepEqual(catalog.trustedSources, ['my-org/*']);
    assert.deepEqual(show(catalog.problems()), []);
  });

  it('reports every schema error at its key, with the reason, and marks the entry invalid', () => {
    const root = catalogTree({
      '.mlcatalog/models/bad.yaml': [
        'schema: mlcatalog/v1',
        'id: bad',
        'businessUse: short',
        'owners:',
        '  business: nobody',
        'criticality: extreme',
        'environments: []',
        'match: {}',
        'versions:',
        '  - version: 3',
        '    createdAt: yesterday',
        '    changelog: Retrained.',
        '    artifact: { format: pkl }',
        'ownr: user:x',
        '',
      ].join('\n'),
    });
    const catalog = loadCatalog(path.join(root, '.mlcatalog'));
    assert.equal(catalog.get('bad')?.valid, false);
    assert.deepEqual(catalog.entries, []);
    assert.deepEqual(show(catalog.problems()), [
      'bad.yaml:3: error businessUse: say in a sentence which business decision the model supports (at least 10 characters)',
      'bad.yaml:4: error missing required field "owners.technical"',
      'bad.yaml:5: error owners.business: expected a principal: user:<id>, group:<id> or an email address',
      'bad.yaml:6: error criticality: "extreme" is not a criticality; expected one of low, medium, high, critical',
      'bad.yaml:7: error environments: list at least one environment the model runs in',
      'bad.yaml:8: error match: match needs at least one signal: names, mlflowNames, hfRepos, paths or hashes',
      'bad.yaml:10: error versions[0].version: expected the version as a string (quote numbers: "3")',
      'bad.yaml:11: error versions[0].createdAt: expected a date-time with a time zone, e.g. "2025-01-10T09:00:00Z"',
      'bad.yaml:13: error versions[0].artifact.format: "pkl" is not a format; expected one of safetensors, onnx, gguf, keras, tf-savedmodel, torchscript, xgboost-json, xgboost-ubj, lightgbm-text, catboost-cbm, pmml, skops, pickle, joblib, cloudpickle, dill, pytorch-pickle, keras-h5, mlflow-model, other',
      'bad.yaml:14: error ownr: unknown field "ownr" (misspelt, or not part of the format)',
    ]);
    const [p] = catalog.problems();
    assert.deepEqual([p.start, p.end], [{ line: 2, character: 0 }, { line: 2, character: 11 }]);
  });

  it('turns broken YAML, duplicate keys, duplicate ids, a wrong file name and an empty file into problems, never a crash', () => {
    const root = catalogTree({
      '.mlcatalog/models/syntax.yaml': 'schema: mlcatalog/v1\nid: syntax\n  bad: [\n',
      '.mlcatalog/models/dupkey.yaml': minimalEntry('dupkey', 'criticality: high\n'),
      '.mlcatalog/models/a.yaml': minimalEntry('b'),
      '.mlcatalog/models/b.yaml': minimalEntry('b'),
      '.mlcatalog/models/b.yml': minimalEntry('b'),
      '.mlcatalog/models/empty.yaml': '',
      '.mlcatalog/models/list.yaml': '- just\n- a list\n',
      '.mlcatalog/models/binary.yaml': '\u0000\u0001\u0002',
      '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\nformats: [onnx]\n',
    });
    const catalog = loadCatalog(path.join(root, '.mlcatalog'));
    assert.deepEqual(catalog.entries.map((e) => e.id), ['b']);
    assert.equal(catalog.get('b')?.file, path.join(root, '.mlcatalog/models/b.yaml'));
    const lines = show(catalog.problems());
    const expected = [
      /^policy\.yaml:2: error formats: Invalid input: expected object, received array$/,
      /^policy\.yaml:1: information the catalog policy has errors, so the default policy applies/,
      /^a\.yaml:2: error id "b" does not match the file name "a\.yaml": the file must be named b\.yaml$/,
      /^b\.yml:2: error duplicate id "b": b\.yaml already declares it$/,
      /^binary\.yaml:1: error a catalog entry is a mapping of fields/,
      /^dupkey\.yaml:13: error YAML: Map keys must be unique$/,
      /^empty\.yaml:1: error empty catalog entry/,
      /^list\.yaml:1: error a catalog entry is a mapping of fields/,
      /^syntax\.yaml:2: error YAML: Nested mappings are not allowed/,
    ];
    for (const re of expected) assert.ok(lines.some((l) => re.test(l)), `${re} not in\n${lines.join('\n')}`);
    assert.equal(catalog.policy.valid, false);
    assert.ok(catalog.policy.policy.allowed.production !== '*' && !catalog.policy.policy.allowed.production.has('pickle'));
  });

  it('finds the nearest .mlcatalog walking up, and stops at the workspace folder or the repository root', () => {
    const root = catalogTree({
      '.mlcatalog/models/outer.yaml': minimalEntry('outer'),
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/src/train.py': '',
      'repo/project/.mlcatalog/models/inner.yaml': minimalEntry('inner'),
      'repo/project/pkg/train.py': '',
    });
    assert.equal(findCatalogDir(path.join(root, 'repo/project/pkg/train.py')), path.join(root, 'repo/project/.mlcatalog'));
    // The CLI stops at the repository root: the catalog above it does not govern the repository.
    assert.equal(findCatalogDir(path.join(root, 'repo/src/train.py')), undefined);
    // The editor stops at the workspace folder.
    assert.equal(findCatalogDir(path.join(root, 'repo/project/pkg/train.py'), path.join(root, 'repo/project/pkg')), undefined);
    assert.equal(findCatalogDir(path.join(root, 'x.py'), root), path.join(root, '.mlcatalog'));
    assert.deepEqual(catalogFor(path.join(root, 'repo/project/pkg/train.py'))?.entries.map((e) => e.id), ['inner']);
  });

  it('is cached until a file of the catalog changes, and then reads it again', () => {
    const root = catalogTree({ '.mlcatalog/models/recommender.yaml': minimalEntry('recommender') });
    const dir = path.join(root, '.mlcatalog');
    const first = loadCatalog(dir);
    assert.equal(loadCatalog(dir), first);
    const file = path.join(dir, 'models/recommender.yaml');
    fs.writeFileSync(file, minimalEntry('recommender').replace('criticality: low', 'criticality: medium'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = loadCatalog(dir);
    assert.notEqual(second, first);
    assert.equal(second.get('recommender')?.entry?.criticality, 'medium');
    fs.writeFileSync(path.join(dir, 'models/other.yaml'), minimalEntry('other'));
    assert.deepEqual(loadCatalog(dir).entries.map((e) => e.id), ['other', 'recommender']);
  });

  it('adds the policy\'s trusted sources to [tool.ml-hygiene] trusted-sources, in trusted workspaces only', async () => {
    const root = catalogTree({
      '.git/HEAD': '',
      'pyproject.toml': '[tool.ml-hygiene]\ntrusted-sources = ["py-org/*"]\n',
      '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\ntrustedSources: ["my-org/*"]\n',
    });
    const file = path.join(root, 'train.py');
    const text = 'from transformers import AutoModel\na = AutoModel.from_pretrained("my-org/bert", use_safetensors=True)\nb = AutoModel.from_pretrained("py-org/bert", use_safetensors=True)\nc = AutoModel.from_pretrained("stranger/bert", use_safetensors=True)\n';
    const tree = (await testParser()).parse(text)!;
    const lines = (trusted: boolean) => checkDocument(text, file, () => tree, { trusted }).findings.map((f) => `${text.slice(0, f.start).split('\n').length}:${f.code}`);
    assert.deepEqual(lines(true), ['4:MLH201']);
    assert.deepEqual(lines(false), ['2:MLH201', '3:MLH201', '4:MLH201']);
    tree.delete();
  });
});
