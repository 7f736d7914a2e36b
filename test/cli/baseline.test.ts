import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { runCli, tempTree } from './runCli';

const TRAIN = `import pickle, torch

def load(p, f):
    a = torch.load(p)
    b = torch.load(p)
    return pickle.load(f), a, b
`;

type Row = { code: string; file: string; line: number; fingerprint: string };
const rows = (stdout: string) => JSON.parse(stdout) as Row[];
const readBaseline = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; findings: Array<{ code: string; file: string; fingerprint: string }> };

describe('ml-hygiene check --baseline', function () {
  this.timeout(60_000);

  it('round trip: --write-baseline records the findings; later runs report only new ones, through line moves and reformatting', () => {
    const dir = tempTree({ 'src/train.py': TRAIN, 'pyproject.toml': '[project]\nname = "x"\n' });
    const write = runCli(['check', '--write-baseline'], dir);
    assert.equal(write.status, 0, write.stderr);
    assert.match(write.stdout, /^Wrote 3 finding\(s\) to the baseline \.ml-hygiene-baseline\.json\.$/m);
    const baseline = readBaseline(path.join(dir, '.ml-hygiene-baseline.json'));
    assert.equal(baseline.version, 1);
    assert.deepEqual(baseline.findings.map((e) => [e.code, e.file]), [['MLH101', 'src/train.py'], ['MLH110', 'src/train.py'], ['MLH110', 'src/train.py']]);

    const clean = runCli(['check', '.'], dir);
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /All clear[^]*3 finding\(s\) in the baseline not shown/);

    // Lines move, the code is reformatted and commented, and one new torch.load appears.
    const edited = `"""Training helpers."""
import pickle, torch


def load(p, f):
    # Two checkpoints.
    a = torch.load( p )  # first
    b = torch.load(
        p,
    )
    c = torch.load(p)
    print(c)
    return pickle.load(f), a, b
`;
    fs.writeFileSync(path.join(dir, 'src/train.py'), edited);
    const r = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(rows(r.stdout).map((f) => [f.code, f.file, f.line]), [['MLH110', 'src/train.py', 11]]);
    assert.match(r.stderr, /^ml-hygiene: 3 finding\(s\) in the baseline not shown/m);
    // --no-baseline shows everything again.
    assert.equal(rows(runCli(['check', '.', '--format', 'json', '--no-baseline'], dir).stdout).length, 4);
  });

  it('says when entries match nothing any more, and --write-baseline prunes them', () => {
    const dir = tempTree({ 'a.py': 'import torch, pickle\nx = torch.load(p)\ny = pickle.load(f)\n' });
    runCli(['check', '.', '--write-baseline'], dir);
    fs.writeFileSync(path.join(dir, 'a.py'), 'import torch, pickle\nx = torch.load(p, weights_only=True)\ny = pickle.load(f)\n');
    const r = runCli(['check', '.'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /1 baseline entry matches no finding any more: --write-baseline prunes them/);
    runCli(['check', '.', '--write-baseline'], dir);
    assert.equal(readBaseline(path.join(dir, '.ml-hygiene-baseline.json')).findings.length, 1);
  });

  it('--baseline FILE names the file; its paths are relative to it, so any folder can run the check', () => {
    const dir = tempTree({ 'app/a.py': 'import torch\nx = torch.load(p)\n', 'ci/.keep': '' });
    const write = runCli(['check', 'app', '--write-baseline', '--baseline', 'ci/known.json'], dir);
    assert.equal(write.status, 0, write.stderr);
    assert.deepEqual(readBaseline(path.join(dir, 'ci/known.json')).findings.map((e) => e.file), ['../app/a.py']);
    const fromApp = runCli(['check', '.', '--baseline', '../ci/known.json'], path.join(dir, 'app'));
    assert.equal(fromApp.status, 0, fromApp.stdout);
    const unwritable = runCli(['check', '.', '--write-baseline', '--baseline', 'ci'], dir);
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.stderr, /^ml-hygiene: cannot write the baseline: EISDIR/m);
    const missing = runCli(['check', '.', '--baseline', 'nope.json'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--baseline: no such file: nope\.json \(make it with --write-baseline\)/);
  });

  it('reads the baseline named by [tool.ml-hygiene] baseline; a missing one is MLH001 on that key', () => {
    const dir = tempTree({ 'pyproject.toml': '[tool.ml-hygiene]\nbaseline = "tools/mlh-baseline.json"\n', 'src/a.py': 'import torch\nx = torch.load(p)\n' });
    const missing = runCli(['check', '.'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /pyproject\.toml:2: MLH001 \[tool\.ml-hygiene\] baseline names .*mlh-baseline\.json, which does not exist/);
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    assert.ok(fs.existsSync(path.join(dir, 'tools/mlh-baseline.json')));
    const fromSrc = runCli(['check', '.'], path.join(dir, 'src'));
    assert.equal(fromSrc.status, 0, fromSrc.stdout + fromSrc.stderr);
  });

  it('a malformed baseline is MLH001 with exit code 2, and every finding is reported', () => {
    const dir = tempTree({ 'a.py': 'import torch\nx = torch.load(p)\n' });
    const bad = ['{"version": 1, "findings": [', '[]', '{"version": 2, "findings": []}', '{"version": 1}', '{"version": 1, "findings": [{"code": "MLH110"}]}', '\0\0'];
    const reasons = [/is not valid JSON/, /must be a JSON object/, /has version 2, but this ML Hygiene reads version 1/, /has no "findings" array/, /malformed entry at findings\[0\]/, /is not valid JSON/];
    bad.forEach((text, i) => {
      fs.writeFileSync(path.join(dir, '.ml-hygiene-baseline.json'), text);
      const r = runCli(['check', '.'], dir);
      assert.equal(r.status, 2, `${text}: ${r.stderr}`);
      assert.match(r.stderr, /\.ml-hygiene-baseline\.json:1: MLH001 The baseline \.ml-hygiene-baseline\.json /m);
      assert.match(r.stderr, reasons[i]);
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.match(r.stdout, /a\.py:2:5: MLH110/);
    });
  });

  it('SARIF partialFingerprints carry the baseline fingerprints', () => {
    const dir = tempTree({ 'a.py': 'import torch\nx = torch.load(p)\nx = torch.load(p)\n' });
    runCli(['check', '.', '--write-baseline'], dir);
    const sarif = JSON.parse(runCli(['check', '.', '--format', 'sarif', '--no-baseline'], dir).stdout);
    const prints = sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['mlHygiene/v1']);
    assert.deepEqual(prints, readBaseline(path.join(dir, '.ml-hygiene-baseline.json')).findings.map((e) => e.fingerprint));
    assert.equal(new Set(prints).size, 2, 'identical statements differ by their occurrence index');
  });

  it('refuses flag combinations that contradict each other', () => {
    const dir = tempTree({ 'a.py': 'x = 1\n' });
    for (const args of [['--no-baseline', '--write-baseline'], ['--no-baseline', '--baseline', 'b.json'], ['--write-baseline', '--add-noqa']]) {
      const r = runCli(['check', '.', ...args], dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^ml-hygiene: --/);
    }
  });
});
