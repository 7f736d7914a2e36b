import { type ExceptionStatus, exceptionStatus, type ResolvedPolicy, resolvePolicy } from './policy';
import { exceptionNotes } from './readEntry';
import { policy as policySchema } from './schemaPolicy';
import { type CatalogProblem, YamlSource } from './yamlSource';

/** `.mlcatalog/policy.yaml` as read, or the default policy when there is none. */
export interface PolicyRecord {
  file?: string;
  policy: ResolvedPolicy;
  /** False when the file has errors: then the default policy applies (never a looser one). */
  valid: boolean;
  problems: CatalogProblem[];
  exceptions: ExceptionStatus[];
  source?: YamlSource;
}

export const DEFAULT_POLICY_RECORD: PolicyRecord = { policy: resolvePolicy(undefined), valid: true, problems: [], exceptions: [] };

/** Validates the text of a policy file; never throws. */
export function readPolicy(file: string, text: string, now = new Date()): PolicyRecord {
  const source = new YamlSource(file, text);
  const fallback = (problems: CatalogProblem[]): PolicyRecord => ({ file, policy: resolvePolicy(undefined), valid: false, problems, exceptions: [], source });
  const syntax = source.syntaxProblems();
  if (syntax.length) return fallback(syntax);
  const read = source.data();
  if ('problem' in read) return fallback([read.problem]);
  const data = read.value;
  if (data === null || data === undefined) return fallback([source.problemAt(0, 0, 'empty policy file: it needs at least "schema: mlcatalog-policy/v1"')]);
  if (typeof data !== 'object' || Array.isArray(data)) return fallback([source.problemAt(0, source.rangeOf([])[1], 'the policy is a mapping of fields (schema: mlcatalog-policy/v1, formats: ..., required: ...), not a list or a single value')]);
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) return fallback(source.schemaProblems(parsed.error.issues, data));
  const policy = resolvePolicy(parsed.data);
  const exceptions = policy.exceptions.map((e) => exceptionStatus(e, 'policy', policy, now));
  return { file, policy, valid: true, problems: [], exceptions, source };
}

/** Errors of the policy file, and its exceptions that do not count (warnings). */
export function policyProblems(record: PolicyRecord): CatalogProblem[] {
  const out = [...record.problems];
  const source = record.source;
  if (!source) return out;
  if (!record.valid) {
    const note = 'the catalog policy has errors, so the default policy applies until they are fixed';
    out.push(source.problemAt(0, 0, note, 'information'));
  }
  record.exceptions.forEach((x, i) => {
    const [s, e] = source.rangeOf(['exceptions', i]);
    out.push(...exceptionNotes(x).map((message) => source.problemAt(s, e, message, 'warning')));
  });
  return out;
}
