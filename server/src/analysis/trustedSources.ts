import type { ProjectFacts } from './project';

/**
 * `trusted-sources` entries are of three kinds, told apart by shape:
 * - `https://models.internal.example/mirror/`: a URL prefix (any scheme);
 * - `models.internal.example` or `*.internal.example`: a host, or its subdomains;
 * - `my-org/*` or `my-org/model`: Hugging Face Hub repositories (`*` matches within a segment).
 */
export type TrustedEntry = { text: string } & ({ kind: 'url'; prefix: string } | { kind: 'host'; host: RegExp } | { kind: 'hub'; repo: RegExp });

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST = /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
const HUB = /^[\w.*-]+\/[\w.*-]+$/;

/** Why an entry is not understood, or undefined when it is valid. */
export function trustedEntryProblem(entry: string): string | undefined {
  if (SCHEME.test(entry)) return /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(entry) ? undefined : 'a URL prefix needs a host';
  if (HOST.test(entry) || HUB.test(entry)) return undefined;
  return 'expected a Hub pattern ("my-org/*"), a host ("models.internal.example") or a URL prefix ("https://models.internal.example/")';
}

function glob(pattern: string, flags = ''): RegExp {
  const body = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${body}$`, flags);
}

/** Compiles the entries (invalid ones are left out; the schema reports them). */
export function compileTrusted(entries: readonly string[]): TrustedEntry[] {
  const out: TrustedEntry[] = [];
  for (const entry of entries) {
    if (trustedEntryProblem(entry)) continue;
    const text = entry;
    if (SCHEME.test(entry)) out.push({ text, kind: 'url', prefix: entry.toLowerCase() });
    else if (HOST.test(entry)) out.push({ text, kind: 'host', host: entry.startsWith('*.') ? new RegExp(`(?:^|\\.)${entry.slice(2).replace(/\./g, '\\.')}$`, 'i') : glob(entry, 'i') });
    else out.push({ text, kind: 'hub', repo: glob(entry, 'i') });
  }
  return out;
}

/** The Hub repository a huggingface.co URL points into (`org/name`), if any. */
function hubRepoOfUrl(url: string): string | undefined {
  const m = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\/(?:(?:datasets|spaces)\/)?([^/?#]+\/[^/?#]+)/i.exec(url);
  return m?.[1];
}

/**
 * The `trusted-sources` entry that covers a Hub repository id or a URL, or undefined. Only the
 * project's own list counts: callers state it in their message so a user sees why nothing is flagged.
 */
export function trustedSource(project: ProjectFacts, source: { hubRepo?: string; url?: string }): string | undefined {
  const entries = project.trustedSources;
  if (!entries?.length) return undefined;
  const hubRepo = source.hubRepo ?? (source.url ? hubRepoOfUrl(source.url) : undefined);
  const host = source.url ? /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#:]+)/i.exec(source.url)?.[1] : undefined;
  const url = source.url?.toLowerCase();
  for (const entry of compileTrusted(entries)) {
    if (entry.kind === 'hub' ? hubRepo && entry.repo.test(hubRepo) : entry.kind === 'url' ? url?.startsWith(entry.prefix) : host && entry.host.test(host)) return entry.text;
  }
  return undefined;
}
