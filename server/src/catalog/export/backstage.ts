import { stringify } from 'yaml';

import type { CatalogEntry } from '../schemaEntry';
import { tiersOf } from '../policy';
import { emailOf } from './common';

/**
 * An owner as a Backstage entity reference: `user:`/`group:` refs as they are; an email address
 * becomes `user:<local part>` (Backstage's usual user naming), the address kept in an annotation.
 */
function ownerRef(principal: string): string {
  const email = emailOf(principal);
  if (!email) return principal;
  const name = email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `user:${name || 'unknown'}`;
}

/** A Backstage `Resource` of type `ai-model` for one entry (catalog.md §8.6). */
export function toBackstage(entry: CatalogEntry, type = 'ai-model'): Record<string, unknown> {
  const links = Object.entries(entry.links ?? {}).filter(([, url]) => url && /^[a-z][a-z0-9+.-]*:/i.test(url)).map(([title, url]) => ({ url, title }));
  const annotations: Record<string, string> = {
    'mlcatalog/schema': entry.schema,
    'mlcatalog/business-owner': entry.owners.business,
    'mlcatalog/technical-owner': entry.owners.technical,
    'mlcatalog/environments': tiersOf(entry).join(','),
  };
  if (entry.currentVersion) annotations['mlcatalog/current-version'] = entry.currentVersion;
  if (entry.approval) annotations['mlcatalog/approved-by'] = entry.approval.by;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entry.id,
      ...(entry.title ? { title: entry.title } : {}),
      description: entry.businessUse,
      labels: { 'mlcatalog/criticality': entry.criticality, 'mlcatalog/lifecycle': entry.lifecycle },
      annotations,
      tags: ['ai-model', ...(entry.task && /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(entry.task) && entry.task.length <= 63 ? [entry.task] : [])],
      ...(links.length ? { links } : {}),
    },
    spec: {
      type,
      owner: ownerRef(entry.owners.technical),
      ...(entry.trainingData?.length ? { dependsOn: entry.trainingData.map((d) => `resource:${d.id}`) } : {}),
    },
  };
}

/** Every entry as one multi-document YAML file (a Backstage catalog-info.yaml). */
export function toBackstageYaml(entries: readonly CatalogEntry[]): string {
  return entries.map((e) => stringify(toBackstage(e), { lineWidth: 0 })).join('---\n');
}
