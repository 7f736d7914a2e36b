import { strict as assert } from 'assert';

import { expectMigration, fixAll, fixTitles } from '../../helpers/fixes';
import { findingsOf } from '../../helpers/testParser';

const NOTE = [
  '# skops loads the types it trusts by default (scikit-learn, numpy, scipy) and those listed in\n',
  '# trusted=[...]; if it refuses a file, review skops.io.get_untrusted_types(file=...) first.\n',
].join('');

/** Indents every non-empty line, as a note inside a block is. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '    ');
}

async function migrationTitles(source: string, code: string): Promise<string[]> {
  return (await fixTitles(source, code)).flat().filter((t) => t.startsWith('Migrate'));
}

describe('migration: pickle / joblib → skops (MLH101, MLH105)', () => {
  it('joblib: rewrites the load and the dump of the same file, adds the import, leaves no MLH105 or MLH116', async () => {
    const fixed = 'import joblib\nfrom sklearn.linear_model import LogisticRegression\nimport skops.io\n\nmodel = LogisticRegression()\nskops.io.dump(model, "model.joblib")\n' + NOTE + 'clf = skops.io.load("model.joblib", trusted=[])\n';
    await expectMigration('import joblib\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression()\njoblib.dump(model, "model.joblib")\nclf = joblib.load("model.joblib")\n', {
      code: 'MLH105',
      title: 'Migrate to skops: load with skops.io.load (and dump with skops.io.dump on line 5)',
      expected: fixed,
    });
    assert.deepEqual((await findingsOf(fixed)).map((f) => f.code), []);
  });

  it('joblib: with no dump in the file, inserts a commented one-off conversion above the load', async () => {
    await expectMigration('import joblib\n\ndef predict(x):\n    clf = joblib.load(MODEL)\n    return clf.predict(x)\n', {
      code: 'MLH105',
      title: 'with a commented one-off conversion of existing files',
      expected: [
        'import joblib\nimport skops.io\n\ndef predict(x):\n',
        indent(NOTE),
        '    # Files written before this change are joblib pickles: convert each one once, after checking\n',
        '    # where it came from (loading it the old way runs any code it carries):\n',
        '    #   skops.io.dump(joblib.load(MODEL), MODEL)\n',
        '    clf = skops.io.load(MODEL, trusted=[])\n    return clf.predict(x)\n',
      ].join(''),
    });
  });

  it('pickle: keeps the files opened in binary mode (skops reads and writes them) and reuses an import of skops.io', async () => {
    await expectMigration('import pickle\nimport skops.io\nfrom sklearn.svm import SVC\n\nwith open(PATH, "wb") as out:\n    pickle.dump(SVC().fit(X, y), out)\nwith open(PATH, "rb") as f:\n    model = pickle.load(f)\n', {
      code: 'MLH101',
      title: 'Migrate to skops',
      expected: 'import pickle\nimport skops.io\nfrom sklearn.svm import SVC\n\nwith open(PATH, "wb") as out:\n    skops.io.dump(SVC().fit(X, y), out)\nwith open(PATH, "rb") as f:\n' + indent(NOTE) + '    model = skops.io.load(f, trusted=[])\n',
    });
  });

  it('pickle: the conversion snippet reads the old file in a with block', async () => {
    await expectMigration('import pickle\nimport sklearn\nmodel = pickle.load(open("m.pkl", "rb"))\n', {
      code: 'MLH101',
      title: 'Migrate to skops',
      expected: 'import pickle\nimport sklearn\nimport skops.io\n' + NOTE + [
        '# Files written before this change are pickles: convert each one once, after checking\n',
        '# where it came from (loading it the old way runs any code it carries):\n',
        '#   with open("m.pkl", "rb") as old:\n',
        '#       obj = pickle.load(old)\n',
        '#   skops.io.dump(obj, "m.pkl")\n',
      ].join('') + 'model = skops.io.load(open("m.pkl", "rb"), trusted=[])\n',
    });
  });

  it('is not offered when the rewrite could not be exact or honest', async () => {
    // No scikit-learn in the file: a plain pickle may hold anything.
    assert.deepEqual(await migrationTitles('import pickle\nwith open("m.pkl", "rb") as f:\n    x = pickle.load(f)\n', 'MLH101'), []);
    // A file object the code does not show opening (a socket, a buffer), pickle.loads, text mode.
    assert.deepEqual(await migrationTitles('import pickle, sklearn\nx = pickle.load(stream)\n', 'MLH101'), []);
    assert.deepEqual(await migrationTitles('import pickle, sklearn\nx = pickle.loads(data)\n', 'MLH101'), []);
    assert.deepEqual(await migrationTitles('import pickle, sklearn\nwith open("m.pkl") as f:\n    x = pickle.load(f)\n', 'MLH101'), []);
    // Extra arguments skops has no equivalent for, on the load or on the dump of the same file.
    assert.deepEqual(await migrationTitles('import joblib\nm = joblib.load("m.joblib", mmap_mode="r")\n', 'MLH105'), []);
    assert.deepEqual(await migrationTitles('import joblib\njoblib.dump(m, "m.joblib", compress=3)\nm = joblib.load("m.joblib")\n', 'MLH105'), []);
    // More saves of the path than a migration should carry (MAX_SAVES): a generated file.
    assert.deepEqual(await migrationTitles(`import joblib\n${'joblib.dump(m, "m.joblib")\n'.repeat(9)}m = joblib.load("m.joblib")\n`, 'MLH105'), []);
    // A remote file (Error): converting it would mean unpickling it once.
    assert.deepEqual(await migrationTitles('import joblib\nfrom huggingface_hub import hf_hub_download\nm = joblib.load(hf_hub_download("org/repo", "m.joblib"))\n', 'MLH105'), []);
  });

  it('a dump of another file is left alone and the conversion note is added', async () => {
    const titles = await migrationTitles('import joblib\njoblib.dump(scaler, "scaler.joblib")\nm = joblib.load("model.joblib")\n', 'MLH105');
    assert.deepEqual(titles, ['Migrate to skops: load with skops.io.load, with a commented one-off conversion of existing files']);
  });

  it('uses an existing alias of skops.io in the code and in the notes', async () => {
    const titles = await migrationTitles('import joblib\nimport skops.io as sio\njoblib.dump(m, "m.joblib")\nm = joblib.load("m.joblib")\n', 'MLH105');
    assert.deepEqual(titles, ['Migrate to skops: load with sio.load (and dump with sio.dump on line 3)']);
  });

  it('is never applied by fix all or --fix', async () => {
    const source = 'import joblib\njoblib.dump(m, "m.joblib")\nm = joblib.load("m.joblib")\n';
    assert.equal(await fixAll(source), source);
  });
});
