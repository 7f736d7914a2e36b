import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { allRuleMeta } from '../../server/src/rules';
import { REPO, runCli } from './runCli';
import { assertValidSarif } from './schemas';

describe('SARIF output', function () {
  this.timeout(30_000);

  it('validates against the official SARIF 2.1.0 schema and carries rule help from the docs', () => {
    const r = runCli(['check', 'examples/retail-demo', '--format', 'sarif']);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as any;
    assertValidSarif(log);

    const run = log.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((x: any) => x.id), allRuleMeta.map((m) => m.code));
    const torch = run.tool.driver.rules.find((x: any) => x.id === 'MLH110');
    assert.equal(torch.help.markdown, fs.readFileSync(path.join(REPO, 'docs/rules/MLH110.md'), 'utf8'));
    const levels = new Set(run.results.map((x: any) => x.level));
    assert.ok(levels.has('error') && levels.has('warning'));
    const first = run.results.find((x: any) => x.ruleId === 'MLH110');
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'examples/retail-demo/forecasting/demand_forecast.py');
    assert.equal(first.locations[0].physicalLocation.region.startLine, 19);
    assert.equal(run.tool.driver.rules[first.ruleIndex].id, 'MLH110');
  });
});
