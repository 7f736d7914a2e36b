import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.join(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'ml-hygiene.js');

let python: string | undefined;

/**
 * The python of the tier's virtual environment (made by scripts/python/venv.sh on first use,
 * then reused). Throws with pip's own message when it cannot be made: the tier never skips.
 */
export function venvPython(): string {
  if (python) return python;
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'python', 'venv.sh')], { encoding: 'utf8' });
  const out = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !out || !fs.existsSync(out)) {
    throw new Error(`the python test tier needs its virtual environment, and scripts/python/venv.sh failed (exit ${r.status ?? r.error?.message}):\n${r.stderr}`);
  }
  return (python = out);
}

/** The output of a process: its exit code, standard output and standard error. */
export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the venv's python in `cwd`; `args` are the script and its arguments. */
export function runPython(args: string[], cwd: string): Run {
  const r = spawnSync(venvPython(), args, { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI (`npm run build` first), as CI would. */
export function runCli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A throwaway folder with the given files. */
export function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-py-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Runs `ml-hygiene check --fix` on a folder and returns the rewritten text of one file. */
export function fixFolder(dir: string, file: string): string {
  const r = runCli(['check', '.', '--fix', '--no-cache'], dir);
  if (r.status === 2) throw new Error(`ml-hygiene check --fix failed:\n${r.stderr}`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}
