import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH117 tf-saved-model-load', () => {
  describe('flags', () => {
    it('a path that is not a literal is Information, through every spelling', async () => {
      const { findings } = await expectFindings(`import tensorflow as tf
import tensorflow
from tensorflow import saved_model
from tensorflow.saved_model import load as sm_load
a = tf.saved_model.load(export_dir)
#   ^^^^^^^^^^^^^^^^^^^ MLH117 information
b = tensorflow.saved_model.load(args.model_dir, tags=["serve"])
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH117 information
c = saved_model.load(f"{root}/exported")
#   ^^^^^^^^^^^^^^^^ MLH117 information
d = sm_load(export_dir=cfg.path)
#   ^^^^^^^ MLH117 information
e = tf.saved_model.load(*paths)
#   ^^^^^^^^^^^^^^^^^^^ MLH117 information
`);
      assert.match(findings[0].message, /^`tf\.saved_model\.load` loads a SavedModel from a path chosen at run time.*CWE-502/);
    });

    it('a remote path is a Warning', async () => {
      await expectFindings(`import tensorflow as tf
from huggingface_hub import snapshot_download
a = tf.saved_model.load("gs://bucket/models/resnet")
#   ^^^^^^^^^^^^^^^^^^^ MLH117 warning
b = tf.saved_model.load(snapshot_download("org/m"))
#   ^^^^^^^^^^^^^^^^^^^ MLH117 warning
#                       ^^^^^^^^^^^^^^^^^ MLH201 warning
c = tf.saved_model.load(export_dir="s3://bucket/model", tags=["serve"])
#   ^^^^^^^^^^^^^^^^^^^ MLH117 warning
`);
    });
  });

  describe('does not flag', () => {
    it('literal and constant paths, saving, shadowing', async () => {
      await expectFindings(`import tensorflow as tf
EXPORT = "exported/model"
a = tf.saved_model.load("exported/model")
b = tf.saved_model.load(EXPORT)
c = tf.saved_model.load(f"{EXPORT}/v1")
tf.saved_model.save(model, export_dir)

def f(tf):
    return tf.saved_model.load(export_dir)
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH117 and a bare # nosec', async () => {
      await expectFindings(`import tensorflow as tf
a = tf.saved_model.load(d)  # noqa: MLH117
b = tf.saved_model.load(d)  # nosec
c = tf.saved_model.load(d)  # noqa: S301
#   ^^^^^^^^^^^^^^^^^^^ MLH117 information
`);
    });

    it('offers only the noqa fix', async () => {
      const src = 'import tensorflow as tf\nm = tf.saved_model.load(d)\n';
      assert.deepEqual(await fixTitles(src, 'MLH117'), [['Suppress MLH117 on this line (# noqa: MLH117)']]);
      await expectFix(src, { code: 'MLH117', fix: 'noqa', expected: 'import tensorflow as tf\nm = tf.saved_model.load(d)  # noqa: MLH117\n' });
    });
  });
});
