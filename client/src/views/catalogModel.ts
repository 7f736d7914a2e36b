import type { CatalogEntryView, CatalogSite, CatalogView } from '../../../server/src/lsp/catalogViewProtocol';

/**
 * The Catalog view's tree as plain data, built from what the server sends: no VS Code import,
 * so unit tests check grouping, order and labels directly (catalog.ts maps it to TreeItems).
 */

export type CatalogGrouping = 'criticality' | 'lifecycle';

export type CatalogNode =
  | { type: 'group'; id: string; label: string; description: string; children: CatalogNode[] }
  | { type: 'entry'; id: string; label: string; description: string; tooltip: string; entry: CatalogEntryView; children: CatalogNode[] }
  | { type: 'section'; id: string; label: string; description?: string; icon: string; children: CatalogNode[] }
  | { type: 'site'; id: string; label: string; description: string; tooltip: string; site: CatalogSite }
  | { type: 'version'; id: string; label: string; description: string; tooltip: string; children: CatalogNode[] }
  | { type: 'digest'; id: string; label: string; description: string }
  | { type: 'problem'; id: string; label: string; description: string; file: string; line: number }
  | { type: 'note'; id: string; label: string };

const ORDER: Record<CatalogGrouping, readonly string[]> = {
  criticality: ['critical', 'high', 'medium', 'low'],
  lifecycle: ['proposed', 'approved', 'active', 'deprecated', 'retired'],
};
const GROUP_LABEL: Record<CatalogGrouping, (value: string) => string> = {
  criticality: (v) => `${v[0].toUpperCase()}${v.slice(1)} criticality`,
  lifecycle: (v) => `${v[0].toUpperCase()}${v.slice(1)}`,
};
export const INVALID_GROUP = 'Invalid entries';

const models = (n: number) => (n === 1 ? '1 model' : `${n} models`);

/** The one-line summary of an entry: owners, environments, format, lifecycle. */
export function entryDescription(e: CatalogEntryView): string {
  if (!e.valid) return `${e.id} · invalid: ${e.problems[0]?.message ?? 'see the file'}`;
  const parts = [e.owners?.technical, e.environments.join(', '), e.format ?? 'no version yet', e.lifecycle];
  return parts.filter(Boolean).join(' · ');
}

/** The entry's details as plain text (rendered as text by the thin layer, never as HTML). */
export function entryTooltip(e: CatalogEntryView): string {
  const lines = [`${e.title ?? e.id} (${e.id})`];
  if (!e.valid) {
    lines.push('Invalid entry: it matches no save until it is fixed.', ...e.problems.map((p) => `line ${p.line + 1}: ${p.message}`));
    return lines.join('\n');
  }
  lines.push(
    `Owners: ${e.owners?.business} (business), ${e.owners?.technical} (technical)`,
    `Criticality: ${e.criticality}`,
    `Lifecycle: ${e.lifecycle}`,
    `Environments: ${e.environments.join(', ')}`,
    `Format: ${e.format ?? 'no version recorded'}`,
  );
  if (e.problems.length) lines.push(...e.problems.map((p) => `Policy: ${p.message}`));
  return lines.join('\n');
}

function siteNode(entryId: string, kind: 'save' | 'load', site: CatalogSite, relative: (uri: string) => string): CatalogNode {
  const via = site.via === 'annotation' ? '# mlcatalog comment' : site.via === 'hfRepo' ? 'match.hfRepos' : site.via === 'registry' ? 'the MLflow registry name' : 'match.paths';
  return {
    type: 'site',
    id: `${entryId}/${kind}/${site.uri}:${site.cell ?? ''}:${site.line}:${site.character}`,
    label: `${relative(site.uri)}:${site.cell === undefined ? '' : `cell ${site.cell + 1}:`}${site.line + 1}`,
    description: `${site.call}(${site.target})`,
    tooltip: `${kind === 'save' ? 'Saved' : 'Loaded'} by ${site.call} with ${site.target}, matched through ${via}`,
    site,
  };
}

