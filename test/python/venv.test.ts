import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { REPO, venvPython } from './python';

const SCRIPT = path.join(REPO, 'scripts', 'python', 'venv.sh');

describe('python tier: the virtual environment', function () {
  this.timeout(60_000);

  before(function () {
    this.timeout(15 * 60_000);
    venvPython();
  });

  it('has every pinned package at its pinned version, and venv.sh is idempotent', () => {
    const pins = fs.readFileSync(path.join(REPO, 'test', 'python', 'requirements.txt'), 'utf8')
      .split('\n').filter((l) => /^[a-z]/i.test(l)).map((l) => l.split('=='));
    const code = 'import json, sys\nfrom importlib.metadata import version\nprint(json.dumps({n: version(n) for n in sys.argv[1:]}))';
    const r = spawnSync(venvPython(), ['-c', code, ...pins.map(([n]) => n)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), Object.fromEntries(pins));
    const again = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
    assert.equal(again.stdout.trim(), venvPython());
    assert.match(venvPython(), /ml-hygiene\/venv-[0-9a-f]{12}\/bin\/python$/);
  });

  it('fails with a clear message, not silently, when no environment can be made', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-venv-'));
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, PYTHON: '/nonexistent/python3' } });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /venv\.sh: \/nonexistent\/python3 not found/);
  });
});
