import { strict as assert } from 'assert';
import { parse } from 'yaml';

import { APPROACHES, catalogEntry, CLASSIFICATIONS, CRITICALITIES, EU_AI_ACT_CLASSES, LIFECYCLES, VERSION_STATUSES } from '../../../server/src/catalog/schemaEntry';
import { EXCEPTION_FIELDS, policy, REQUIRABLE_FIELDS } from '../../../server/src/catalog/schemaPolicy';
import { FORMATS, HASH_ALGS, RUNTIMES, TIERS } from '../../../server/src/catalog/schemaTypes';
import { CHURN_SCORER, minimalEntry } from '../../helpers/catalogFixtures';

type Json = Record<string, any>;
const base = (): Json => parse(minimalEntry('recommender'));
const churn = (): Json => parse(CHURN_SCORER);

/** The messages of a failed parse, with their paths, or [] when it passes. */
function errors(value: unknown, schema: { safeParse(v: unknown): any } = catalogEntry): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.join('.')}: ${i.message}`);
}

describe('catalog schema mlcatalog/v1', () => {
  it('accepts the example entry of the design and a minimal one, with lifecycle defaulting to proposed', () => {
    assert.deepEqual(errors(churn()), []);
    const minimal = base();
    delete minimal.lifecycle;
    assert.equal(catalogEntry.parse(minimal).lifecycle, 'proposed');
  });

  it('requires schema, id, businessUse, owners, criticality, environments and match', () => {
    for (const key of ['schema', 'id', 'businessUse', 'owners', 'criticality', 'environments', 'match']) {
      const e = base();
      delete e[key];
      assert.equal(errors(e).length, 1, key);
      assert.match(errors(e)[0], new RegExp(`^${key}: `));
    }
  });

  it('accepts every value of every enum and names the bad value and the allowed ones otherwise', () => {
    const cases: Array<[readonly string[], (e: Json, v: string) => void, string]> = [
      [CRITICALITIES, (e, v) => (e.criticality = v), 'criticality'],
      [LIFECYCLES, (e, v) => (e.lifecycle = v), 'lifecycle'],
      [APPROACHES, (e, v) => (e.approach = v), 'approach'],
      [TIERS, (e, v) => (e.environments[0].tier = v), 'environments.0.tier'],
      [RUNTIMES, (e, v) => (e.environments[0].runtime = v), 'environments.0.runtime'],
      [CLASSIFICATIONS, (e, v) => (e.trainingData[0].classification = v), 'trainingData.0.classification'],
      [EU_AI_ACT_CLASSES, (e, v) => (e.regulatory = { euAiActClass: v }), 'regulatory.euAiActClass'],
      [VERSION_STATUSES, (e, v) => (e.versions[0].status = v), 'versions.0.status'],
      [FORMATS, (e, v) => (e.versions[0].artifact.format = v), 'versions.0.artifact.format'],
      [HASH_ALGS, (e, v) => (e.match.hashes = [{ alg: v, content: 'a'.repeat(v === 'SHA-512' ? 128 : 64) }]), 'match.hashes.0.alg'],
      [TIERS, (e, v) => (e.versions[0].environments = [v]), 'versions.0.environments.0'],
    ];
    for (const [values, set, where] of cases) {
      for (const v of values) {
        const e = churn();
        set(e, v);
        assert.deepEqual(errors(e), [], `${where} = ${v}`);
      }
      const e = churn();
      set(e, 'bogus');
      const [message, ...rest] = errors(e);
      assert.equal(rest.length, 0, where);
      assert.ok(message.startsWith(`${where}: "bogus" is not a`), message);
      assert.ok(message.includes(values.join(', ')), message);
    }
    assert.equal(FORMATS.length, 20);
  });

  it('accepts user:, group:, Backstage refs and email principals, and rejects anything else', () => {
    for (const p of ['user:ana', 'group:ds-retention', 'user:default/jane', 'jane.doe@example.com', 'group:team.a_b']) {
      const e = base();
      e.owners.business = p;
      e.approval = { by: p, at: '2025-01-10T09:00:00Z' };
      assert.deepEqual(errors(e), [], p);
    }
    for (const p of ['ana', 'team:x', 'user:', 'user:ana smith', 'a@b@c', '@example.com', 42]) {
      const e = base();
      e.owners.technical = p;
      assert.deepEqual(errors(e), ['owners.technical: expected a principal: user:<id>, group:<id> or an email address'], String(p));
    }
  });

  it('accepts date-times with a time zone only, and dates for exception expiry', () => {
    for (const at of ['2025-01-10T09:00:00Z', '2025-01-10T09:00:00.123+02:00']) {
      const e = churn();
      e.approval.at = at;
      e.versions[0].createdAt = at;
      assert.deepEqual(errors(e), [], at);
    }
    for (const at of ['2025-01-10', '2025-01-10T09:00:00', 'yesterday', '2025-13-10T09:00:00Z']) {
      const e = churn();
      e.versions[0].createdAt = at;
      assert.deepEqual(errors(e), ['versions.0.createdAt: expected a date-time with a time zone, e.g. "2025-01-10T09:00:00Z"'], at);
    }
    const e = churn();
    e.formatPolicy = { exceptions: [{ format: 'joblib', environment: 'production', justification: 'legacy', approvedBy: 'user:ciso', expires: '2026-12-31' }] };
    assert.deepEqual(errors(e), []);
    e.formatPolicy.exceptions[0].expires = '31/12/2026';
    assert.deepEqual(errors(e), ['formatPolicy.exceptions.0.expires: expected a date, e.g. "2026-06-30"']);
  });

  it('checks hashes: lowercase hex of the length of their algorithm', () => {
    const withHash = (alg: string, content: string) => {
      const e = churn();
      e.versions[0].artifact.hashes = [{ alg, content }];
      return errors(e);
    };
    assert.deepEqual(withHash('SHA-256', 'a'.repeat(64)), []);
    assert.deepEqual(withHash('SHA-512', 'b'.repeat(128)), []);
    assert.deepEqual(withHash('BLAKE3', '0'.repeat(64)), []);
    assert.deepEqual(withHash('SHA-256', 'b'.repeat(128)), ['versions.0.artifact.hashes.0.content: a SHA-256 digest has 64 hexadecimal characters, this one has 128']);
    assert.deepEqual(withHash('SHA-512', 'a'.repeat(64)), ['versions.0.artifact.hashes.0.content: a SHA-512 digest has 128 hexadecimal characters, this one has 64']);
    assert.match(withHash('SHA-256', 'A'.repeat(64))[0], /lowercase hexadecimal/);
    assert.match(withHash('SHA-256', 'abc')[0], /lowercase hexadecimal/);
    assert.match(withHash('MD5', 'a'.repeat(32)).join(), /"MD5" is not a hash algorithm/);
  });

  it('checks ids, match signals, unknown keys, numbers written for versions and cross-references', () => {
    for (const id of ['a', 'churn-scorer', 'model.v2_x', 'a'.repeat(63)]) assert.deepEqual(errors({ ...base(), id }), [], id);
    for (const id of ['Churn', '-x', 'a'.repeat(64), 'a b', '']) assert.equal(errors({ ...base(), id }).length, 1, id);
    assert.deepEqual(errors({ ...base(), match: {} }), ['match: match needs at least one signal: names, mlflowNames, hfRepos, paths or hashes']);
    assert.deepEqual(errors({ ...base(), match: { paths: [] } }), ['match: match needs at least one signal: names, mlflowNames, hfRepos, paths or hashes']);
    assert.deepEqual(errors({ ...base(), match: { hfRepos: ['not-a-repo'] } }), ['match.hfRepos.0: expected a Hugging Face repository id "org/name"']);
    assert.deepEqual(errors({ ...base(), owner: 'user:x' }), [': Unrecognized key: "owner"']);
    const e = churn();
    e.versions[0].version = 3;
    e.currentVersion = '3';
    assert.deepEqual(errors(e), ['versions.0.version: expected the version as a string (quote numbers: "3")']);
    const dangling = churn();
    dangling.currentVersion = '4';
    assert.deepEqual(errors(dangling), ['currentVersion: currentVersion "4" is not among versions[]']);
    const twice = churn();
    twice.versions.push({ ...twice.versions[0] });
    assert.deepEqual(errors(twice), ['versions.1.version: version "3" is listed twice']);
  });
});

describe('catalog policy schema mlcatalog-policy/v1', () => {
  const full = {
    schema: 'mlcatalog-policy/v1',
    formats: { unsafe: ['pickle'], allowed: { sandbox: '*', production: ['onnx'] }, exceptionsRequire: [...EXCEPTION_FIELDS] },
    required: { byCriticality: { high: [...REQUIRABLE_FIELDS] }, byTier: { production: ['approval'] } },
    exceptions: [{ model: 'churn-scorer', format: 'joblib', environment: 'production', justification: 'x', approvedBy: 'user:ciso', expires: '2026-01-31' }],
    trustedSources: ['my-org/*', 'models.internal.example', 'https://mirror.example.com/models/'],
  };

  it('accepts every part of a policy', () => {
    assert.deepEqual(errors(full, policy), []);
    assert.deepEqual(errors({ schema: 'mlcatalog-policy/v1' }, policy), []);
  });

  it('rejects unknown tiers, formats, fields, exception parts and malformed trusted sources', () => {
    assert.deepEqual(errors({ schema: 'mlcatalog/v1' }, policy), ['schema: expected "mlcatalog-policy/v1"']);
    assert.equal(errors({ ...full, formats: { allowed: { prod: ['onnx'] } } }, policy).length, 1);
    assert.match(errors({ ...full, formats: { allowed: { production: ['pkl'] } } }, policy).join(), /formats\.allowed\.production/);
    assert.match(errors({ ...full, required: { byCriticality: { high: ['owner'] } } }, policy).join(), /required\.byCriticality\.high\.0/);
    assert.match(errors({ ...full, formats: { exceptionsRequire: ['ticket'] } }, policy).join(), /formats\.exceptionsRequire\.0/);
    assert.deepEqual(errors({ ...full, trustedSources: ['not a source'] }, policy), ['trustedSources.0: "not a source": expected a Hub pattern ("my-org/*"), a host ("models.internal.example") or a URL prefix ("https://models.internal.example/")']);
  });
});
