import compat from './data/compat_pickle_py311.json';
import policy from './data/globals_policy.json';

/** How bad a finding is, in the scanners' own scale (artifacts.md §3.5). */
export type Level = 'critical' | 'high' | 'medium' | 'low';

/** What the policy says of one imported global. */
export interface Verdict {
  level: Level | 'safe';
  /** Why, for the message: the list entry or the rule that matched. */
  reason: string;
}

type Tier = Record<string, string | string[]>;

function tier(value: Record<string, unknown>): Map<string, '*' | Set<string>> {
  const out = new Map<string, '*' | Set<string>>();
  for (const [mod, names] of Object.entries(value as Tier)) {
    if (mod.startsWith('_comment')) continue;
    out.set(mod, names === '*' ? '*' : new Set(names));
  }
  return out;
}

const DENY: [Level, Map<string, '*' | Set<string>>][] = [
  ['critical', tier(policy.critical)],
  ['high', tier(policy.high)],
];
const MEDIUM = tier(policy.medium);
const SAFE = tier(policy.safe);
/** Module names that mean "every attribute": reaching one through a dotted name reaches all of it. */
const WILDCARDS = new Map<string, Level>();
for (const [level, t] of DENY) for (const [mod, names] of t) if (names === '*' && !WILDCARDS.has(mod)) WILDCARDS.set(mod, level);

const IMPORT_MAPPING = new Map(Object.entries(compat.IMPORT_MAPPING as Record<string, string>));
const NAME_MAPPING = new Map((compat.NAME_MAPPING as [string[], string[]][]).map(([[m, n], to]) => [`${m}\0${n}`, to as [string, string]]));

/** CPython's `_compat_pickle` mapping, applied by `find_class` while the protocol is below 3. */
export function mapPython2(mod: string, name: string): [string, string] {
  const byName = NAME_MAPPING.get(`${mod}\0${name}`);
  if (byName) return byName;
  const m = IMPORT_MAPPING.get(mod);
  return m ? [m, name] : [mod, name];
}

/** Module-level entries never whitelist or blacklist by a pickle's own dunder module names. */
const DUNDER_MODULES = new Set(['__main__', '__builtin__', '__builtins__', '__future__']);

/** Globals that are safe alone but dangerous with company (the policy's `_safe_caveats`). */
export const CONDITIONAL = new Set(['torch._tensor._rebuild_from_type_v2', 'torch.storage._load_from_bytes']);

function listed(t: Map<string, '*' | Set<string>>, mod: string, name: string): string | undefined {
  // A wildcard module covers its submodules (CVE-2025-10157: asyncio.unix_events).
  const parts = mod.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const prefix = parts.slice(0, i).join('.');
    const entry = t.get(prefix);
    if (entry === '*') return `${prefix}.*`;
    if (i === parts.length && entry) {
      // A name entry `X` covers `X.y` (class methods: `Bdb` covers `Bdb.run`).
      for (let cut = name.length; cut > 0; cut = name.lastIndexOf('.', cut - 1)) {
        const head = name.slice(0, cut);
        if (entry.has(head)) return `${mod}.${head}`;
        if (cut === -1) break;
      }
    }
  }
  return undefined;
}

function denied(mod: string, name: string): Verdict | undefined {
  const comps = `${mod}.${name}`.split('.');
  // An attribute chain that passes through a dangerous module (`pathlib` + `os.system`).
  for (const a of name.split('.').slice(0, -1)) {
    if (WILDCARDS.get(a) === 'critical') return { level: 'critical', reason: `${a}.* reached through ${mod}.${name}` };
  }
  // Every split of the dotted path: `pathlib` + `os.system` is also `pathlib.os` + `system`.
  for (const [level, t] of DENY) {
    for (let i = 1; i < comps.length; i++) {
      const hit = listed(t, comps.slice(0, i).join('.'), comps.slice(i).join('.'));
      if (hit) return { level, reason: hit };
    }
  }
  for (const a of name.split('.').slice(0, -1)) {
    const level = WILDCARDS.get(a);
    if (level) return { level, reason: `${a}.* reached through ${mod}.${name}` };
  }
  return undefined;
}

/** Classifies one global by artifacts.md §2.3: deny tiers, then the exact allow-list, else medium. */
export function classifyGlobal(mod: string, name: string): Verdict {
  const deny = denied(mod, name);
  if (deny) return deny;
  const safe = SAFE.get(mod);
  if (safe === '*' || safe?.has(name)) return { level: 'safe', reason: 'allow-listed' };
  const dunder = (c: string) => /^__.+__$/.test(c);
  if (name.split('.').some(dunder) || mod.split('.').some((c) => dunder(c) && !DUNDER_MODULES.has(c))) {
    return { level: 'high', reason: 'a dunder attribute in the name' };
  }
  if (name.includes('.')) return { level: 'medium', reason: 'a dotted name that is not allow-listed' };
  if (listed(MEDIUM, mod, name)) return { level: 'medium', reason: `${mod} is not allow-listed` };
  return { level: 'medium', reason: 'not on the allow-list' };
}

/** Classifies a global as `find_class` sees it: raw and, below protocol 3, the Python 2 mapping too. */
export function classifyImport(mod: string, name: string, proto: number): { verdict: Verdict; mapped?: [string, string] } {
  const raw = classifyGlobal(mod, name);
  if (proto >= 3) return { verdict: raw };
  const [m, n] = mapPython2(mod, name);
  if (m === mod && n === name) return { verdict: raw };
  const mapped = classifyGlobal(m, n);
  // Match both spellings; the worse one decides, an allow-listed mapping clears an unknown raw one.
  const rank = (v: Verdict) => ({ safe: 0, low: 1, medium: 2, high: 3, critical: 4 })[v.level];
  if (mapped.level === 'safe' && raw.level === 'medium') return { verdict: mapped, mapped: [m, n] };
  return { verdict: rank(mapped) >= rank(raw) ? mapped : raw, mapped: [m, n] };
}
