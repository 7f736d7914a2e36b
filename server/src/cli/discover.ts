import * as fs from 'fs';
import ignore, { type Ignore } from 'ignore';
import * as path from 'path';

/** Folders never worth walking: tool caches, dependencies, virtual environments. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox', '.venv', 'venv', 'site-packages', '.ipynb_checkpoints']);
/** The source files the engine checks: Python files and Jupyter notebooks. */
export const SOURCE_EXTENSIONS = ['.py', '.ipynb'];

interface Rules {
  base: string;
  ig: Ignore;
}

function gitignoreAt(dir: string): Rules | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, ig: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function ignored(stack: Rules[], full: string, isDir: boolean): boolean {
  for (const { base, ig } of stack) {
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** The .gitignore files of the folders above `dir` up to the repository root (the one with .git). */
function ancestorsRules(dir: string): Rules[] {
  const chain: Rules[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const rules = gitignoreAt(d);
    if (rules) chain.unshift(rules);
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) break;
  }
  return fs.existsSync(path.join(dir, '.git')) ? [] : chain;
}

function walk(dir: string, stack: Rules[], out: string[], extensions: readonly string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const own = gitignoreAt(dir);
  const rules = own ? [...stack, own] : stack;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || fs.existsSync(path.join(full, 'pyvenv.cfg'))) continue;
      if (!ignored(rules, full, true)) walk(full, rules, out, extensions);
    } else if (entry.isFile() && extensions.some((e) => entry.name.toLowerCase().endsWith(e)) && !ignored(rules, full, false)) {
      out.push(full);
    }
  }
}

/**
 * The Python files and notebooks to check: files named on the command line as they are, folders walked with
 * their .gitignore rules, skipping virtual environments, caches and node_modules.
 */
export function discover(targets: readonly string[], extensions: readonly string[] = SOURCE_EXTENSIONS): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    const full = path.resolve(target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push(target);
      continue;
    }
    if (stat.isDirectory()) walk(full, ancestorsRules(full), files, extensions);
    else files.push(full);
  }
  return { files: [...new Set(files)].sort(), missing };
}
