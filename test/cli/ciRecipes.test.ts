import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { REPO, runCli, tempTree } from './runCli';
import { assertGitlabSastShape, assertValidSarif } from './schemas';

/** The `ml-hygiene check ...` command lines of a recipe in docs/ci/, as arguments. */
function commandsOf(recipe: string): string[][] {
  const text = fs.readFileSync(path.join(REPO, 'docs', 'ci', recipe), 'utf8');
  return [...text.matchAll(/^\s*(?:-\s+|run:\s+)ml-hygiene (check[^\n]*)$/gm)].map((m) => m[1].trim().split(/\s+/));
}

/** A copy of the example workspace, where the recipes run as a pipeline would run them. */
function workspace(): string {
  const dir = tempTree({});
  fs.cpSync(path.join(REPO, 'examples', 'retail-demo'), dir, { recursive: true });
  return dir;
}

function outputOf(args: string[]): string {
  const i = args.indexOf('--output');
  assert.ok(i !== -1, `the recipe writes a report file: ${args.join(' ')}`);
  return args[i + 1];
}

/** How many findings `check --format json` reports in the workspace: the recipes must carry them all. */
function findingCount(dir: string): number {
  const r = runCli(['check', '--format', 'json', '--fail-on', 'never', '--no-cache', '--no-baseline'], dir);
  const n = (JSON.parse(r.stdout) as unknown[]).length;
  assert.ok(n >= 11, r.stdout);
  return n;
}

describe('CI recipes (docs/ci/)', function () {
  this.timeout(60_000);

  it('GitHub Actions: the SARIF it uploads is valid SARIF 2.1.0, fingerprinted, and the step fails on findings', () => {
    const [args, ...more] = commandsOf('github-actions.yml');
    assert.equal(more.length, 0);
    const dir = workspace();
    const r = runCli(args, dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(fs.readFileSync(path.join(dir, outputOf(args)), 'utf8'));
    assertValidSarif(log);
    const results = log.runs[0].results as Array<{ ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    assert.equal(results.length, findingCount(dir));
    assert.ok(results.every((x) => /^[0-9a-f]{16}:\d+$/.test(x.partialFingerprints['mlHygiene/v1'])));
    assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, 'forecasting/demand_forecast.py');

    // With a baseline committed, the same step passes and uploads only what is new.
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    fs.appendFileSync(path.join(dir, 'pricing', 'features.py'), '\nimport torch\nextra = torch.load("x.pt")\n');
    const again = runCli(args, dir);
    assert.equal(again.status, 1);
    const fresh = JSON.parse(fs.readFileSync(path.join(dir, outputOf(args)), 'utf8')).runs[0].results;
    assert.deepEqual(fresh.map((x: { ruleId: string }) => x.ruleId), ['MLH110']);
  });

  it('GitLab CI: the SAST report it hands over has the shape GitLab requires', () => {
    const [args, ...more] = commandsOf('gitlab-ci.yml');
    assert.equal(more.length, 0);
    const dir = workspace();
    const r = runCli(args, dir);
    assert.equal(r.status, 1, r.stderr);
    const file = outputOf(args);
    assert.match(fs.readFileSync(path.join(REPO, 'docs', 'ci', 'gitlab-ci.yml'), 'utf8'), new RegExp(`sast: ${file.replace(/\./g, '\\.')}`));
    const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    assertGitlabSastShape(report);
    // The shape is not vacuous: what GitLab rejects, it rejects.
    assert.throws(() => assertGitlabSastShape({ ...report, scan: { ...report.scan, start_time: new Date().toISOString() } }));
    assert.throws(() => assertGitlabSastShape({ ...report, vulnerabilities: [{ ...report.vulnerabilities[0], identifiers: [] }] }));
    assert.throws(() => assertGitlabSastShape({ ...report, vulnerabilities: [{ ...report.vulnerabilities[0], severity: 'error' }] }));
    const v = report.vulnerabilities as Array<{ id: string; severity: string; identifiers: Array<{ type: string; value: string }>; location: { file: string; start_line: number } }>;
    assert.equal(v.length, findingCount(dir));
    const torch = v.find((x) => x.location.file === 'forecasting/demand_forecast.py' && x.location.start_line === 19)!;
    assert.equal(torch.severity, 'Medium');
    assert.deepEqual(torch.identifiers.map((i) => [i.type, i.value]), [['ml_hygiene_rule_id', 'MLH110'], ['cwe', '502']]);
    assert.equal(new Set(v.map((x) => x.id)).size, v.length, 'ids are unique');
    // Ids follow the baseline fingerprint, so GitLab tracks a finding across pipelines as lines move.
    fs.writeFileSync(path.join(dir, 'forecasting', 'demand_forecast.py'), `\n\n${fs.readFileSync(path.join(dir, 'forecasting', 'demand_forecast.py'), 'utf8')}`);
    runCli(args, dir);
    const moved = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).vulnerabilities.find((x: { id: string }) => x.id === torch.id);
    assert.equal(moved?.location.start_line, 21);
  });
});
