import { z } from 'zod';

import { choice, dateTime, format, formatException, hash, label, modelId, principal, RUNTIMES, tier } from './schemaTypes';

/**
 * A catalog entry, `mlcatalog/v1` (catalog.md §7): one model's identity and governance, and its
 * versions' artifact facts. Structure only: what a criticality or a tier requires on top is the
 * policy's business (policy.ts). Objects are strict so a misspelt key is reported, not ignored.
 */

export const ENTRY_SCHEMA = 'mlcatalog/v1';

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const LIFECYCLES = ['proposed', 'approved', 'active', 'deprecated', 'retired'] as const;
export const APPROACHES = ['supervised', 'unsupervised', 'reinforcement-learning', 'semi-supervised', 'self-supervised'] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export const EU_AI_ACT_CLASSES = ['minimal', 'limited', 'high', 'prohibited', 'gpai'] as const;
export const VERSION_STATUSES = ['candidate', 'approved', 'deployed', 'rolled-back', 'revoked'] as const;

export const environment = z.strictObject({
  tier,
  runtime: choice(RUNTIMES, 'runtime').optional(),
  location: z.string().optional().meta({ description: 'Free text, e.g. aws:eu-west-1/eks-prod/churn-api' }),
});

export const dataset = z.strictObject({
  id: z.string().min(1),
  uri: z.string().optional(),
  version: label('the dataset version').optional(),
  classification: choice(CLASSIFICATIONS, 'classification'),
  personalData: z.boolean({ error: 'expected true or false: does the data hold personal data?' }),
  owner: principal.optional(),
  description: z.string().optional(),
});

/** How saves in code are tied to this entry (catalog.md §8.4): at least one signal. */
export const match = z
  .strictObject({
    names: z.array(z.string().min(1)).optional(),
    mlflowNames: z.array(z.string().min(1)).optional(),
    hfRepos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected a Hugging Face repository id "org/name"')).optional(),
    paths: z.array(z.string().min(1)).optional().meta({ description: 'Globs relative to the folder that holds .mlcatalog/ (POSIX)' }),
    hashes: z.array(hash).optional(),
  })
  .refine((m) => Object.values(m).some((v) => Array.isArray(v) && v.length > 0), 'match needs at least one signal: names, mlflowNames, hfRepos, paths or hashes');

export const artifact = z.strictObject({
  uri: z.string().min(1).optional(),
  format,
  hashes: z.array(hash).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
});

export const version = z.strictObject({
  version: label('the version'),
  createdAt: dateTime,
  changelog: z.string().min(3, 'the changelog says what changed and why (at least 3 characters)'),
  artifact,
  trainingDataSnapshot: z.array(z.strictObject({ dataset: z.string().min(1), version: label('the dataset version').optional(), hash: z.string().optional() })).optional(),
  metrics: z.array(z.strictObject({
    type: z.string().min(1),
    value: z.number(),
    slice: z.string().optional(),
    ci: z.tuple([z.number(), z.number()]).optional(),
  })).optional(),
  runId: z.string().optional(),
  commit: z.string().regex(/^[0-9a-f]{7,64}$/, 'expected a git commit id (hexadecimal)').optional(),
  environments: z.array(tier).optional(),
  rollback: z.strictObject({ to: label('the rollback version'), procedure: z.string().optional() }).optional(),
  status: choice(VERSION_STATUSES, 'version status').optional(),
});
export type VersionEntry = z.infer<typeof version>;

export const catalogEntry = z.strictObject({
  schema: z.literal(ENTRY_SCHEMA, { error: `expected "${ENTRY_SCHEMA}"` }),
  id: modelId.meta({ description: 'Stable id, also the file name: .mlcatalog/models/<id>.yaml' }),
  title: z.string().max(200).optional(),
  businessUse: z.string().min(10, 'say in a sentence which business decision the model supports (at least 10 characters)').max(1000),
  owners: z.strictObject({ business: principal, technical: principal }),
  criticality: choice(CRITICALITIES, 'criticality'),
  environments: z.array(environment).min(1, 'list at least one environment the model runs in'),
  lifecycle: choice(LIFECYCLES, 'lifecycle').default('proposed'),
  task: z.string().optional(),
  approach: choice(APPROACHES, 'approach').optional(),
  architecture: z.string().optional(),
  trainingData: z.array(dataset).optional(),
  assumptions: z.array(z.string().min(1)).optional(),
  limitations: z.array(z.string().min(1)).optional(),
  intendedUsers: z.array(z.string().min(1)).optional(),
  ethicalRisks: z.array(z.strictObject({ name: z.string().min(1), mitigation: z.string().optional() })).optional(),
  regulatory: z.strictObject({
    euAiActClass: choice(EU_AI_ACT_CLASSES, 'EU AI Act class').optional(),
    personalData: z.boolean().optional(),
    frameworks: z.array(z.string()).optional(),
  }).optional(),
  formatPolicy: z.strictObject({
    allowed: z.array(format).optional().meta({ description: 'Narrows the policy: only these formats, in every tier' }),
    exceptions: z.array(formatException).optional(),
  }).optional(),
  match,
  links: z.strictObject({
    repo: z.string().optional(),
    modelCard: z.string().optional(),
    dashboard: z.string().optional(),
    runbook: z.string().optional(),
    ticket: z.string().optional(),
  }).optional(),
  approval: z.strictObject({ by: principal, at: dateTime, ref: z.url({ error: 'expected a URL (the pull request or ticket)' }).optional() }).optional(),
  currentVersion: label('currentVersion').optional(),
  versions: z.array(version).optional(),
}).superRefine((entry, ctx) => {
  // NOTE: cross-references are checked here so a dangling one is reported at its key.
  const known = new Set<string>();
  entry.versions?.forEach((v, i) => {
    if (known.has(v.version)) ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: `version "${v.version}" is listed twice` });
    known.add(v.version);
  });
  if (entry.currentVersion !== undefined && !known.has(entry.currentVersion)) {
    ctx.addIssue({ code: 'custom', path: ['currentVersion'], message: `currentVersion "${entry.currentVersion}" is not among versions[]` });
  }
});
export type CatalogEntry = z.infer<typeof catalogEntry>;
