import { createEntryWrite, type EntryDraft } from '../../../server/src/catalog/catalogWrite';
import { CLASSIFICATIONS, type CatalogEntry, catalogEntry, CRITICALITIES, LIFECYCLES } from '../../../server/src/catalog/schemaEntry';
import type { ResolvedPolicy } from '../../../server/src/catalog/policy';
import { FORMATS, RUNTIMES, type Tier, TIERS } from '../../../server/src/catalog/schemaTypes';
import type { FieldChange } from '../../../server/src/catalog/yamlEdit';
import type { FormDraft, RequiredMark } from './messages';

/**
 * The "Declare model" form as data, without VS Code: a draft as typed, the entry it makes, its
 * validation by the catalog's own zod schema, the fields the schema and the policy require, the
 * YAML that will be written, and the changes that update an existing entry.
 */

export const CHOICES = {
  criticality: CRITICALITIES,
  lifecycle: LIFECYCLES,
  tier: TIERS,
  runtime: RUNTIMES,
  format: FORMATS,
  classification: CLASSIFICATIONS,
} as const;

/** An empty form: one development environment, lifecycle proposed, criticality medium. */
export function emptyDraft(prefill: { id?: string; path?: string; format?: string; match?: { paths?: string[]; hfRepos?: string[]; mlflowNames?: string[]; names?: string[] } } = {}): FormDraft {
  const format = /^[a-z0-9-]+/.exec(prefill.format ?? '')?.[0] ?? '';
  const paths = [...new Set([...(prefill.path ? [prefill.path] : []), ...(prefill.match?.paths ?? [])])];
  return {
    id: prefill.id ?? '',
    title: '',
    businessUse: '',
    ownerBusiness: '',
    ownerTechnical: '',
    criticality: 'medium',
    lifecycle: 'proposed',
    environments: [{ tier: 'development', runtime: '', location: '' }],
    task: '',
    format: (FORMATS as readonly string[]).includes(format) ? format : '',
    trainingData: [],
    assumptions: [],
    limitations: [],
    matchPaths: paths,
    hfRepos: prefill.match?.hfRepos ?? [],
    mlflowNames: prefill.match?.mlflowNames ?? [],
    names: prefill.match?.names ?? [],
  };
}

const trimmed = (s: string) => s.trim();
const lines = (items: string[]) => items.map(trimmed).filter(Boolean);
const opt = <K extends string>(key: K, value: string) => (value.trim() ? { [key]: value.trim() } : {}) as Partial<Record<K, string>>;

/** The entry fields the form edits (a draft of them; the schema judges it). */
export function draftToEntry(d: FormDraft): Record<string, unknown> {
  const paths = lines(d.matchPaths);
  const hfRepos = lines(d.hfRepos);
  const mlflowNames = lines(d.mlflowNames);
  const names = lines(d.names);
  const assumptions = lines(d.assumptions);
  const limitations = lines(d.limitations);
  return {
    schema: 'mlcatalog/v1',
    id: d.id.trim(),
    ...opt('title', d.title),
    businessUse: d.businessUse.trim(),
    owners: { business: d.ownerBusiness.trim(), technical: d.ownerTechnical.trim() },
    criticality: d.criticality,
    environments: d.environments.map((e) => ({ tier: e.tier, ...opt('runtime', e.runtime), ...opt('location', e.location) })),
    lifecycle: d.lifecycle,
    ...opt('task', d.task),
    ...(d.trainingData.length ? { trainingData: d.trainingData.map((t) => ({ id: t.id.trim(), ...opt('uri', t.uri), classification: t.classification, personalData: t.personalData })) } : {}),
    ...(assumptions.length ? { assumptions } : {}),
    ...(limitations.length ? { limitations } : {}),
    match: { ...(paths.length ? { paths } : {}), ...(hfRepos.length ? { hfRepos } : {}), ...(mlflowNames.length ? { mlflowNames } : {}), ...(names.length ? { names } : {}) },
  };
}

/** The form field a schema issue belongs to: `owners.business` → `ownerBusiness`, `match` → `matchPaths`. */
export function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  const key = path.map(String).join('.');
  if (key === 'owners.business' || key === 'owners') return 'ownerBusiness';
  if (key === 'owners.technical') return 'ownerTechnical';
  if (key === 'match' || key.startsWith('match.paths')) return 'matchPaths';
  if (key.startsWith('match.hfRepos')) return 'hfRepos';
  if (key.startsWith('match.mlflowNames')) return 'mlflowNames';
  if (key.startsWith('match.names')) return 'names';
  return key || 'form';
}

/** Messages by form field (`id`, `environments.0.tier`, `trainingData.1.id`...), the first for each. */
export function validateDraft(d: FormDraft, existingIds: readonly string[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  const result = catalogEntry.safeParse(draftToEntry(d));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      errors[field] ??= issue.message;
    }
  }
  if (d.format && !(FORMATS as readonly string[]).includes(d.format)) errors.format ??= `"${d.format}" is not a format; expected one of ${FORMATS.join(', ')}`;
  if (existingIds.includes(d.id.trim())) errors.id ??= `the catalog already has an entry "${d.id.trim()}"`;
  return errors;
}

