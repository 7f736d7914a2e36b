import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { fixFolder, runCli, runPython, tempTree, venvPython } from './python';

/**
 * The quick-fixes, run for real: each case starts from what the original code does with a real
 * file, applies `ml-hygiene check --fix`, runs the rewritten code with the real library, and
 * checks that safe data still loads while the dangerous part is refused.
 */
describe('python tier: quick-fixes run against the real libraries', function () {
  this.timeout(60_000);

  before(function () {
    // Cold, pip downloads and installs the pinned wheels; warm, this is a few milliseconds.
    this.timeout(15 * 60_000);
    venvPython();
  });

  it('yaml: UnsafeLoader runs a !!python/object/apply payload; after the fix the config loads and the payload is refused', () => {
    const dir = tempTree({
      'load_config.py': 'import sys\nimport yaml\n\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f, Loader=yaml.UnsafeLoader)\n\n\nprint(load(sys.argv[1]))\n',
      'config.yaml': 'lr: 0.1\nlayers: [64, 32]\nname: demo\n',
    });
    const marker = path.join(dir, 'PWNED');
    // NOTE: a harmless payload: creating a marker file proves the YAML ran a command.
    fs.writeFileSync(path.join(dir, 'payload.yaml'), `!!python/object/apply:os.system [${JSON.stringify(`touch ${marker}`)}]\n`);
    const before = runPython(['load_config.py', 'payload.yaml'], dir);
    assert.equal(before.status, 0, before.stderr);
    assert.ok(fs.existsSync(marker), 'the original code executes the payload');
    fs.rmSync(marker);

    assert.match(fixFolder(dir, 'load_config.py'), /return yaml\.safe_load\(f\)\n/);
    const config = runPython(['load_config.py', 'config.yaml'], dir);
    assert.equal(config.status, 0, config.stderr);
    assert.equal(config.stdout.trim(), "{'lr': 0.1, 'layers': [64, 32], 'name': 'demo'}");
    const payload = runPython(['load_config.py', 'payload.yaml'], dir);
    assert.notEqual(payload.status, 0);
    assert.match(payload.stderr, /yaml\.constructor\.ConstructorError: could not determine a constructor for the tag 'tag:yaml\.org,2002:python\/object\/apply:os\.system'/);
    assert.ok(!fs.existsSync(marker), 'the fixed code does not execute the payload');
  });

  it('numpy: after dropping allow_pickle=True numeric arrays still load and object arrays are refused', () => {
    const dir = tempTree({
      'make.py': 'import numpy as np\nnp.save("numbers.npy", np.arange(6).reshape(2, 3))\nnp.save("objects.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)\n',
      'load_array.py': 'import sys\nimport numpy as np\n\ndata = np.load(sys.argv[1], allow_pickle=True)\nprint(data.tolist())\n',
    });
    const made = runPython(['make.py'], dir);
    assert.equal(made.status, 0, made.stderr);
    const before = runPython(['load_array.py', 'objects.npy'], dir);
    assert.equal(before.stdout.trim(), "[{'a': 1}, None]", 'the original code unpickles object arrays');

    assert.match(fixFolder(dir, 'load_array.py'), /^data = np\.load\(sys\.argv\[1\]\)$/m);
    const numbers = runPython(['load_array.py', 'numbers.npy'], dir);
    assert.equal(numbers.status, 0, numbers.stderr);
    assert.equal(numbers.stdout.trim(), '[[0, 1, 2], [3, 4, 5]]');
    const objects = runPython(['load_array.py', 'objects.npy'], dir);
    assert.notEqual(objects.status, 0);
    assert.match(objects.stderr, /ValueError: Object arrays cannot be loaded when allow_pickle=False/);
  });

  it('torch: the weights_only=True rewrite compiles', () => {
    // NOTE: torch is far too large for CI, so the rewritten call cannot be run here, nor can
    // `weights_only` be looked up in torch.load's signature without torch installed; this checks
    // only that the rewrite is valid Python. (weights_only exists since torch 1.13.)
    const dir = tempTree({
      'restore.py': 'import torch\n\n\ndef restore(model, path):\n    state = torch.load(\n        path,\n        map_location="cpu",\n    )\n    model.load_state_dict(state)\n    return model\n',
    });
    const fixed = fixFolder(dir, 'restore.py');
    assert.match(fixed, /torch\.load\(\n {8}path,\n {8}map_location="cpu",\n {8}weights_only=True,\n {4}\)\n/);
    const compiled = runPython(['-m', 'py_compile', 'restore.py'], dir);
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  it('scikit-learn: a joblib.dump of a fitted model is flagged at its loader (MLH105), and the loader reproduces the predictions', () => {
    // The harness the skops migration will use: an artifact written by the original code, the
    // loader script the CLI flags, and the predictions it must still make after any rewrite.
    const dir = tempTree({
      'train.py': [
        'import json',
        'import joblib',
        'from sklearn.datasets import load_iris',
        'from sklearn.linear_model import LogisticRegression',
        '',
        'X, y = load_iris(return_X_y=True)',
        'model = LogisticRegression(max_iter=500).fit(X, y)',
        'joblib.dump(model, "model.joblib")',
        'with open("expected.json", "w") as f:',
        '    json.dump(model.predict_proba(X).round(8).tolist(), f)',
        '',
      ].join('\n'),
      'predict.py': [
        'import json',
        'import sys',
        'import joblib',
        'from sklearn.datasets import load_iris',
        '',
        'X, _ = load_iris(return_X_y=True)',
        'model = joblib.load(sys.argv[1])',
        'print(json.dumps(model.predict_proba(X).round(8).tolist()))',
        '',
      ].join('\n'),
    });
    const trained = runPython(['train.py'], dir);
    assert.equal(trained.status, 0, trained.stderr);
    const rows = JSON.parse(runCli(['check', 'predict.py', '--format', 'json', '--no-cache'], dir).stdout) as Array<{ code: string; line: number }>;
    assert.deepEqual(rows.map((r) => [r.code, r.line]), [['MLH105', 7]]);
    const predicted = runPython(['predict.py', 'model.joblib'], dir);
    assert.equal(predicted.status, 0, predicted.stderr);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    assert.deepEqual(JSON.parse(predicted.stdout), expected);
    assert.equal(expected.length, 150);
  });
});
