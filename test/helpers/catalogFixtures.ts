/** The example entry of catalog.md §7.3: a high-criticality production model, complete for the default policy. */
export const CHURN_SCORER = `# The churn model: reviewed by the retention team (CODEOWNERS).
schema: mlcatalog/v1
id: churn-scorer
title: Subscriber churn scorer
businessUse: Ranks subscribers by churn risk so retention can target offers weekly.
owners:
  business: jane.doe@example.com
  technical: group:ds-retention
criticality: high
environments:
  - { tier: production, runtime: batch, location: "aws:eu-west-1/airflow-prod" }
lifecycle: active
task: binary-classification
approach: supervised
trainingData:
  - { id: crm-snapshot, uri: "s3://lake/crm/", classification: confidential, personalData: true, owner: group:data-crm }
assumptions: ["Features refreshed daily before scoring", "Population = consumer accounts only"]
limitations: ["Not validated for B2B accounts", "Degrades when tenure < 30 days"]
match:
  mlflowNames: [churn-scorer]
  paths: ["models/churn/**/*.safetensors", "artifacts/churn_*.onnx"]
approval: { by: user:cto-delegate, at: "2025-01-10T09:00:00Z", ref: "https://git.example.com/ds/churn/-/merge_requests/42" }
currentVersion: "3"
versions:
  - version: "3"
    createdAt: "2025-01-09T17:00:00Z"
    changelog: Retrained on 2024-Q4 snapshot; added tenure buckets.
    artifact: { uri: "s3://models/churn/3/model.safetensors", format: safetensors,
                hashes: [ { alg: SHA-256, content: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" } ] }
    trainingDataSnapshot: [ { dataset: crm-snapshot, version: "2024q4" } ]
    metrics: [ { type: roc_auc, value: 0.87, slice: holdout-2024q4 } ]
    environments: [production]
    rollback: { to: "2", procedure: "Re-point alias 'production' to v2; rerun scoring DAG" }
`;

/** A minimal valid entry: only what the schema requires. */
export function minimalEntry(id: string, extra = ''): string {
  return `schema: mlcatalog/v1
id: ${id}
businessUse: Suggests products to returning web shop customers.
owners:
  business: user:ana
  technical: group:ml-platform
criticality: low
environments:
  - tier: development
lifecycle: proposed
match:
  paths: ["models/${id}/*.safetensors"]
${extra}`;
}

/** A throwaway folder with the given files (paths relative to it). */
export { tempTree as catalogTree } from '../cli/runCli';
