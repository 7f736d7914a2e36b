import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';

import { compareVersions, type ProjectFacts, type VersionFacts } from '../analysis/project';

/** The packages whose versions change verdicts. */
const TRACKED = new Set(['torch', 'pytorch', 'transformers', 'pyyaml', 'keras', 'numpy', 'timm', 'open-clip-torch', 'open_clip_torch']);

function normalise(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  return n === 'pytorch' ? 'torch' : n;
}

/** Reads a PEP 440 / Poetry constraint (`>=2.6,<3`, `==2.5.1`, `^2.6`, `~=2.6.0`). */
export function parseConstraint(spec: string, source: string): VersionFacts {
  const facts: VersionFacts = { source };
  for (const part of spec.split(',')) {
    const m = /^\s*(===|==|>=|<=|~=|>|<|\^|~|=)?\s*v?([0-9][0-9.]*)(\.\*)?/.exec(part);
    if (!m) continue;
    const [, op = '==', version, star] = m;
    if (star || op === '^' || op === '~=' || op === '~') facts.min = version;
    if ((op === '==' || op === '===' || op === '=') && !star) facts.min = facts.max = version;
    else if (op === '>=' || op === '>') facts.min = version;
    else if (op === '<=') facts.max = version;
    else if (op === '<') facts.below = version;
  }
  return facts;
}

/**
 * Records what a source says of a package. The installed version satisfies every source at
 * once, so constraints intersect: the highest minimum and the lowest maximum win.
 */
function record(out: Map<string, VersionFacts>, name: string, facts: VersionFacts): void {
  const known = out.get(name);
  if (!known) {
    out.set(name, facts);
    return;
  }
  const pick = (a: string | undefined, b: string | undefined, higher: boolean) =>
    !a ? b : !b ? a : (compareVersions(a, b) >= 0) === higher ? a : b;
  const sources = known.source === facts.source ? known.source : `${known.source} and ${facts.source}`;
  out.set(name, {
    min: pick(known.min, facts.min, true),
    max: pick(known.max, facts.max, false),
    below: pick(known.below, facts.below, false),
    source: sources,
  });
}

function fromRequirement(line: string, source: string, out: Map<string, VersionFacts>): void {
  const m = /^\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*([^;#]*)/.exec(line);
  if (!m || !TRACKED.has(m[1].toLowerCase())) return;
  record(out, normalise(m[1]), parseConstraint(m[2], source));
}

function readIf(file: string): string | undefined {
  // NOTE: most folders have none of the manifests: a stat that does not throw is 5x cheaper.
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fromPyproject(dir: string, out: Map<string, VersionFacts>): void {
  const text = readIf(path.join(dir, 'pyproject.toml'));
  if (!text) return;
  let doc: Record<string, any>;
  try {
    doc = parseToml(text) as Record<string, any>;
  } catch {
    return;
  }
  const project = doc.project ?? {};
  const lists = [project.dependencies, ...Object.values(project['optional-dependencies'] ?? {})];
  for (const list of lists) if (Array.isArray(list)) for (const dep of list) fromRequirement(String(dep), 'pyproject.toml', out);
  const poetry = doc.tool?.poetry?.dependencies ?? {};
  for (const [name, value] of Object.entries(poetry)) {
    const spec = typeof value === 'string' ? value : (value as { version?: string })?.version;
    if (spec && TRACKED.has(name.toLowerCase())) record(out, normalise(name), parseConstraint(spec, 'pyproject.toml'));
  }
}

function fromLock(dir: string, out: Map<string, VersionFacts>): void {
  for (const lock of ['uv.lock', 'poetry.lock']) {
    const text = readIf(path.join(dir, lock));
    if (!text) continue;
    const re = /\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)"/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (TRACKED.has(m[1].toLowerCase())) out.set(normalise(m[1]), { min: m[2], max: m[2], source: lock });
    }
  }
}

/**
 * What the project around `dir` declares about tracked packages: requirements*.txt,
 * pyproject.toml (PEP 621 and Poetry), environment.yml, and lock files (uv.lock, poetry.lock: they win).
 */
export function readProjectFacts(dir: string): ProjectFacts {
  const out = new Map<string, VersionFacts>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { packages: out };
  }
  for (const name of names.filter((n) => /^requirements.*\.txt$/.test(n)).sort()) {
    for (const line of (readIf(path.join(dir, name)) ?? '').split('\n')) fromRequirement(line, name, out);
  }
  for (const env of ['environment.yml', 'environment.yaml']) {
    for (const line of (readIf(path.join(dir, env)) ?? '').split('\n')) {
      const m = /^\s*-\s*([A-Za-z0-9_.-]+)\s*(=+|>=|<=|<|>)?\s*([0-9][0-9.*]*)?/.exec(line);
      if (!m || !TRACKED.has(m[1].toLowerCase()) || !m[3]) continue;
      // NOTE: conda's `pytorch=2.5` is a prefix (2.5.*), its `==2.5.1` exact; pip lines use `==`.
      const spec = m[2] === '=' && !m[3].endsWith('*') ? `==${m[3]}.*` : `${m[2] ?? '=='}${m[3]}`;
      record(out, normalise(m[1]), parseConstraint(spec, env));
    }
  }
  fromPyproject(dir, out);
  fromLock(dir, out);
  return { packages: out };
}
