import { z } from 'zod';

const bool = (d: boolean) => z.boolean().catch(d).default(d);

/**
 * The `mlHygiene.*` editor settings, validated per resource. Each leaf falls back to its default
 * on a bad value (`.catch`), so one mistake never resets the others.
 */
export const settingsSchema = z.object({
  enable: bool(true),
  trace: z.object({ server: z.enum(['off', 'messages', 'verbose']).catch('off').default('off') }).catch({ server: 'off' }).prefault({}),
  notebooks: z.object({ enable: bool(true) }).catch({ enable: true }).prefault({}),
  workspaceScan: z
    .object({ enable: bool(true), maxFiles: z.number().int().min(1).catch(5000).default(5000) })
    .catch({ enable: true, maxFiles: 5000 })
    .prefault({}),
  artifacts: z.object({ maxFileSizeMB: z.number().min(1).catch(512).default(512) }).catch({ maxFileSizeMB: 512 }).prefault({}),
  catalog: z.object({ backend: z.enum(['file']).catch('file').default('file') }).catch({ backend: 'file' }).prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** The same shape without fallbacks, used only to say what was wrong. */
const strictSchema = z.object({
  enable: z.boolean().optional(),
  trace: z.object({ server: z.enum(['off', 'messages', 'verbose']).optional() }).optional(),
  notebooks: z.object({ enable: z.boolean().optional() }).optional(),
  workspaceScan: z.object({ enable: z.boolean().optional(), maxFiles: z.number().int().min(1).optional() }).optional(),
  artifacts: z.object({ maxFileSizeMB: z.number().min(1).optional() }).optional(),
  catalog: z.object({ backend: z.enum(['file']).optional() }).optional(),
});

/** Validates raw settings: the usable values, and one message naming every bad value. */
export function validateSettings(raw: unknown): { settings: Settings; problem?: string } {
  const input = raw && typeof raw === 'object' ? raw : {};
  const settings = settingsSchema.parse(input);
  const strict = strictSchema.safeParse(input);
  if (strict.success) return { settings };
  const bad = strict.error.issues.map((i) => `mlHygiene.${i.path.join('.')} (${i.message})`);
  return { settings, problem: `ML Hygiene: invalid setting ${bad.join(', ')}; the default is used instead.` };
}