function entryChildren(e: CatalogEntryView, relative: (uri: string) => string, scanning: boolean, sitesOff: string | undefined): CatalogNode[] {
  const out: CatalogNode[] = [];
  if (e.problems.length) {
    out.push({
      type: 'section',
      id: `${e.id}/problems`,
      label: e.valid ? 'Policy gaps' : 'Problems',
      description: String(e.problems.length),
      icon: e.valid ? 'warning' : 'error',
      children: e.problems.map((p, i) => ({ type: 'problem', id: `${e.id}/problem/${i}`, label: p.message, description: `line ${p.line + 1}`, file: e.file, line: p.line })),
    });
  }
  if (!e.valid) return out;
  const none = sitesOff ? `Not looked for: ${sitesOff}` : scanning ? 'Scanning the workspace…' : undefined;
  for (const [kind, label, sites] of [['save', 'Saved at', e.saves], ['load', 'Loaded at', e.loads]] as const) {
    out.push({
      type: 'section',
      id: `${e.id}/${kind}s`,
      label,
      description: String(sites.length),
      icon: kind === 'save' ? 'save' : 'cloud-download',
      children: sites.length
        ? sites.map((s) => siteNode(e.id, kind, s, relative))
        : [{ type: 'note', id: `${e.id}/${kind}s/none`, label: none ?? `No ${kind} found in the workspace` }],
    });
  }
  out.push({
    type: 'section',
    id: `${e.id}/versions`,
    label: 'Versions',
    description: String(e.versions.length),
    icon: 'versions',
    children: e.versions.length
      ? [...e.versions].reverse().map((v) => ({
          type: 'version' as const,
          id: `${e.id}/version/${v.version}`,
          label: `v${v.version}${v.current ? ' (current)' : ''}`,
          description: [v.format, v.createdAt?.slice(0, 10)].filter(Boolean).join(' · '),
          tooltip: [`Version ${v.version}`, v.uri && `Artifact: ${v.uri}`, v.format && `Format: ${v.format}`, v.createdAt && `Created: ${v.createdAt}`].filter(Boolean).join('\n'),
          children: v.hashes.length
            ? v.hashes.map((h, i) => ({ type: 'digest' as const, id: `${e.id}/version/${v.version}/hash/${i}`, label: h.alg, description: h.content }))
            : [{ type: 'note' as const, id: `${e.id}/version/${v.version}/nohash`, label: 'No digest recorded' }],
        }))
      : [{ type: 'note', id: `${e.id}/versions/none`, label: 'No version recorded yet' }],
  });
  return out;
}

/**
 * The tree: entries grouped by criticality or lifecycle (in their natural order, empty groups
 * left out), invalid entries in a group of their own at the end, shown with their problems.
 */
export function buildCatalogTree(view: CatalogView, grouping: CatalogGrouping, relative: (uri: string) => string): CatalogNode[] {
  const entryNode = (e: CatalogEntryView): CatalogNode => ({
    type: 'entry',
    id: `entry:${e.id}:${e.file}`,
    label: e.title ?? e.id,
    description: entryDescription(e),
    tooltip: entryTooltip(e),
    entry: e,
    children: entryChildren(e, relative, view.scanning, view.sitesOff),
  });
  const valid = view.entries.filter((e) => e.valid);
  const invalid = view.entries.filter((e) => !e.valid);
  const groups: CatalogNode[] = ORDER[grouping]
    .map((value) => {
      const of = valid.filter((e) => e[grouping] === value);
      return { type: 'group' as const, id: `${grouping}:${value}`, label: GROUP_LABEL[grouping](value), description: models(of.length), children: of.map(entryNode) };
    })
    .filter((g) => g.children.length > 0);
  if (invalid.length) groups.push({ type: 'group', id: 'invalid', label: INVALID_GROUP, description: models(invalid.length), children: invalid.map(entryNode) });
  return groups;
}

/** The message above the tree: Restricted Mode, the policy's problems, a scan in progress. */
export function catalogMessage(view: CatalogView): string | undefined {
  if (!view.catalogDir) return undefined;
  const parts: string[] = [];
  if (!view.trusted) parts.push('Restricted Mode: the catalog is read-only. ML Hygiene writes nothing to a workspace you have not trusted; trust it to declare or edit models.');
  if (view.policyProblems.length) parts.push(`policy.yaml has problems (the default policy applies): ${view.policyProblems[0]}`);
  if (view.entries.length === 0) parts.push('No model declared yet: use "Declare model" from an unregistered save, or add a file under .mlcatalog/models/.');
  return parts.length ? parts.join(' ') : undefined;
}
