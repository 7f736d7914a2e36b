/**
 * The policy a new catalog starts with (catalog.md §8.5): pickle-based formats are refused in
 * staging and production, and what each criticality must document.
 */
export const STARTER_POLICY = `# The model catalog's policy (mlcatalog-policy/v1). Review changes to this file like code.
schema: mlcatalog-policy/v1
formats:
  # Loading these runs code stored in the file (keras-h5 by choice: legacy Lambda layers).
  unsafe: [pickle, joblib, cloudpickle, dill, pytorch-pickle, keras-h5]
  allowed:
    sandbox: "*"
    development: "*"
    staging: [safetensors, onnx, gguf, keras, tf-savedmodel, torchscript, xgboost-json, xgboost-ubj, lightgbm-text, catboost-cbm, pmml, skops, mlflow-model]
    # mlflow-model is left out: many flavors cloudpickle the model inside; allow it per model with an exception.
    production: [safetensors, onnx, gguf, keras, tf-savedmodel, torchscript, xgboost-json, xgboost-ubj, lightgbm-text, catboost-cbm, pmml, skops]
  exceptionsRequire: [justification, approvedBy, expires]
required:
  byCriticality:
    high: [trainingData, assumptions, limitations, approval, versions]
    critical: [trainingData, assumptions, limitations, approval, versions, ethicalRisks, regulatory]
`;
