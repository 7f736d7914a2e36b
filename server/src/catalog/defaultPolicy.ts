import type { RequirableField } from './schemaPolicy';
import { type Format, PICKLE_FORMATS, type Tier } from './schemaTypes';

/**
 * The policy that applies where `.mlcatalog/policy.yaml` is absent or leaves a part out
 * (catalog.md §8.5): the pickle family is refused in staging and production, `mlflow-model` in
 * production (the inner serialization of many flavors is cloudpickle; a policy choice, not a fact
 * about MLflow), and what the field table marks R(prod) is required of high and critical models
 * and of models that run in production.
 */
const SAFE_FOR_PRODUCTION: Format[] = ['safetensors', 'onnx', 'gguf', 'keras', 'tf-savedmodel', 'torchscript', 'xgboost-json', 'xgboost-ubj', 'lightgbm-text', 'catboost-cbm', 'pmml', 'skops'];

const PRODUCTION_FIELDS: RequirableField[] = [
  'trainingData', 'assumptions', 'limitations', 'approval', 'versions',
  'versions.artifact.uri', 'versions.artifact.hashes', 'versions.trainingDataSnapshot', 'versions.rollback',
];

export const DEFAULT_POLICY = {
  unsafe: [...PICKLE_FORMATS] as Format[],
  allowed: {
    sandbox: '*',
    development: '*',
    staging: [...SAFE_FOR_PRODUCTION, 'mlflow-model'],
    production: SAFE_FOR_PRODUCTION,
  } as Record<Tier, '*' | Format[]>,
  exceptionsRequire: ['justification', 'approvedBy', 'expires'] as Array<'justification' | 'approvedBy' | 'expires'>,
  byCriticality: {
    low: [],
    medium: [],
    high: PRODUCTION_FIELDS,
    critical: [...PRODUCTION_FIELDS, 'ethicalRisks', 'regulatory'],
  } as Record<'low' | 'medium' | 'high' | 'critical', RequirableField[]>,
  byTier: { sandbox: [], development: [], staging: [], production: PRODUCTION_FIELDS } as Record<Tier, RequirableField[]>,
};

/** The policy file "Create the catalog" writes: the defaults, spelt out with comments to edit. */
export const STARTER_POLICY = `# The model catalog's policy (mlcatalog-policy/v1). Reviewed like code: see CODEOWNERS.
# Formats allowed per environment tier, the fields each criticality or tier requires of an
# entry, exceptions (each with a justification, an approver and an expiry date), and the model
# sources the organisation trusts.
schema: mlcatalog-policy/v1
formats:
  # Formats that run code when loaded. keras-h5 is listed by choice (legacy Lambda layers).
  unsafe: [pickle, joblib, cloudpickle, dill, pytorch-pickle, keras-h5]
  allowed:
    sandbox: "*"
    development: "*"
    staging: [safetensors, onnx, gguf, keras, tf-savedmodel, torchscript, xgboost-json, xgboost-ubj, lightgbm-text, catboost-cbm, pmml, skops, mlflow-model]
    # mlflow-model is left out: many MLflow flavors serialize with cloudpickle inside.
    production: [safetensors, onnx, gguf, keras, tf-savedmodel, torchscript, xgboost-json, xgboost-ubj, lightgbm-text, catboost-cbm, pmml, skops]
  exceptionsRequire: [justification, approvedBy, expires]
required:
  byCriticality:
    high: [trainingData, assumptions, limitations, approval, versions, versions.artifact.uri, versions.artifact.hashes, versions.trainingDataSnapshot, versions.rollback]
    critical: [trainingData, assumptions, limitations, approval, versions, versions.artifact.uri, versions.artifact.hashes, versions.trainingDataSnapshot, versions.rollback, ethicalRisks, regulatory]
  byTier:
    production: [trainingData, assumptions, limitations, approval, versions, versions.artifact.uri, versions.artifact.hashes, versions.trainingDataSnapshot, versions.rollback]
# Exceptions to the format rules, e.g.:
#   - { model: churn-scorer, format: joblib, environment: production, justification: "...",
#       approvedBy: user:ciso, expires: "2026-12-31" }
exceptions: []
# Hugging Face patterns (my-org/*), hosts (models.internal.example) and URL prefixes whose
# downloads need no pinning; added to [tool.ml-hygiene] trusted-sources.
trustedSources: []
`;
