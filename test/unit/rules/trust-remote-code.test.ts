import { strict as assert } from 'assert';

import { allRules } from '../../../server/src/rules';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, expectMigration } from '../../helpers/fixes';
import { findingsOf } from '../../helpers/testParser';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
// MLH203 (no use_safetensors) reports most of these loads too; its own tests show the two together.
const WITHOUT_MLH203 = { rules: allRules.filter((r) => r.code !== 'MLH203') };

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
`, WITHOUT_MLH203);
    });

    it('code_revision on a mutable ref is an Error even with a pinned revision (p13)', async () => {
      await expectFindings(`from transformers import AutoModel
SHA = "${SHA}"
m = AutoModel.from_pretrained("org/m", revision=SHA, code_revision="main", trust_remote_code=True)
#                                                                          ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
n = AutoModel.from_pretrained("org/m", revision=SHA, code_revision=SHA, trust_remote_code=True)
#                                                                       ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
`, WITHOUT_MLH203);
    });

    it('pinned SentenceTransformer with remote code is a Warning (p14); an unknown value is Information', async () => {
      await expectFindings(`from sentence_transformers import SentenceTransformer
s = SentenceTransformer("org/m", revision="${SHA}", trust_remote_code=True)
#                                                                                     ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
t = SentenceTransformer("org/m", revision="${SHA}", trust_remote_code=flag)
#                                                                                     ^^^^^^^^^^^^^^^^^^^^^^ MLH202 information
`, WITHOUT_MLH203);
    });
  });

  describe('code_revision', () => {
    it('an unresolved code_revision with a pinned revision is a Warning that says so; no code_revision warns about auto_map', async () => {
      const { findings } = await expectFindings(`from transformers import AutoModel
SHA = "${SHA}"
m = AutoModel.from_pretrained("org/m", revision=SHA, code_revision=CODE_REV, trust_remote_code=True)
#                                                                            ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
n = AutoModel.from_pretrained("org/m", revision=SHA, trust_remote_code=True)
#                                                    ^^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
`, WITHOUT_MLH203);
      assert.match(findings[0].message, /`code_revision` cannot be proven/);
      assert.match(findings[1].message, /auto_map/);
    });
  });

  describe('from ** arguments', () => {
    it('pairs of (repo id, flag, class): the pair that trusts remote code', async () => {
      await expectFindings(`from transformers import AutoModel, AutoModelForCausalLM
SHA = "${SHA}"
for name, trc, cls in [("org/a", False, AutoModel), ("org/m", True, AutoModelForCausalLM)]:
    cls.from_pretrained(name, trust_remote_code=trc, revision=SHA)
#                             ^^^^^^^^^^^^^^^^^^^^^ MLH202 warning
for name, trc, cls in [("org/a", False, AutoModel), ("org/m", False, AutoModelForCausalLM)]:
    cls.from_pretrained(name, trust_remote_code=trc, revision=SHA)
`, WITHOUT_MLH203);
    });

    it('a literal dict unpacked with ** is read (an Error) but offers no removal', async () => {
      const { findings } = await expectFindings(`from transformers import AutoModel
m = AutoModel.from_pretrained("org/m", **{"trust_remote_code": True})
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
`, WITHOUT_MLH203);
      const remote = findings.find((f) => f.code === 'MLH202');
      assert.ok(remote, 'an MLH202 finding');
      assert.deepEqual(remote.fixes.filter((f) => /trust_remote_code/.test(f.title)), [], 'no removal of a key in a ** dict');
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
`, WITHOUT_MLH203);
    });

    it('# nosec B615 silences only the pinning finding, never the remote code', async () => {
      await expectFindings(`from transformers import AutoModel
m = AutoModel.from_pretrained("org/m", trust_remote_code=True)  # nosec B615
#                                      ^^^^^^^^^^^^^^^^^^^^^^ MLH202 error
`, WITHOUT_MLH203);
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

    it('pins a mutable code_revision to a placeholder (not preferred); the finding then names the placeholder', async () => {
      const source = `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}", code_revision="main", trust_remote_code=True)\n`;
      await expectMigration(source, {
        code: 'MLH202',
        title: 'Replace code_revision',
        expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}", code_revision="<commit sha>", trust_remote_code=True)\n`,
        remaining: 1,
      });
      const after = await findingsOf(`from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}", code_revision="<commit sha>", trust_remote_code=True)\n`);
      assert.match(after.find((f) => f.code === 'MLH202')!.message, /still the "<commit sha>" placeholder/);
    });

    it('removes it from a call laid out one argument per line', async () => {
      const source = `from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    trust_remote_code=True,\n    revision="main",\n)\n`;
      await expectFix(source, {
        code: 'MLH202',
        expected: `from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    revision="main",\n)\n`,
      });
      const after = await findingsOf(`from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    revision="main",\n)\n`, WITHOUT_MLH203);
      assert.deepEqual(after.map((f) => `${f.code} ${f.severity}`), ['MLH201 warning']);
    });
  });
});
