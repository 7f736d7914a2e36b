import { DEFAULT_POLICY } from './defaultPolicy';
import type { CatalogEntry } from './schemaEntry';
import type { Policy, PolicyException, RequirableField } from './schemaPolicy';
import { type Format, type FormatException, type Tier, TIERS } from './schemaTypes';

/** A policy with every part filled in: the file's parts where it has them, the defaults elsewhere. */
export interface ResolvedPolicy {
  unsafe: ReadonlySet<Format>;
  allowed: Readonly<Record<Tier, '*' | ReadonlySet<Format>>>;
  exceptionsRequire: ReadonlyArray<'justification' | 'approvedBy' | 'expires'>;
  byCriticality: Readonly<Record<CatalogEntry['criticality'], readonly RequirableField[]>>;
  byTier: Readonly<Record<Tier, readonly RequirableField[]>>;
  exceptions: readonly PolicyException[];
  trustedSources: readonly string[];
}

export function resolvePolicy(policy: Policy | undefined): ResolvedPolicy {
  const allowed = {} as Record<Tier, '*' | ReadonlySet<Format>>;
  for (const t of TIERS) {
    const list = policy?.formats?.allowed?.[t] ?? DEFAULT_POLICY.allowed[t];
    allowed[t] = list === '*' ? '*' : new Set(list);
  }
  return {
    unsafe: new Set(policy?.formats?.unsafe ?? DEFAULT_POLICY.unsafe),
    allowed,
    exceptionsRequire: policy?.formats?.exceptionsRequire ?? DEFAULT_POLICY.exceptionsRequire,
    byCriticality: { ...DEFAULT_POLICY.byCriticality, ...policy?.required?.byCriticality },
    byTier: { ...DEFAULT_POLICY.byTier, ...policy?.required?.byTier },
    exceptions: policy?.exceptions ?? [],
    trustedSources: policy?.trustedSources ?? [],
  };
}

/** The tiers an entry runs in. */
export function tiersOf(entry: Pick<CatalogEntry, 'environments'>): Tier[] {
  return [...new Set(entry.environments.map((e) => e.tier))];
}

/** A field the policy requires of an entry and the entry lacks, with why it is required. */
export interface MissingField {
  field: RequirableField;
  /** `criticality high`, `production tier`: what makes the field required. */
  because: string;
  /** Where in the entry to point: the version concerned, or what makes an absent field required. */
  path: Array<string | number>;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** The version the `versions.*` requirements apply to: `currentVersion`, or the last one listed. */
export function currentVersionIndex(entry: CatalogEntry): number {
  const versions = entry.versions ?? [];
  const i = entry.currentVersion === undefined ? -1 : versions.findIndex((v) => v.version === entry.currentVersion);
  return i >= 0 ? i : versions.length - 1;
}

function check(entry: CatalogEntry, field: RequirableField): { ok: boolean; path: Array<string | number> } {
  if (!field.startsWith('versions.')) return { ok: present(entry[field as keyof CatalogEntry]), path: [] };
  const i = currentVersionIndex(entry);
  // NOTE: with no version at all, `versions` itself is what is missing; requiring it is a separate field.
  if (i < 0) return { ok: true, path: ['versions'] };
  const v = entry.versions![i];
  const sub = field.slice('versions.'.length);
  if (sub === 'artifact.uri') return { ok: present(v.artifact.uri), path: ['versions', i, 'artifact'] };
  if (sub === 'artifact.hashes') return { ok: present(v.artifact.hashes), path: ['versions', i, 'artifact'] };
  if (sub === 'trainingDataSnapshot') return { ok: present(v.trainingDataSnapshot), path: ['versions', i, 'version'] };
  // A rollback target exists only once there is an older version to go back to.
  return { ok: entry.versions!.length < 2 || present(v.rollback), path: ['versions', i, 'version'] };
}

/** Every field the policy requires of this entry (by its criticality and by each tier it runs in) that it lacks. */
export function missingFields(entry: CatalogEntry, policy: ResolvedPolicy): MissingField[] {
  const reasons = new Map<RequirableField, string[]>();
  const add = (fields: readonly RequirableField[], because: string) => {
    for (const f of fields) reasons.set(f, [...(reasons.get(f) ?? []), because]);
  };
  add(policy.byCriticality[entry.criticality] ?? [], `criticality ${entry.criticality}`);
  for (const t of tiersOf(entry)) add(policy.byTier[t] ?? [], `${t} tier`);
  const out: MissingField[] = [];
  for (const [field, because] of reasons) {
    const { ok, path } = check(entry, field);
    // NOTE: an absent top-level field is pointed at by what requires it (the criticality or the environments).
    if (!ok) out.push({ field, because: because.join(', '), path: path.length ? path : [because[0].startsWith('criticality') ? 'criticality' : 'environments'] });
  }
  return out;
}

/** An exception as the policy sees it: where it came from, and whether it counts today. */
export interface ExceptionStatus {
  exception: FormatException | PolicyException;
  source: 'policy' | 'entry';
  /** Fields `exceptionsRequire` asks for that the exception lacks: it does not count. */
  lacking: string[];
  expired: boolean;
}

/** Whether a format may be saved for a tier, and why. */
export type FormatVerdict =
  | { allowed: true; exception?: ExceptionStatus }
  | {
      allowed: false;
      /** In the policy's unsafe (pickle) family. */
      unsafe: boolean;
      reason: string;
      /** Formats allowed for the tier that are not unsafe: the alternatives to suggest. */
      alternatives: Format[];
      /** Exceptions that would have covered it but are expired or incomplete. */
      unusable: ExceptionStatus[];
    };

/** An exception is valid through the whole of its `expires` day (UTC). */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (!expires) return false;
  return now.getTime() >= Date.parse(`${expires}T00:00:00Z`) + 86_400_000;
}

