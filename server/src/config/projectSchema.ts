import { z } from 'zod';

import { trustedEntryProblem } from '../analysis/trustedSources';

/** A rule code or a prefix of one: `MLH`, `MLH1`, `MLH11`, `MLH110`. */
const selector = z.string().regex(/^MLH\d{0,3}$/, 'expected a rule code such as "MLH110" or a prefix such as "MLH1"');
const severity = z.enum(['error', 'warning', 'information', 'info', 'hint']);

/**
 * `[tool.ml-hygiene]` in pyproject.toml, read identically by the CLI and the server. Each field
 * is validated on its own, so one bad value falls back alone and the rest still applies.
 */
export const projectFields = {
  select: z.array(selector),
  'extend-select': z.array(selector),
  ignore: z.array(selector),
  'per-file-ignores': z.record(z.string(), z.array(selector)),
  severity: z.record(z.string().regex(/^MLH\d{3}$/, 'expected a full rule code such as "MLH110"'), severity),
  exclude: z.array(z.string()),
  'extend-exclude': z.array(z.string()),
  'trusted-sources': z.array(z.string().superRefine((entry, ctx) => {
    const problem = trustedEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${entry}": ${problem}` });
  })),
  /** The baseline file, relative to the pyproject.toml (engine/baseline.ts). */
  baseline: z.string().min(1),
} as const;

export type ProjectFieldName = keyof typeof projectFields;

/** The validated `[tool.ml-hygiene]` table (fields absent or invalid are left out). */
export type ProjectSettings = { [K in ProjectFieldName]?: z.infer<(typeof projectFields)[K]> };
