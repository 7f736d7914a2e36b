import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { installGlobally, pack, run } from '../helpers/installPackage';
import { REPO } from './python';

/** The pre-commit command of the tools environment (test/python/tools.txt), made on first use. */
function preCommit(): string {
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'python', 'venv.sh'), path.join(REPO, 'test', 'python', 'tools.txt')], { encoding: 'utf8' });
  const python = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !fs.existsSync(python)) throw new Error(`scripts/python/venv.sh test/python/tools.txt failed:\n${r.stderr}`);
  return path.join(path.dirname(python), 'pre-commit');
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const UNSAFE = 'import torch\nstate = torch.load("m.pt")\n';
const SAFE = 'import torch\nstate = torch.load("m.pt", weights_only=True)\n';

/**
 * The hook of .pre-commit-hooks.yaml, run by the real pre-commit from PyPI in a throwaway git
 * repository, offline: the CLI comes from this checkout's packed tarball.
 */
describe('pre-commit hook', function () {
  this.timeout(300_000);
  let tmp: string;
  let tarball: string;
  let env: NodeJS.ProcessEnv;
  let pc: string;

  const git = (cwd: string, ...args: string[]) => {
    const r = run('git', args, cwd, env);
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };

  /** A project repository with one committed file that has a finding (code from before the hook). */
  function project(name: string, config: string): string {
    const dir = path.join(tmp, name);
    write(dir, { 'legacy.py': UNSAFE, 'clean.py': 'x = 1\n', '.pre-commit-config.yaml': config });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'start');
    return dir;
  }

  before(() => {
    pc = preCommit();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-precommit-'));
    tarball = pack(tmp).tarball;
    const { bin } = installGlobally(tarball, path.join(tmp, 'prefix'));
    env = {
      ...process.env,
      PATH: [path.dirname(bin), path.dirname(pc), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
      // Offline, with an empty cache: a hook install that needed the registry would fail here.
      npm_config_offline: 'true',
      npm_config_cache: path.join(tmp, 'npm-cache'),
      GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(tmp, 'gitconfig'),
    };
    fs.writeFileSync(path.join(tmp, 'gitconfig'), '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the hooks file of this repository blocks a commit that adds a finding, checking only the staged files', () => {
    // The hook repository pre-commit clones: what it reads of it for `language: system` is
    // .pre-commit-hooks.yaml, so a repository with this checkout's file stands for this one.
    const hooks = path.join(tmp, 'hooks');
    write(hooks, { '.pre-commit-hooks.yaml': fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8') });
    git(hooks, 'init', '-q');
    git(hooks, 'add', '.');
    git(hooks, 'commit', '-q', '-m', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD');
    const dir = project('system', `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: ml-hygiene\n`);
    assert.equal(run(pc, ['install'], dir, env).status, 0);

    write(dir, { 'train.py': UNSAFE });
    git(dir, 'add', 'train.py');
    const blocked = run('git', ['commit', '-m', 'train'], dir, env);
    assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
    const out = blocked.stdout + blocked.stderr;
    assert.match(out, /ML Hygiene\.+Failed/);
    assert.match(out, /train\.py:2:9: MLH110/);
    assert.doesNotMatch(out, /legacy\.py/, 'files not staged are not checked');

    write(dir, { 'train.py': SAFE });
    git(dir, 'add', 'train.py');
    const passed = run('git', ['commit', '-m', 'train'], dir, env);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout + passed.stderr, /ML Hygiene\.+Passed/);
  });

  it('the `repo: local` recipe with `language: node` installs the CLI itself from the tarball', () => {
    const config = [
      'repos:',
      '  - repo: local',
      '    hooks:',
      '      - id: ml-hygiene',
      '        name: ML Hygiene',
      '        entry: ml-hygiene check',
      '        language: node',
      `        additional_dependencies: ["${tarball}"]`,
      '        types: [python]',
      '        require_serial: true',
      '',
    ].join('\n');
    const dir = project('node', config);
    // Without the globally installed CLI on PATH: pre-commit's own environment must provide it.
    const bare = { ...env, PATH: [path.dirname(pc), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) };
    write(dir, { 'train.py': UNSAFE });
    const r = run(pc, ['run', '--files', 'train.py', 'clean.py'], dir, bare);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /train\.py:2:9: MLH110/);
    assert.match(r.stdout, /Found 1 problem\(s\) in 2 file\(s\)/);
  });
});
