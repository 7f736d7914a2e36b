import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH115 keras-load-unsafe', () => {
  describe('flags', () => {
    it('safe_mode=False is an Error on the keyword, through every spelling', async () => {
      const { findings } = await expectFindings(`import keras
import tensorflow as tf
import tensorflow
from tensorflow import keras as tk
from tensorflow.keras.models import load_model
from keras.saving import load_model as kload
OFF = False
a = keras.models.load_model("m.keras", safe_mode=False)
#                                      ^^^^^^^^^^^^^^^ MLH115 error
b = keras.saving.load_model("m.keras", safe_mode=OFF)
#                                      ^^^^^^^^^^^^^ MLH115 error
c = tf.keras.models.load_model(p, safe_mode=False)
#                                 ^^^^^^^^^^^^^^^ MLH115 error
d = tensorflow.keras.models.load_model(p, safe_mode=False)
#                                         ^^^^^^^^^^^^^^^ MLH115 error
e = tk.models.load_model(p, safe_mode=False)
#                           ^^^^^^^^^^^^^^^ MLH115 error
f = load_model(p, safe_mode=False)
#                 ^^^^^^^^^^^^^^^ MLH115 error
g = kload(p, None, True, False)
#   ^^^^^ MLH115 error
`);
      assert.match(findings[2].message, /^`tf\.keras\.models\.load_model` with `safe_mode=False` .*CWE-502/);
    });

    it('a legacy .h5/.hdf5 or another non-.keras path is a Warning (literals, f-strings, joins)', async () => {
      const { findings } = await expectFindings(`import os
from pathlib import Path
import tensorflow as tf
from keras.models import load_model
a = load_model("model.h5")
#   ^^^^^^^^^^ MLH115 warning
b = tf.keras.models.load_model(f"{run_dir}/best.hdf5", compile=False)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH115 warning
c = load_model(os.path.join(out_dir, "model.H5"))
#   ^^^^^^^^^^ MLH115 warning
d = load_model(Path(out_dir) / "weights.h5", safe_mode=True)
#   ^^^^^^^^^^ MLH115 warning
e = load_model("exported/saved_model")
#   ^^^^^^^^^^ MLH115 warning
NAME = "clf.h5"
f = load_model(NAME)
#   ^^^^^^^^^^ MLH115 warning
`);
      assert.match(findings[0].message, /legacy HDF5 file \(`\.h5`\)/);
      assert.match(findings[4].message, /not in the `\.keras` format \(`exported\/saved_model`\)/);
    });

    it('an unknown path or safe_mode is Information; remote legacy files are an Error', async () => {
      await expectFindings(`import keras
from huggingface_hub import hf_hub_download
a = keras.models.load_model(path)
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 information
b = keras.models.load_model(f"{run_dir}/{name}")
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 information
c = keras.models.load_model("m.keras", safe_mode=cfg.safe)
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 information
d = keras.models.load_model("m.keras", **opts)
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 information
e = keras.models.load_model("https://example.com/model.h5")
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 error
f = keras.models.load_model(hf_hub_download("org/m", "model.h5"))
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 warning
#                           ^^^^^^^^^^^^^^^ MLH201 warning
g = keras.models.load_model(filepath="https://example.com/model.h5")
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 error
`);
    });

    it('tf_keras (Keras 2 for TensorFlow 2.16+) is Keras too', async () => {
      await expectFindings(`import tf_keras
from tf_keras.models import load_model
a = tf_keras.models.load_model("m.h5")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH115 warning
b = load_model(p, safe_mode=False)
#                 ^^^^^^^^^^^^^^^ MLH115 error
`);
    });

    it('enable_unsafe_deserialization() in the file makes a .keras load a Warning', async () => {
      await expectFindings(`import keras
keras.config.enable_unsafe_deserialization()
m = keras.models.load_model("m.keras")
#   ^^^^^^^^^^^^^^^^^^^^^^^ MLH115 warning
`);
    });
  });

  describe('does not flag', () => {
    it('.keras with the default or a true safe_mode, hf:// models, shadowing, other loaders', async () => {
      await expectFindings(`import keras
import tensorflow as tf
from pathlib import Path
a = keras.models.load_model("model.keras")
b = tf.keras.models.load_model(f"{run_dir}/best.keras", safe_mode=True)
c = keras.saving.load_model(Path(d) / "m.keras")
e = keras.saving.load_model("hf://org/model")
f = keras.models.load_model("m.keras", None, True, True)
g = tf.keras.models.load_model("m.keras", None, True, options)
m.save("model.h5")
w = model.load_weights("weights.h5")

def f(keras):
    return keras.models.load_model("model.h5")
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH115 and a bare # nosec', async () => {
      await expectFindings(`from keras.models import load_model
a = load_model("m.h5")  # noqa: MLH115
b = load_model("m.h5")  # nosec
c = load_model("m.h5")  # noqa: S301
#   ^^^^^^^^^^ MLH115 warning
`);
    });
  });

  describe('quick-fixes', () => {
    it('removes safe_mode=False (preferred)', async () => {
      await expectFix('import keras\nm = keras.models.load_model("m.keras", safe_mode=False)\n', {
        code: 'MLH115',
        title: 'Remove `safe_mode=False`',
        expected: 'import keras\nm = keras.models.load_model("m.keras")\n',
      });
      await expectFix('import tensorflow as tf\nm = tf.keras.models.load_model(\n    "m.keras",\n    safe_mode=False,\n    compile=False,\n)\n', {
        code: 'MLH115',
        expected: 'import tensorflow as tf\nm = tf.keras.models.load_model(\n    "m.keras",\n    compile=False,\n)\n',
      });
    });

    it('a legacy file with safe_mode=False keeps its Warning after the fix', async () => {
      await expectFix('import keras\nm = keras.models.load_model("m.h5", safe_mode=False)\n', {
        code: 'MLH115',
        expected: 'import keras\nm = keras.models.load_model("m.h5")\n',
        remaining: 1,
      });
    });

    it('offers only noqa for a legacy path held in a name or a positional safe_mode', async () => {
      const only = ['Suppress MLH115 on this line (# noqa: MLH115)'];
      // NOTE: the .keras migration (test/unit/migrations/) needs the extension written at the call.
      assert.deepEqual(await fixTitles('import keras\np = "m.h5"\nm = keras.models.load_model(p)\n', 'MLH115'), [only]);
      assert.deepEqual(await fixTitles('import keras\nm = keras.models.load_model(p, None, True, False)\n', 'MLH115'), [only]);
    });
  });
});
