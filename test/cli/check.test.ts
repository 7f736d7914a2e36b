import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { runCli, tempTree } from './runCli';

const UNSAFE = 'import torch\nstate = torch.load("m.pt")\n';

describe('ml-hygiene check', function () {
  this.timeout(30_000);

  it('reports findings in text with exit code 1, and 0 on clean code', () => {
    const dir = tempTree({ 'a.py': UNSAFE, 'clean.py': 'import torch\nx = torch.load("m.pt", weights_only=True)\n' });
    const r = runCli(['check', '.'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^a\.py:2:9: MLH110 \[warning\] `torch\.load` without `weights_only=True`/m);
    assert.match(r.stdout, /Found 1 problem\(s\) in 2 file\(s\)/);
    const clean = runCli(['check', 'clean.py'], dir);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /All clear/);
  });

  it('walks folders but skips .gitignored paths, virtual environments and node_modules', () => {
    const dir = tempTree({
      '.gitignore': 'build/\n',
      'src/a.py': UNSAFE,
      'build/b.py': UNSAFE,
      'node_modules/x/c.py': UNSAFE,
      'env/pyvenv.cfg': 'home = /usr\n',
      'env/lib/d.py': UNSAFE,
      '.venv/e.py': UNSAFE,
    });
    const r = runCli(['check', '.', '--format', 'json'], dir);
    const files = new Set((JSON.parse(r.stdout) as Array<{ file: string }>).map((f) => f.file));
    assert.deepEqual([...files], ['src/a.py']);
  });

  it('emits JSON rows with 1-based positions and the fix title', () => {
    const dir = tempTree({ 'a.py': UNSAFE });
    const rows = JSON.parse(runCli(['check', 'a.py', '--format', 'json'], dir).stdout);
    assert.deepEqual(rows.map((r: any) => [r.code, r.file, r.line, r.column, r.severity]), [['MLH110', 'a.py', 2, 9, 'warning']]);
    assert.match(rows[0].fix, /weights_only=True/);
  });

  it('--fix rewrites files; a second --fix changes nothing', () => {
    const dir = tempTree({
      'a.py': 'import yaml\nimport torch\nimport numpy as np\ncfg = yaml.load(s)\nsd = torch.load(p)\narr = np.load(f, allow_pickle=True)\n',
    });
    const first = runCli(['check', '.', '--fix'], dir);
    assert.equal(first.status, 0, first.stdout);
    const fixed = fs.readFileSync(path.join(dir, 'a.py'), 'utf8');
    assert.equal(fixed, 'import yaml\nimport torch\nimport numpy as np\ncfg = yaml.safe_load(s)\nsd = torch.load(p, weights_only=True)\narr = np.load(f)\n');
    runCli(['check', '.', '--fix'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), fixed);
  });

  it('--select and --ignore override the configuration; --fail-on sets the threshold', () => {
    const dir = tempTree({
      'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH110"]\n',
      'a.py': 'import torch, pickle\nstate = torch.load("m.pt")\nobj = pickle.load(f)\n',
    });
    const codes = (args: string[]) => JSON.parse(runCli(['check', '.', '--format', 'json', ...args], dir).stdout).map((r: any) => r.code);
    assert.deepEqual(codes([]), ['MLH101']);
    assert.deepEqual(codes(['--select', 'MLH110']), ['MLH110']);
    assert.deepEqual(codes(['--ignore', 'MLH101']), []);
    assert.equal(runCli(['check', '.', '--fail-on', 'error'], dir).status, 0);
    assert.equal(runCli(['check', '.', '--fail-on', 'warning'], dir).status, 1);
  });

  it('exits 2 with a clear message on usage and configuration errors', () => {
    const dir = tempTree({ 'pyproject.toml': '[tool.ml-hygiene]\nselect = ["torch"]\n', 'a.py': UNSAFE });
    const bad = runCli(['check', '.', '--format', 'xml'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be text, json, sarif or gitlab-sast/);
    assert.equal(runCli(['check', 'missing/'], dir).status, 2);
    assert.match(runCli(['check', '--select', 'B301'], dir).stderr, /not a rule code/);
    const config = runCli(['check', '.'], dir);
    assert.equal(config.status, 2);
    assert.match(config.stderr, /pyproject\.toml:2: MLH001 Invalid value for "select"/);
    assert.match(config.stdout, /MLH110/, 'findings are still reported with the default selection');
  });

  it('never crashes on unreadable or broken Python', () => {
    const dir = tempTree({ 'broken.py': 'import torch\ndef f(:\n  torch.load(p\n', 'binary.py': '\u0000\u0001\u0002' });
    const r = runCli(['check', '.'], dir);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});
