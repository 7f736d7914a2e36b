import * as path from 'path';

import { type ExceptionStatus, exceptionStatus, type MissingField, missingFields, type ResolvedPolicy } from './policy';
import { type CatalogEntry, catalogEntry } from './schemaEntry';
import { type CatalogProblem, YamlSource } from './yamlSource';

/** One `.mlcatalog/models/<id>.yaml` as read: valid entries match saves, invalid ones never do. */
export interface EntryRecord {
  file: string;
  /** The id the file declares, or its name without `.yaml` when it declares none readable. */
  id: string;
  /** The parsed entry, set only when the file is valid. */
  entry?: CatalogEntry;
  valid: boolean;
  /** Syntax and schema errors, at the offending key. */
  problems: CatalogProblem[];
  /** Fields the policy requires of this entry and it lacks (valid entries only; set by the loader). */
  missing: MissingField[];
  /** The entry's own format exceptions, judged by the policy (set by the loader). */
  exceptions: ExceptionStatus[];
  source: YamlSource;
}

export function fileStem(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

/** Validates the text of an entry file; never throws. */
export function readEntry(file: string, text: string): EntryRecord {
  const source = new YamlSource(file, text);
  const stem = fileStem(file);
  const record: EntryRecord = { file, id: stem, valid: false, problems: [], missing: [], exceptions: [], source };
  record.problems.push(...source.syntaxProblems());
  if (record.problems.length) return record;
  const read = source.data();
  if ('problem' in read) {
    record.problems.push(read.problem);
    return record;
  }
  const data = read.value;
  if (data === null || data === undefined) {
    record.problems.push(source.problemAt(0, 0, 'empty catalog entry: it needs at least schema, id, businessUse, owners, criticality, environments and match'));
    return record;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    record.problems.push(source.problemAt(0, source.rangeOf([])[1], 'a catalog entry is a mapping of fields (schema: mlcatalog/v1, id: ..., businessUse: ...), not a list or a single value'));
    return record;
  }
  const declared = (data as { id?: unknown }).id;
  if (typeof declared === 'string' && declared) record.id = declared;
  const parsed = catalogEntry.safeParse(data);
  if (!parsed.success) {
    record.problems.push(...source.schemaProblems(parsed.error.issues, data));
    return record;
  }
  if (parsed.data.id !== stem) {
    const [s, e] = source.rangeOf(['id']);
    record.problems.push(source.problemAt(s, e, `id "${parsed.data.id}" does not match the file name "${path.basename(file)}": the file must be named ${parsed.data.id}.yaml`));
    return record;
  }
  record.entry = parsed.data;
  record.valid = true;
  return record;
}

/** Judges a valid entry against the policy: missing required fields and its own exceptions. */
export function judgeEntry(record: EntryRecord, policy: ResolvedPolicy, now = new Date()): void {
  if (!record.entry) return;
  record.missing = missingFields(record.entry, policy);
  record.exceptions = (record.entry.formatPolicy?.exceptions ?? []).map((e) => exceptionStatus(e, 'entry', policy, now));
}

/**
 * Everything to show in the entry's YAML file: its errors, the fields its criticality or tier
 * requires and it lacks (information), and exceptions that do not count (warnings).
 */
export function entryProblems(record: EntryRecord): CatalogProblem[] {
  const { source } = record;
  const out = [...record.problems];
  for (const m of record.missing) {
    const [s, e] = source.rangeOf(m.path);
    out.push(source.problemAt(s, e, `incomplete for its ${m.because}: "${m.field}" is required by the catalog policy`, 'information'));
  }
  record.exceptions.forEach((x, i) => {
    const [s, e] = source.rangeOf(['formatPolicy', 'exceptions', i]);
    out.push(...exceptionNotes(x).map((message) => source.problemAt(s, e, message, 'warning')));
  });
  return out;
}

/** Why an exception does not count, in words (empty when it does). */
export function exceptionNotes(x: ExceptionStatus): string[] {
  const what = `exception for ${x.exception.format} in ${x.exception.environment}`;
  const notes: string[] = [];
  if (x.expired) notes.push(`${what} expired on ${x.exception.expires}: it no longer allows anything`);
  if (x.lacking.length) notes.push(`${what} lacks ${x.lacking.join(', ')} (required by formats.exceptionsRequire): it does not count`);
  return notes;
}
