import { z } from 'zod';

/**
 * The shared vocabulary of the catalog (catalog.md §7.1 "Shared types"): principals, tiers,
 * artifact formats, hashes, dates. Entry and policy schemas are built from these.
 */

/** An enum whose message names the value given and the values allowed. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (issue) => `${JSON.stringify(issue.input)} is not a ${what}; expected one of ${values.join(', ')}` });
}

/** `user:<id>`, `group:<id>` (Backstage refs such as `user:default/jane` too) or an email address. */
export const principal = z
  .string({ error: 'expected a principal: user:<id>, group:<id> or an email address' })
  .regex(/^((user|group):[A-Za-z0-9._/-]+|[^@\s]+@[^@\s]+)$/, 'expected a principal: user:<id>, group:<id> or an email address')
  .meta({ id: 'principal', description: 'user:<id>, group:<id> or an email address' });

export const TIERS = ['sandbox', 'development', 'staging', 'production'] as const;
export type Tier = (typeof TIERS)[number];
export const tier = choice(TIERS, 'tier').meta({ id: 'tier' });

export const RUNTIMES = ['batch', 'online', 'streaming', 'edge', 'embedded', 'notebook'] as const;

/** Formats that cannot run code when loaded, native non-pickle formats, the pickle family, wrappers. */
export const SAFE_FORMATS = ['safetensors', 'onnx', 'gguf', 'keras', 'tf-savedmodel', 'torchscript'] as const;
export const NATIVE_FORMATS = ['xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost-cbm', 'pmml', 'skops'] as const;
export const PICKLE_FORMATS = ['pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle', 'keras-h5'] as const;
export const WRAPPER_FORMATS = ['mlflow-model', 'other'] as const;
export const FORMATS = [...SAFE_FORMATS, ...NATIVE_FORMATS, ...PICKLE_FORMATS, ...WRAPPER_FORMATS] as const;
export type Format = (typeof FORMATS)[number];
export const format = choice(FORMATS, 'format').meta({ id: 'format' });

/**
 * Formats whose loading runs arbitrary code. NOTE: `keras-h5` is in the policy's unsafe list by
 * choice (legacy Lambda layers), not here: loading it does not unpickle.
 */
export const UNSAFE_DESERIALIZATION: ReadonlySet<Format> = new Set(['pickle', 'joblib', 'cloudpickle', 'dill', 'pytorch-pickle']);

export const HASH_ALGS = ['SHA-256', 'SHA-512', 'BLAKE3'] as const;
export type HashAlg = (typeof HASH_ALGS)[number];
const HEX_LENGTH: Record<HashAlg, number> = { 'SHA-256': 64, 'SHA-512': 128, BLAKE3: 64 };

/** A digest: lowercase hex of the length the algorithm gives. */
export const hash = z
  .strictObject({
    alg: choice(HASH_ALGS, 'hash algorithm'),
    content: z.string().regex(/^[a-f0-9]{64,128}$/, 'expected a lowercase hexadecimal digest (64 or 128 characters)'),
  })
  .superRefine((h, ctx) => {
    const want = HEX_LENGTH[h.alg];
    if (want && /^[a-f0-9]+$/.test(h.content) && h.content.length !== want) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: `a ${h.alg} digest has ${want} hexadecimal characters, this one has ${h.content.length}` });
    }
  })
  .meta({ id: 'hash' });
export type Hash = z.infer<typeof hash>;

export const dateTime = z.iso
  .datetime({ offset: true, error: 'expected a date-time with a time zone, e.g. "2025-01-10T09:00:00Z"' });
export const date = z.iso.date({ error: 'expected a date, e.g. "2026-06-30"' });

/** A string that YAML users tend to write as a number (`version: 3`): the message says to quote it. */
export const label = (what: string) => z.string({ error: `expected ${what} as a string (quote numbers: "3")` }).min(1, `${what} is empty`);

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const modelId = z
  .string()
  .regex(ID_PATTERN, 'expected lowercase letters, digits, ".", "_" or "-", starting with a letter or digit, at most 63 characters');

/** An exception to the format policy; which of its fields are mandatory is the policy's choice (`exceptionsRequire`). */
export const formatException = z.strictObject({
  format,
  environment: tier,
  justification: z.string().min(1).optional(),
  approvedBy: principal.optional(),
  expires: date.optional(),
});
export type FormatException = z.infer<typeof formatException>;
