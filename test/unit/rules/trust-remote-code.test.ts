import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix } from '../../helpers/fixes';
import { findingsOf } from '../../helpers/testParser';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';

describe('MLH202 trust-remote-code', () => {
  describe('flags', () => {
    it('trust_remote_code=True on an unpinned load: Error (with MLH201 on the call)', async () => {
      await expectFindings(`from transformers import AutoConfig, AutoModel as AM
from datasets import load_dataset
cfg = AutoConfig.from_pretrained("org/m", trust_remote_code=True)
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
#                                         ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
cls = AM
m = cls.from_pretrained("org/m", revision="main", trust_remote_code=True)
#                                ^^^^^^^^^^^^^^^ MLH201 warning
#                                                 ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
d = load_dataset("org/ds", revision="${SHA}", trust_remote_code=True)
#                                                                               ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
`);
    });

    it('code_revision on a mutable ref is an Error even with a pinned revision (p13)', async () => {
      await expectFindings(`from transformers import AutoModel
SHA = "${SHA}"
m = AutoModel.from_pretrained("org/m", revision=SHA, code_revision="main", trust_remote_code=True)
#                                                                          ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
n = AutoModel.from_pretrained("org/m", revision=SHA, code_revision=SHA, trust_remote_code=True)
#                                                                       ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
`);
    });

    it('pinned SentenceTransformer with remote code is a Warning (p14); an unknown value is Information', async () => {
      await expectFindings(`from sentence_transformers import SentenceTransformer
s = SentenceTransformer("org/m", revision="${SHA}", trust_remote_code=True)
#                                                                                     ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
t = SentenceTransformer("org/m", revision="${SHA}", trust_remote_code=flag)
#                                                                                     ^^^^^^^^^^^^^^^^^^^^^^ MLH202 information
`);
    });
  });

  describe('from ** arguments', () => {
    it('a literal dict unpacked with ** is read (an Error) but offers no removal', async () => {
      const { findings } = await expectFindings(`from transformers import AutoModel
m = AutoModel.from_pretrained("org/m", **{"trust_remote_code": True})
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
`);
      const remote = findings.find((f) => f.code === 'MLH202');
      assert.equal(remote?.fixes.length, 1, 'only the noqa fix');
    });
  });

  describe('does not flag', () => {
    it('trust_remote_code=False, a local directory, a lookalike class, a suppression', async () => {
      await expectFindings(`from transformers import AutoModel
from mylib import Other
SHA = "${SHA}"
a = AutoModel.from_pretrained("org/m", revision=SHA, trust_remote_code=False)
b = AutoModel.from_pretrained("./local", trust_remote_code=True)
c = Other.from_pretrained("org/m", trust_remote_code=True)
d = AutoModel.from_pretrained("org/m", revision=SHA, trust_remote_code=True)  # noqa: MLH202
`);
    });

    it('# nosec B615 silences only the pinning finding, never the remote code', async () => {
      await expectFindings(`from transformers import AutoModel
m = AutoModel.from_pretrained("org/m", trust_remote_code=True)  # nosec B615
#                                      ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
`);
    });
  });

  describe('quick fix', () => {
    it('removes trust_remote_code=True (preferred); MLH202 is gone', async () => {
      const source = `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}", trust_remote_code=True)\n`;
      await expectFix(source, {
        code: 'MLH202',
        title: 'Remove',
        expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}")\n`,
      });
    });

    it('removes it from a call laid out one argument per line', async () => {
      const source = `from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    trust_remote_code=True,\n    revision="main",\n)\n`;
      await expectFix(source, {
        code: 'MLH202',
        expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    revision="main",\n)\n`,
      });
      const after = await findingsOf(`from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    revision="main",\n)\n`);
      assert.deepEqual(after.map((f) => `${f.code} ${f.severity}`), ['MLH201 warning']);
    });
  });
});
