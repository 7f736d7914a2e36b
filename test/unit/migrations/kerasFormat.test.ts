import { strict as assert } from 'assert';

import { expectMigration, fixTitles } from '../../helpers/fixes';

async function migrationTitles(source: string): Promise<string[]> {
  return (await fixTitles(source, 'MLH115')).flat().filter((t) => t.startsWith('Migrate'));
}

describe('migration: Keras .h5 → .keras (MLH115)', () => {
  it('rewrites the load and the model.save of the same file; the Warning is gone', async () => {
    await expectMigration('import keras\n\nmodel.save("m.h5")\nm = keras.models.load_model("m.h5", compile=False)\n', {
      code: 'MLH115',
      title: 'Migrate to the .keras format: load "m.keras" (and save it on line 3)',
      expected: 'import keras\n\nmodel.save("m.keras")\nm = keras.models.load_model("m.keras", compile=False)\n',
    });
    await expectMigration('import tensorflow as tf\nimport os\ntf.keras.models.save_model(model, os.path.join(d, "m.hdf5"))\nm = tf.keras.models.load_model(os.path.join(d, "m.hdf5"))\n', {
      code: 'MLH115',
      title: 'Migrate to the .keras format',
      expected: 'import tensorflow as tf\nimport os\ntf.keras.models.save_model(model, os.path.join(d, "m.keras"))\nm = tf.keras.models.load_model(os.path.join(d, "m.keras"))\n',
    });
  });

  it('with no save in the file, inserts a commented one-off conversion', async () => {
    await expectMigration('from keras.models import load_model\nm = load_model(f"{root}/m.h5")\n', {
      code: 'MLH115',
      title: 'with a commented one-off conversion of existing files',
      expected: [
        'from keras.models import load_model\n',
        '# Files written before this change are legacy HDF5: convert each one once, after checking\n',
        '# where it came from (loading it the old way can run code stored in it):\n',
        '#   load_model(f"{root}/m.h5").save(f"{root}/m.keras")\n',
        'm = load_model(f"{root}/m.keras")\n',
      ].join(''),
    });
  });

  it('is not offered when the extension is not written at the call, a save pins the format, or the file is remote', async () => {
    assert.deepEqual(await migrationTitles('import keras\np = "m.h5"\nm = keras.models.load_model(p)\n'), []);
    assert.deepEqual(await migrationTitles('import keras\nmodel.save("m.h5", save_format="h5")\nm = keras.models.load_model("m.h5")\n'), []);
    assert.deepEqual(await migrationTitles('import keras\nm = keras.models.load_model("https://example.com/m.h5")\n'), []);
  });

  it('a torch.save or numpy save of the same name is not a Keras save', async () => {
    assert.deepEqual(await migrationTitles('import keras, numpy as np\nnp.save("m.h5", x)\nm = keras.models.load_model("m.h5")\n'), [
      'Migrate to the .keras format: load "m.keras", with a commented one-off conversion of existing files',
    ]);
  });
});
