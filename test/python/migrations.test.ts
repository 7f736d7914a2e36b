import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { applyEdits } from '../../server/src/analysis/applyFixes';
import type { Fix } from '../../server/src/analysis/types';
import { findingsOf } from '../helpers/testParser';
import { runPython, tempTree, venvPython } from './python';

/**
 * The migration quick-fixes, run for real. They are not preferred, so `--fix` never applies them:
 * each case takes the fix from the finding and applies its edits with applyEdits, as the editor
 * does when the user picks it, starting from an artifact the original code wrote.
 */
describe('python tier: format migrations keep loading the user’s model', function () {
  this.timeout(60_000);

  before(function () {
    this.timeout(15 * 60_000);
    venvPython();
  });

  /** Applies the migration of the first `code` finding to a file of `dir` and returns the new text. */
  async function migrate(dir: string, file: string, code: string): Promise<string> {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const finding = (await findingsOf(source)).find((f) => f.code === code);
    const fix: Fix | undefined = finding?.fixes.find((f) => f.title.startsWith('Migrate'));
    assert.ok(fix, `no migration offered for ${code} in:\n${source}`);
    assert.equal(fix.preferred, false);
    const fixed = applyEdits(source, fix.edits);
    fs.writeFileSync(path.join(dir, file), fixed);
    return fixed;
  }

  function run(dir: string, ...args: string[]): string {
    const r = runPython(args, dir);
    assert.equal(r.status, 0, `python ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  }

  const DATA = 'import numpy as np\nX = np.random.RandomState(0).rand(40, 4)\ny = (X[:, 0] + X[:, 1] > 1).astype(int)\n';

  it('joblib → skops with no dump in the file: the commented conversion re-dumps the joblib file, the new loader predicts the same', async () => {
    const dir = tempTree({
      'train.py': `import joblib\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.linear_model import LogisticRegression\n${DATA}joblib.dump(make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y), "model.joblib")\n`,
      'predict.py': `import joblib\n${DATA}\n\ndef predict(rows):\n    model = joblib.load("model.joblib")\n    return model.predict_proba(rows)\n\n\nprint(predict(X).round(12).tolist())\n`,
    });
    run(dir, 'train.py');
    const before = run(dir, 'predict.py');

    const fixed = await migrate(dir, 'predict.py', 'MLH105');
    assert.match(fixed, /model = skops\.io\.load\("model\.joblib", trusted=\[\]\)/);
    // The untouched joblib file is refused by the new loader (it is not unpickled).
    assert.notEqual(runPython(['predict.py'], dir).status, 0);
    // The user's one-off conversion: the commented snippet, uncommented, run once.
    const snippet = fixed.split('\n').filter((l) => /^\s*# {3}/.test(l)).map((l) => l.replace(/^\s*# {3}/, ''));
    assert.deepEqual(snippet, ['skops.io.dump(joblib.load("model.joblib"), "model.joblib")']);
    fs.writeFileSync(path.join(dir, 'convert.py'), `import joblib\nimport skops.io\n${snippet.join('\n')}\n`);
    run(dir, 'convert.py');
    assert.equal(run(dir, 'predict.py'), before);
  });

  it('pickle → skops with the dump in the same file: the pickle the original wrote, re-dumped with skops, loads once its reviewed type is trusted and predicts the same; so does a new run', async () => {
    const dir = tempTree({
      'app.py': `import pickle\nimport sys\nfrom sklearn.ensemble import RandomForestClassifier\n${DATA}\nif sys.argv[1] == "train":\n    with open("model.pkl", "wb") as f:\n        pickle.dump(RandomForestClassifier(n_estimators=7, random_state=0).fit(X, y), f)\nelse:\n    with open("model.pkl", "rb") as f:\n        model = pickle.load(f)\n    print(model.predict_proba(X).round(12).tolist())\n`,
    });
    run(dir, 'app.py', 'train');
    const before = run(dir, 'app.py', 'predict');

    const fixed = await migrate(dir, 'app.py', 'MLH101');
    assert.match(fixed, /skops\.io\.dump\(RandomForestClassifier\(n_estimators=7, random_state=0\)\.fit\(X, y\), f\)/);
    assert.match(fixed, /model = skops\.io\.load\(f, trusted=\[\]\)/);
    assert.notEqual(runPython(['app.py', 'predict'], dir).status, 0, 'the old pickle is refused, not unpickled');
    // Re-dump the original artifact with skops, as the rewritten dump line does.
    run(dir, '-c', 'import pickle, skops.io\nwith open("model.pkl", "rb") as f:\n    m = pickle.load(f)\nwith open("model.pkl", "wb") as f:\n    skops.io.dump(m, f)\n');
    // trusted=[] is the placeholder the note asks the user to review: tree models hold a type
    // skops does not trust by default, and it says which.
    const refused = runPython(['app.py', 'predict'], dir);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /UntrustedTypesFoundException: Untrusted types found in the file: \['sklearn\.tree\._tree\.Tree'\]/);
    // What the user does after that review: list the type they trust.
    fs.writeFileSync(path.join(dir, 'app.py'), fixed.replace('trusted=[]', 'trusted=["sklearn.tree._tree.Tree"]'));
    assert.equal(run(dir, 'app.py', 'predict'), before);
    run(dir, 'app.py', 'train');
    assert.equal(run(dir, 'app.py', 'predict'), before);
  });

  it('pickle → skops with no dump in the file: the commented with-block conversion runs as written', async () => {
    const dir = tempTree({
      'train.py': `import pickle\nfrom sklearn.linear_model import LogisticRegression\n${DATA}with open("clf.pkl", "wb") as f:\n    pickle.dump(LogisticRegression().fit(X, y), f)\n`,
      'serve.py': `import pickle\nimport sklearn\n${DATA}with open("clf.pkl", "rb") as f:\n    clf = pickle.load(f)\nprint(clf.predict_proba(X).round(12).tolist())\n`,
    });
    run(dir, 'train.py');
    const before = run(dir, 'serve.py');
    const fixed = await migrate(dir, 'serve.py', 'MLH101');
    const snippet = fixed.split('\n').filter((l) => /^\s*# {3}/.test(l)).map((l) => l.replace(/^\s*# {3}/, ''));
    assert.equal(snippet.length, 3, fixed);
    fs.writeFileSync(path.join(dir, 'convert.py'), `import pickle\nimport skops.io\n${snippet.join('\n')}\n`);
    run(dir, 'convert.py');
    assert.equal(run(dir, 'serve.py'), before);
  });

  it('torch → safetensors (no torch here): the rewrites compile and every safetensors.torch function they call exists with the keywords used', async () => {
    const dir = tempTree({
      'both.py': 'import torch\n\n\ndef save(model):\n    torch.save(model.state_dict(), "w.pt")\n\n\ndef load(model):\n    model.load_state_dict(torch.load("w.pt"))\n',
      'load_only.py': 'import torch\n\n\ndef load(model, path):\n    model.load_state_dict(torch.load(path, map_location="cpu"), strict=False)\n    return model\n',
    });
    const code = [await migrate(dir, 'both.py', 'MLH110'), await migrate(dir, 'load_only.py', 'MLH110')].join('\n');
    run(dir, '-m', 'py_compile', 'both.py', 'load_only.py');
    const pkg = run(dir, '-c', 'import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("safetensors").origin))').trim();
    const torchPy = fs.readFileSync(path.join(pkg, 'torch.py'), 'utf8');
    const called = [...new Set([...code.matchAll(/safetensors\.torch\.(\w+)\(/g)].map((m) => m[1]))].sort();
    assert.deepEqual(called, ['load_model', 'save_model']);
    for (const name of called) {
      const def = new RegExp(`^def ${name}\\(([^)]*)\\)`, 'm').exec(torchPy);
      assert.ok(def, `safetensors/torch.py defines ${name}`);
      for (const kw of code.matchAll(new RegExp(`safetensors\\.torch\\.${name}\\([^\\n]*`, 'g'))) {
        for (const used of kw[0].matchAll(/(\w+)=/g)) assert.match(def[1], new RegExp(`\\b${used[1]}\\b`), `${name} takes ${used[1]}=`);
      }
    }
  });
});
