import { strict as assert } from 'assert';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

import { CHURN_SCORER, minimalEntry } from '../helpers/catalogFixtures';
import { runCli, tempTree } from './runCli';

const INCOMPLETE = minimalEntry('fraud', '').replace('criticality: low', 'criticality: high');

describe('ml-hygiene catalog', function () {
  this.timeout(30_000);

  it('validate: exit 0 on a valid catalog, incomplete entries reported as info', () => {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER, '.mlcatalog/models/fraud.yaml': INCOMPLETE });
    const r = runCli(['catalog', 'validate'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^\.mlcatalog\/models\/fraud\.yaml:7:1: info incomplete for its criticality high: "trainingData" is required by the catalog policy$/m);
    assert.match(r.stdout, /2 entries in \.mlcatalog: 1 ok, 1 incomplete for their criticality or tier, 0 invalid; no policy\.yaml \(the default policy applies\)\.\n$/);
  });

  it('validate --strict fails on entries incomplete for their criticality', () => {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/fraud.yaml': INCOMPLETE });
    const r = runCli(['catalog', 'validate', '--strict'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /fraud\.yaml:7:1: error incomplete for its criticality high: "approval"/);
    assert.match(r.stdout, /Validation failed \(--strict: incomplete entries fail too\)\.\n$/);
  });

  it('validate: exit 1 with every error at its file and line, from a subfolder or the catalog itself', () => {
    const dir = tempTree({
      '.git/HEAD': '',
      'src/pkg/train.py': '',
      '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER.replace('criticality: high', 'criticality: huge').replace('  technical: group:ds-retention\n', ''),
      '.mlcatalog/models/broken.yaml': 'schema: mlcatalog/v1\nid: [broken\n',
      '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\nformats:\n  allowed:\n    prod: [onnx]\n',
    });
    for (const [cwd, arg] of [[dir, '.'], [path.join(dir, 'src/pkg'), '.'], [dir, '.mlcatalog']]) {
      const r = runCli(['catalog', 'validate', arg], cwd);
      assert.equal(r.status, 1, r.stdout);
      const rel = (p: string) => path.relative(cwd, path.join(dir, p));
      for (const line of [
        `${rel('.mlcatalog/policy.yaml')}:4:5: error formats.allowed.prod: unknown field "prod" (misspelt, or not part of the format)`,
        `${rel('.mlcatalog/models/churn-scorer.yaml')}:6:1: error missing required field "owners.technical"`,
        `${rel('.mlcatalog/models/churn-scorer.yaml')}:8:1: error criticality: "huge" is not a criticality; expected one of low, medium, high, critical`,
      ]) assert.ok(r.stdout.split('\n').includes(line), `${line}\nnot in\n${r.stdout}`);
      assert.match(r.stdout, new RegExp(`^${rel('.mlcatalog/models/broken.yaml').replace(/[./]/g, '\\$&')}:\\d+:\\d+: error YAML: `, 'm'));
      assert.match(r.stdout, /2 entries in .*: 0 ok, 0 incomplete for their criticality or tier, 2 invalid; policy INVALID \(the default policy applies\)\.\nValidation failed\.\n?$/);
    }
  });

  it('says so, with exit 2, when there is no catalog up to the repository root', () => {
    const dir = tempTree({ 'repo/.git/HEAD': '', '.mlcatalog/models/outer.yaml': minimalEntry('outer') });
    const r = runCli(['catalog', 'validate'], path.join(dir, 'repo'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no \.mlcatalog\/ folder at or above \. \(up to .*repo\); create one with: ml-hygiene catalog init/);
    assert.equal(runCli(['catalog', 'frobnicate'], dir).status, 2);
  });

  it('init creates the catalog with a starter policy, and refuses to overwrite it', () => {
    const dir = tempTree({ '.git/HEAD': '' });
    const r = runCli(['catalog', 'init'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Created \.mlcatalog\/policy\.yaml\./);
    assert.equal(parse(fs.readFileSync(path.join(dir, '.mlcatalog/policy.yaml'), 'utf8')).schema, 'mlcatalog-policy/v1');
    assert.equal(runCli(['catalog', 'validate'], dir).status, 0);
    const again = runCli(['catalog', 'init'], dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /policy\.yaml already exists .*nothing was written/);
  });

  it('list: a table of entries with owners, criticality, tiers and state; --format json', () => {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER, '.mlcatalog/models/fraud.yaml': INCOMPLETE, '.mlcatalog/models/bad.yaml': 'id: bad\n' });
    const r = runCli(['catalog', 'list'], dir);
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID +CRITICALITY +ENVIRONMENTS +LIFECYCLE +TECHNICAL OWNER +BUSINESS OWNER +VERSION +STATE$/);
    assert.match(lines[1], /^bad +- +- +- +- +- +- +invalid \(\d+ errors\)$/);
    assert.match(lines[2], /^churn-scorer +high +production +active +group:ds-retention +jane\.doe@example\.com +3 +ok$/);
    assert.match(lines[3], /^fraud +high +development +proposed +group:ml-platform +user:ana +- +incomplete \(trainingData, assumptions, limitations, approval, versions\)$/);
    const rows = JSON.parse(runCli(['catalog', 'list', '--format', 'json'], dir).stdout);
    assert.deepEqual(rows.map((x: any) => [x.id, x.state, x.criticality, x.environments]), [['bad', 'invalid', undefined, []], ['churn-scorer', 'ok', 'high', ['production']], ['fraud', 'incomplete', 'high', ['development']]]);
  });

  it('export: CycloneDX to a file (valid against the 1.6 schema), Backstage YAML, and a model card of one model', async () => {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER, '.mlcatalog/models/fraud.yaml': INCOMPLETE, '.mlcatalog/models/bad.yaml': 'id: bad\n' });
    const bom = runCli(['catalog', 'export', '--format', 'cyclonedx', '-o', 'bom.json'], dir);
    assert.equal(bom.status, 0, bom.stderr);
    assert.match(bom.stderr, /\.mlcatalog\/models\/bad\.yaml is invalid and left out of the export/);
    const json = fs.readFileSync(path.join(dir, 'bom.json'), 'utf8');
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json), null);
    assert.deepEqual(JSON.parse(json).components.map((c: { name: string }) => c.name), ['churn-scorer', 'fraud']);
    const backstage = runCli(['catalog', 'export', '--format', 'backstage'], dir);
    assert.equal(backstage.status, 0);
    assert.match(backstage.stdout, /^apiVersion: backstage\.io\/v1alpha1\nkind: Resource\nmetadata:\n {2}name: churn-scorer\n/);
    assert.match(backstage.stdout, /\n---\napiVersion: backstage\.io\/v1alpha1\nkind: Resource\nmetadata:\n {2}name: fraud\n/);
    const many = runCli(['catalog', 'export', '--format', 'model-card'], dir);
    assert.equal(many.status, 2);
    assert.match(many.stderr, /a model card describes one model: choose it with --id \(valid: churn-scorer, fraud\)/);
    const card = runCli(['catalog', 'export', '--format', 'model-card', '--id', 'churn-scorer'], dir);
    assert.equal(card.status, 0);
    assert.match(card.stdout, /^---\ntags:\n/);
    assert.match(card.stdout, /\n# Subscriber churn scorer\n/);
    assert.equal(runCli(['catalog', 'export', '--format', 'spdx'], dir).status, 2);
  });

  it('check uses the catalog of the project: its trusted sources count, and a change to it is not hidden by the result cache', () => {
    const dir = tempTree({ '.git/HEAD': '', '.mlcatalog/policy.yaml': 'schema: mlcatalog-policy/v1\n', 'train.py': 'from transformers import AutoModel\nm = AutoModel.from_pretrained("my-org/bert", use_safetensors=True)\n' });
    const first = runCli(['check', '.', '--format', 'json'], dir);
    assert.deepEqual(JSON.parse(first.stdout).map((r: { code: string }) => r.code), ['MLH201']);
    fs.writeFileSync(path.join(dir, '.mlcatalog/policy.yaml'), 'schema: mlcatalog-policy/v1\ntrustedSources: ["my-org/*"]\n');
    const second = runCli(['check', '.', '--format', 'json'], dir);
    assert.deepEqual(JSON.parse(second.stdout), []);
    assert.equal(second.status, 0);
  });
});