/** Fields every entry needs (the schema's required ones), as form fields. */
export const SCHEMA_REQUIRED = ['id', 'businessUse', 'ownerBusiness', 'ownerTechnical', 'criticality', 'environments', 'lifecycle'] as const;

/**
 * What the form marks as required: the schema's fields, and those the policy requires for the
 * draft's criticality and tiers (policy.ts `byCriticality`, `byTier`), with the reason. Fields
 * the form does not edit (approval, versions...) are listed too, so the lead knows what the
 * review will ask for.
 */
export function requiredMarks(d: FormDraft, policy: ResolvedPolicy): RequiredMark[] {
  const marks: RequiredMark[] = SCHEMA_REQUIRED.map((field) => ({ field, because: 'schema' }));
  // NOTE: the schema wants one match signal of any kind; paths are the usual one.
  marks.push({ field: 'matchPaths', because: 'these or another match signal' });
  const reasons = new Map<string, string[]>();
  const add = (fields: readonly string[] | undefined, because: string) => {
    for (const f of fields ?? []) reasons.set(f, [...(reasons.get(f) ?? []), because]);
  };
  if ((CRITICALITIES as readonly string[]).includes(d.criticality)) add(policy.byCriticality[d.criticality as CatalogEntry['criticality']], `criticality ${d.criticality}`);
  for (const tier of new Set(d.environments.map((e) => e.tier))) {
    if ((TIERS as readonly string[]).includes(tier)) add(policy.byTier[tier as Tier], `${tier} tier`);
  }
  for (const [field, because] of reasons) {
    // NOTE: a new entry has no version yet; `versions` says so, its sub-fields would only repeat it.
    if (field.startsWith('versions.') && reasons.has('versions')) continue;
    marks.push({ field, because: because.join(', ') });
  }
  return marks;
}

/** The draft as the server's createEntry request takes it. */
export function entryDraft(d: FormDraft): EntryDraft {
  const e = draftToEntry(d) as Partial<CatalogEntry> & { owners: { business: string; technical: string }; match: NonNullable<EntryDraft['match']> };
  return {
    id: e.id ?? '',
    title: e.title,
    businessUse: e.businessUse,
    owners: e.owners,
    criticality: e.criticality,
    environments: e.environments,
    lifecycle: e.lifecycle,
    task: e.task,
    trainingData: e.trainingData,
    assumptions: e.assumptions,
    limitations: e.limitations,
    match: e.match,
    ...(d.format ? { format: d.format } : {}),
  };
}

/** The YAML the server will write for a new entry (the same function writes it). */
export function previewYaml(d: FormDraft): string {
  return createEntryWrite('', entryDraft(d)).files[0].edits[0].newText;
}

/** A form draft from an existing entry (for editing it). */
export function entryToDraft(e: CatalogEntry): FormDraft {
  const format = e.versions?.at(-1)?.artifact.format ?? '';
  return {
    id: e.id,
    title: e.title ?? '',
    businessUse: e.businessUse,
    ownerBusiness: e.owners.business,
    ownerTechnical: e.owners.technical,
    criticality: e.criticality,
    lifecycle: e.lifecycle,
    environments: e.environments.map((x) => ({ tier: x.tier, runtime: x.runtime ?? '', location: x.location ?? '' })),
    task: e.task ?? '',
    format,
    trainingData: (e.trainingData ?? []).map((t) => ({ id: t.id, uri: t.uri ?? '', classification: t.classification, personalData: t.personalData })),
    assumptions: e.assumptions ?? [],
    limitations: e.limitations ?? [],
    matchPaths: e.match.paths ?? [],
    hfRepos: e.match.hfRepos ?? [],
    mlflowNames: e.match.mlflowNames ?? [],
    names: e.match.names ?? [],
  };
}

const EDITED_KEYS = ['title', 'businessUse', 'criticality', 'environments', 'lifecycle', 'task', 'trainingData', 'assumptions', 'limitations'] as const;

/**
 * The changes that turn `original` into what the draft says, for `updateFields`: only fields
 * that differ, so the rest of the file (comments, layout, fields the form does not show) stays.
 * The id is the file's name and is not changed here.
 */
export function changesFrom(original: CatalogEntry, d: FormDraft): FieldChange[] {
  const next = draftToEntry(d) as Record<string, unknown>;
  const before = original as unknown as Record<string, unknown>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changes: FieldChange[] = [];
  for (const key of EDITED_KEYS) {
    if (!same(before[key], next[key])) changes.push({ path: [key], value: next[key] });
  }
  const owners = next.owners as { business: string; technical: string };
  if (owners.business !== original.owners.business) changes.push({ path: ['owners', 'business'], value: owners.business });
  if (owners.technical !== original.owners.technical) changes.push({ path: ['owners', 'technical'], value: owners.technical });
  const match = next.match as Record<string, string[] | undefined>;
  for (const key of ['paths', 'hfRepos', 'mlflowNames', 'names'] as const) {
    if (!same(original.match[key], match[key])) changes.push({ path: ['match', key], value: match[key] });
  }
  return changes;
}

/** Every owner named in a catalog, for completion: business and technical, sorted, once each. */
export function knownOwners(entries: ReadonlyArray<Pick<CatalogEntry, 'owners'>>): string[] {
  return [...new Set(entries.flatMap((e) => [e.owners.business, e.owners.technical]))].sort();
}
