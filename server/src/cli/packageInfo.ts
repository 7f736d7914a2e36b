import * as fs from 'fs';
import * as path from 'path';

let root: string | undefined;

/** The folder of this package's package.json, from the bundle or from the sources. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ml-hygiene') return (root = dir);
    } catch {
      // not here; keep walking up
    }
    if (path.dirname(dir) === dir) throw new Error('ml-hygiene: cannot find the package folder');
  }
}

export function packageJson(): { version: string; repository?: { url?: string } | string } {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
}

/** The rule's docs page, as shipped in docs/rules/<CODE>.md. */
export function ruleDocs(code: string): string | undefined {
  try {
    return fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', `${code}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