export function exceptionStatus(exception: FormatException | PolicyException, source: ExceptionStatus['source'], policy: ResolvedPolicy, now: Date): ExceptionStatus {
  const lacking = policy.exceptionsRequire.filter((f) => !present(exception[f]));
  return { exception, source, lacking, expired: isExpired(exception.expires, now) };
}

/**
 * The policy's decision on saving `format` for an entry that runs in `tier` (catalog.md §8.5):
 * allowed by the tier's list (narrowed by the entry's `formatPolicy.allowed`), or by an approved,
 * unexpired exception of the policy (for this model or all) or of the entry.
 */
export function formatVerdict(policy: ResolvedPolicy, format: Format, tier: Tier, entry?: CatalogEntry, now = new Date()): FormatVerdict {
  const list = policy.allowed[tier];
  const narrowed = entry?.formatPolicy?.allowed;
  const byTier = list === '*' || list.has(format);
  const byEntry = !narrowed || narrowed.includes(format);
  if (byTier && byEntry) return { allowed: true };
  const candidates: ExceptionStatus[] = [
    ...policy.exceptions.filter((e) => !e.model || e.model === entry?.id).map((e) => exceptionStatus(e, 'policy', policy, now)),
    ...(entry?.formatPolicy?.exceptions ?? []).map((e) => exceptionStatus(e, 'entry', policy, now)),
  ].filter((s) => s.exception.format === format && s.exception.environment === tier);
  const usable = candidates.find((s) => !s.expired && s.lacking.length === 0);
  if (usable) return { allowed: true, exception: usable };
  const allowedHere: Format[] = list === '*' ? [...(DEFAULT_POLICY.allowed.production as Format[])] : [...list];
  const alternatives = allowedHere.filter((f) => !policy.unsafe.has(f) && (!narrowed || narrowed.includes(f)));
  const reason = !byTier
    ? `${format} is not allowed in the ${tier} tier by the catalog policy`
    : `${format} is not among the formats the entry "${entry?.id}" allows (formatPolicy.allowed)`;
  return { allowed: false, unsafe: policy.unsafe.has(format), reason, alternatives, unusable: candidates };
}
