import { z } from 'zod';

import { trustedEntryProblem } from '../analysis/trustedSources';
import { CRITICALITIES } from './schemaEntry';
import { format, formatException, modelId, TIERS } from './schemaTypes';

/**
 * The organisation's policy, `.mlcatalog/policy.yaml` (`mlcatalog-policy/v1`, catalog.md §8.5):
 * formats allowed per tier, the fields each criticality or tier requires of an entry, exceptions
 * with justification, approver and expiry, and the download sources the organisation trusts.
 */

export const POLICY_SCHEMA = 'mlcatalog-policy/v1';

/** Entry fields a policy can require. `versions.*` apply to the current version (or the last listed). */
export const REQUIRABLE_FIELDS = [
  'title', 'task', 'approach', 'architecture', 'trainingData', 'assumptions', 'limitations', 'intendedUsers',
  'ethicalRisks', 'regulatory', 'links', 'approval', 'currentVersion', 'versions',
  'versions.artifact.uri', 'versions.artifact.hashes', 'versions.trainingDataSnapshot', 'versions.rollback',
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];
const requirable = z.enum(REQUIRABLE_FIELDS);

export const EXCEPTION_FIELDS = ['justification', 'approvedBy', 'expires'] as const;

const allowedList = z.union([z.literal('*'), z.array(format)]).meta({ description: '"*" for every format, or the list of allowed formats' });

/** A policy-level exception names the model it is for; without `model` it covers every entry. */
export const policyException = formatException.extend({ model: modelId.optional() });
export type PolicyException = z.infer<typeof policyException>;

export const policy = z.strictObject({
  schema: z.literal(POLICY_SCHEMA, { error: `expected "${POLICY_SCHEMA}"` }),
  formats: z.strictObject({
    unsafe: z.array(format).optional().meta({ description: 'The pickle family: refused where not allowed, named in messages' }),
    allowed: z.strictObject(Object.fromEntries(TIERS.map((t) => [t, allowedList.optional()])) as Record<(typeof TIERS)[number], z.ZodOptional<typeof allowedList>>).optional(),
    exceptionsRequire: z.array(z.enum(EXCEPTION_FIELDS)).optional(),
  }).optional(),
  required: z.strictObject({
    byCriticality: z.strictObject(Object.fromEntries(CRITICALITIES.map((c) => [c, z.array(requirable).optional()])) as Record<(typeof CRITICALITIES)[number], z.ZodOptional<z.ZodArray<typeof requirable>>>).optional(),
    byTier: z.strictObject(Object.fromEntries(TIERS.map((t) => [t, z.array(requirable).optional()])) as Record<(typeof TIERS)[number], z.ZodOptional<z.ZodArray<typeof requirable>>>).optional(),
  }).optional(),
  exceptions: z.array(policyException).optional(),
  trustedSources: z.array(z.string().superRefine((entry, ctx) => {
    const problem = trustedEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${entry}": ${problem}` });
  })).optional().meta({ description: 'Hub patterns (org/*), hosts (*.example) and URL prefixes, added to [tool.ml-hygiene] trusted-sources' }),
});
export type Policy = z.infer<typeof policy>;
