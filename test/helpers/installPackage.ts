import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const REPO = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command, returning its exit code and output. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? `${r.error ?? ''}` };
}

/** `npm pack` of this checkout into `dir`, as built (the bundles come from `npm run build`). */
export function pack(dir: string): { tarball: string; files: string[] } {
  // NOTE: the scripts are skipped: prepack would rebuild what the tests run against.
  const r = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO);
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * `npm install -g` of a tarball into an empty prefix, offline and with an empty cache, so that
 * nothing but the tarball can be installed. Returns the installed command.
 */
export function installGlobally(tarball: string, prefix: string): { bin: string; root: string } {
  const cache = path.join(prefix, '..', `${path.basename(prefix)}-npm-cache`);
  const r = run(NPM, ['install', '-g', '--prefix', prefix, '--offline', '--cache', cache, '--no-audit', '--no-fund', tarball], path.dirname(tarball));
  assert.equal(r.status, 0, r.stderr);
  const win = process.platform === 'win32';
  return {
    bin: win ? path.join(prefix, 'ml-hygiene.cmd') : path.join(prefix, 'bin', 'ml-hygiene'),
    root: win ? path.join(prefix, 'node_modules', 'ml-hygiene') : path.join(prefix, 'lib', 'node_modules', 'ml-hygiene'),
  };
}
