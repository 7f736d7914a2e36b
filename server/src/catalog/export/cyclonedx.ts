import { randomUUID } from 'crypto';

import type { CatalogEntry } from '../schemaEntry';
import { tiersOf } from '../policy';
import { currentVersion, emailOf } from './common';

type Json = Record<string, unknown>;

/** An owner as a CycloneDX organizational contact. */
function contact(principal: string): Json {
  const email = emailOf(principal);
  return email ? { email } : { name: principal };
}

function component(entry: CatalogEntry): Json {
  const v = currentVersion(entry);
  const properties: Array<{ name: string; value: string }> = [];
  const prop = (name: string, value: string | undefined) => value !== undefined && properties.push({ name: `mlcatalog:${name}`, value });
  prop('schema', entry.schema);
  prop('owner:business', entry.owners.business);
  prop('owner:technical', entry.owners.technical);
  prop('criticality', entry.criticality);
  prop('lifecycle', entry.lifecycle);
  for (const tier of tiersOf(entry)) prop('environment', tier);
  prop('format', v?.artifact.format);
  for (const a of entry.assumptions ?? []) prop('assumption', a);
  if (entry.approval) {
    prop('approval:by', entry.approval.by);
    prop('approval:at', entry.approval.at);
    prop('approval:ref', entry.approval.ref);
  }
  if (entry.regulatory?.euAiActClass) prop('regulatory:euAiActClass', entry.regulatory.euAiActClass);
  if (entry.regulatory?.personalData !== undefined) prop('regulatory:personalData', String(entry.regulatory.personalData));
  const refs: Json[] = [];
  const ref = (type: string, url: string | undefined) => url && refs.push({ type, url });
  ref('vcs', entry.links?.repo);
  ref('distribution', v?.artifact.uri);
  ref('model-card', entry.links?.modelCard);
  ref('documentation', entry.links?.runbook);
  ref('issue-tracker', entry.links?.ticket);
  ref('other', entry.links?.dashboard);
  const datasets = (entry.trainingData ?? []).map((d) => ({
    type: 'dataset',
    name: d.id,
    ...(d.version ? { version: d.version } : {}),
    classification: d.classification,
    ...(d.description ? { description: d.description } : {}),
    ...(d.uri ? { contents: { url: d.uri } } : {}),
    ...(d.personalData ? { sensitiveData: ['personal data'] } : {}),
    ...(d.owner ? { governance: { owners: [{ contact: contact(d.owner) }] } } : {}),
  }));
  const modelParameters: Json = {
    ...(entry.approach ? { approach: { type: entry.approach } } : {}),
    ...(entry.task ? { task: entry.task } : {}),
    ...(entry.architecture ? { architectureFamily: entry.architecture } : {}),
    ...(datasets.length ? { datasets } : {}),
  };
  const considerations: Json = {
    ...(entry.intendedUsers?.length ? { users: entry.intendedUsers } : {}),
    useCases: [entry.businessUse],
    ...(entry.limitations?.length ? { technicalLimitations: entry.limitations } : {}),
    ...(entry.ethicalRisks?.length ? { ethicalConsiderations: entry.ethicalRisks.map((r) => ({ name: r.name, ...(r.mitigation ? { mitigationStrategy: r.mitigation } : {}) })) } : {}),
  };
  const metrics = (v?.metrics ?? []).map((m) => ({
    type: m.type,
    value: String(m.value),
    ...(m.slice ? { slice: m.slice } : {}),
    ...(m.ci ? { confidenceInterval: { lowerBound: String(m.ci[0]), upperBound: String(m.ci[1]) } } : {}),
  }));
  return {
    type: 'machine-learning-model',
    'bom-ref': `model:${entry.id}${v ? `@${v.version}` : ''}`,
    name: entry.id,
    ...(v ? { version: v.version } : {}),
    description: entry.title ? `${entry.title}: ${entry.businessUse}` : entry.businessUse,
    authors: [contact(entry.owners.technical)],
    ...(v?.artifact.hashes?.length ? { hashes: v.artifact.hashes.map((h) => ({ alg: h.alg, content: h.content })) } : {}),
    ...(refs.length ? { externalReferences: refs } : {}),
    ...(v ? { releaseNotes: { type: 'internal', title: `v${v.version}`, description: v.changelog, timestamp: v.createdAt } } : {}),
    properties,
    modelCard: {
      ...(Object.keys(modelParameters).length ? { modelParameters } : {}),
      ...(metrics.length ? { quantitativeAnalysis: { performanceMetrics: metrics } } : {}),
      considerations,
    },
  };
}

/**
 * A CycloneDX 1.6 ML-BOM (catalog.md Appendix B) with one `machine-learning-model` component per
 * entry, describing its current version. Derived, never authoritative: the YAML files are.
 */
export function toCycloneDx(entries: readonly CatalogEntry[], tool: { name: string; version: string }, now = new Date()): Json {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: tool.name, version: tool.version }] },
    },
    components: entries.map(component),
  };
}
