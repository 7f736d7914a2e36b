import { z } from 'zod';

/**
 * The messages between the "Declare model" webview and the extension. The webview runs in the
 * editor's renderer and may show text from a cloned repository, so nothing it sends is trusted:
 * every message is parsed here and one that does not fit is rejected (and logged), never used.
 * This module knows nothing of VS Code, so the unit tests read it as it is.
 */

const text = (max: number) => z.string().max(max);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50);

/** What the form holds: the fields as typed, strings possibly empty; the catalog schema judges them. */
export const formDraft = z.strictObject({
  id: text(100),
  title: text(300),
  businessUse: text(2000),
  ownerBusiness: text(300),
  ownerTechnical: text(300),
  criticality: text(20),
  lifecycle: text(20),
  environments: list(z.strictObject({ tier: text(20), runtime: text(20), location: text(300) })),
  task: text(200),
  format: text(40),
  trainingData: list(z.strictObject({ id: text(200), uri: text(1000), classification: text(20), personalData: z.boolean() })),
  assumptions: list(text(1000)),
  limitations: list(text(1000)),
  matchPaths: list(text(500)),
  hfRepos: list(text(200)),
  mlflowNames: list(text(200)),
  names: list(text(200)),
});
export type FormDraft = z.infer<typeof formDraft>;

/** Messages the webview sends. */
export const fromWebview = z.discriminatedUnion('type', [
  /** The script has loaded and listens: send it the state. */
  z.strictObject({ type: z.literal('ready') }),
  /** A field changed: validate and preview. */
  z.strictObject({ type: z.literal('change'), draft: formDraft }),
  /** The Save button. */
  z.strictObject({ type: z.literal('save'), draft: formDraft }),
  /** The answer to a `probe` (tests): what the form shows, as text and as markup, and which elements it holds. */
  z.strictObject({ type: z.literal('probeResult'), probe: text(64), text: text(200_000), html: text(400_000), tags: z.array(text(40)).max(200) }),
]);
export type FromWebview = z.infer<typeof fromWebview>;

/** A field the policy or the schema requires, and why ("schema", "criticality high", "production tier"). */
export interface RequiredMark {
  field: string;
  because: string;
}

/** Messages the extension sends; the webview renders every value as text. */
export type ToWebview =
  | {
      type: 'state';
      draft: FormDraft;
      mode: 'create' | 'edit';
      /** Where the entry goes, for the heading: `.mlcatalog/models/<id>.yaml` or the edited file. */
      target: string;
      owners: string[];
      trusted: boolean;
      choices: Record<'criticality' | 'lifecycle' | 'tier' | 'runtime' | 'format' | 'classification', readonly string[]>;
    }
  | { type: 'validation'; errors: Record<string, string>; required: RequiredMark[]; preview: string }
  | { type: 'saved'; file: string }
  | { type: 'error'; message: string }
  | { type: 'probe'; probe: string };

/** The argument of `mlHygiene.declareModel`: an entry to edit, or a model to declare (from a save site). */
export const declareArgs = z.union([
  z.strictObject({ entryId: z.string().min(1).max(100), catalogDir: z.string().min(1) }),
  z.strictObject({
    path: z.string().max(500).optional(),
    /** A catalog format, or a description that starts with one (`pytorch-pickle, by torch.save`). */
    format: z.string().max(200).optional(),
    suggestedId: z.string().max(100).optional(),
    catalogDir: z.string().optional(),
    /** Match signals the code shows (registry names, Hub repositories, variable names). */
    match: z.strictObject({ paths: z.array(z.string().max(500)).max(20).optional(), hfRepos: z.array(z.string().max(200)).max(20).optional(), mlflowNames: z.array(z.string().max(200)).max(20).optional(), names: z.array(z.string().max(200)).max(20).optional() }).optional(),
  }),
]);
export type DeclareArgs = z.infer<typeof declareArgs>;

/** A short description of why a message was rejected, for the log (never the whole message). */
export function rejection(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
}
