import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { expectParses } from '../helpers/fixes';
import { runCli, tempTree } from './runCli';

const BEFORE = `import pickle, torch, yaml
a = torch.load(p)  # the nightly checkpoint
b = pickle.load(f)  # noqa: E501
c = torch.load(
    p,
    map_location="cpu",
)
d = yaml.load("""
key: 1
""")
e = \\
    torch.load(p)
# noqa: E501
if yaml.load("""
x: 1
"""): pass
g = pickle.loads(torch.load(p)); h = torch.load(q)
`;

const AFTER = `import pickle, torch, yaml
a = torch.load(p)  # the nightly checkpoint  # noqa: MLH110
b = pickle.load(f)  # noqa: E501, MLH101
c = torch.load(  # noqa: MLH110
    p,
    map_location="cpu",
)
# noqa: MLH111
d = yaml.load("""
key: 1
""")
# noqa: MLH110
e = \\
    torch.load(p)
# noqa: E501, MLH111
if yaml.load("""
x: 1
"""): pass
g = pickle.loads(torch.load(p)); h = torch.load(q)  # noqa: MLH101, MLH110
`;

describe('ml-hygiene check --add-noqa', function () {
  this.timeout(30_000);

  it('writes # noqa where the suppression logic reads it, keeping comments and merging lists; a second run changes nothing', () => {
    const dir = tempTree({ 'a.py': BEFORE });
    const before = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(JSON.parse(before.stdout).length, 9, before.stdout);
    const r = runCli(['check', '.', '--add-noqa'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /All clear/);
    assert.match(r.stdout, /Added 9 # noqa code\(s\)/);
    const text = fs.readFileSync(path.join(dir, 'a.py'), 'utf8');
    assert.equal(text, AFTER);
    expectParses(text);
    // The comments silence every finding, for the editor's reading as for the CLI's.
    const again = runCli(['check', '.', '--no-cache'], dir);
    assert.equal(again.status, 0, again.stdout);
    const rerun = runCli(['check', '.', '--add-noqa', '--no-cache'], dir);
    assert.match(rerun.stdout, /Added 0 # noqa code\(s\)/);
    assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), AFTER);
  });

  it('keeps CRLF line endings, the comment line above included', () => {
    const dir = tempTree({ 'a.py': BEFORE.replace(/\n/g, '\r\n') });
    const r = runCli(['check', '.', '--add-noqa'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const text = fs.readFileSync(path.join(dir, 'a.py'), 'utf8');
    assert.equal(text, AFTER.replace(/\n/g, '\r\n'));
    assert.equal(runCli(['check', '.', '--no-cache'], dir).status, 0);
  });

  it('runs after --fix: what has a safe fix is fixed, the rest gets its comment', () => {
    const dir = tempTree({ 'a.py': 'import pickle, torch\nsd = torch.load(p)\nobj = pickle.load(f)\n' });
    const r = runCli(['check', '.', '--fix', '--add-noqa'], dir);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), 'import pickle, torch\nsd = torch.load(p, weights_only=True)\nobj = pickle.load(f)  # noqa: MLH101\n');
  });

  it('leaves a file it cannot write faithfully alone, and says so through the exit code', () => {
    const latin1 = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nimport torch\ns = "caf'), Buffer.from([0xe9]), Buffer.from('"\nm = torch.load(p)\n')]);
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'old.py'), latin1);
    const r = runCli(['check', '.', '--add-noqa'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /old\.py:4:5: MLH110/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'old.py')), latin1);
  });
});
