import type { CatalogEntryView, FormatExceptionView, PolicyView, Tier } from './catalogView';
import type { Format } from './formats';
import type { SaveSite } from './saveSite';

/** Tiers from the most to the least demanding: the first violation found is the one reported. */
const TIERS: readonly Tier[] = ['production', 'staging', 'development', 'sandbox'];

/** A format the policy does not allow where the entry runs. */
export interface FormatViolation {
  tier: Tier;
  format: Format;
  /** Exceptions for this format and tier that no longer count (expired or without an approver). */
  lapsed: FormatExceptionView[];
}

/**
 * The policy's verdict on the format of a save matched to `entry` (catalog.md §8.5): the entry's
 * `formatPolicy.allowed` overrides the organisation's list for every tier; an approved exception
 * for the format and tier that has not expired lets it through. `other` (a format the analysis
 * cannot name) is never judged.
 */
export function formatViolation(save: SaveSite, entry: CatalogEntryView, policy: PolicyView, today: string): FormatViolation | undefined {
  const format = save.format;
  if (format === 'other') return undefined;
  const tiers = new Set(entry.environments.map((e) => e.tier));
  for (const tier of TIERS) {
    if (!tiers.has(tier)) continue;
    const allowed = entry.formatPolicy?.allowed ?? policy.allowed[tier] ?? '*';
    if (allowed === '*' || allowed.includes(format)) continue;
    const exceptions = [...(entry.formatPolicy?.exceptions ?? []), ...policy.exceptions].filter((x) => x.format === format && x.environment === tier);
    if (exceptions.some((x) => current(x, today))) continue;
    return { tier, format, lapsed: exceptions };
  }
  return undefined;
}

/** An exception counts when it is justified, approved and not past its expiry day. */
export function current(x: FormatExceptionView, today: string): boolean {
  return !!x.justification && !!x.approvedBy && !!x.expires && x.expires.slice(0, 10) >= today;
}
