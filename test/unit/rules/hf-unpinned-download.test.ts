import { strict as assert } from 'assert';

import { mayHaveFindings } from '../../../server/src/analysis/analyzer';
import { allRules } from '../../../server/src/rules';
import { expectFindings } from '../../helpers/expectFindings';
import { expectMigration, fixTitles } from '../../helpers/fixes';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
// MLH203 (no use_safetensors) reports most of these loads too; its own tests show the two together.
const WITHOUT_MLH203 = { rules: allRules.filter((r) => r.code !== 'MLH203') };

describe('MLH201 hf-unpinned-download', () => {
  describe('flags', () => {
    it('from_pretrained without a revision, through aliases and classes in variables', async () => {
      await expectFindings(`from transformers import AutoModel as AM, AutoTokenizer
import transformers
import diffusers
from peft import PeftModel
a = AM.from_pretrained("gpt2")
#   ^^^^^^^^^^^^^^^^^^ MLH201 warning
cls = AutoTokenizer
b = cls.from_pretrained("bert-base-uncased")
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
c = transformers.AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="org/m")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
d = diffusers.StableDiffusionPipeline.from_pretrained(f"{org}/sd")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
e = PeftModel.from_pretrained(base, "org/adapter")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });

    it('mutable refs (main, tags, refs/pr/N) on the revision keyword, at Warning', async () => {
      await expectFindings(`from transformers import AutoModel
REV = "main"
a = AutoModel.from_pretrained("org/m", revision=REV)
#                                      ^^^^^^^^^^^^ MLH201 warning
b = AutoModel.from_pretrained("org/m", revision="v1.0")
#                                      ^^^^^^^^^^^^^^^ MLH201 warning
c = AutoModel.from_pretrained("org/m", revision="refs/pr/3")
#                                      ^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });

    it('a short hex, an unknown revision (p10) and unknown arguments (p9) at Information', async () => {
      await expectFindings(`import os
from transformers import AutoModel
a = AutoModel.from_pretrained("org/m", revision="abc1234")
#                                      ^^^^^^^^^^^^^^^^^^ MLH201 information
b = AutoModel.from_pretrained(MODEL_ID, revision=os.environ["REV"])
#                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 information
c = AutoModel.from_pretrained(**cfg["model"])
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 information
`, WITHOUT_MLH203);
    });

    it('pipeline(model=...), SentenceTransformer, hf_hub_download, snapshot_download, HfApi, load_dataset, timm hf-hub', async () => {
      await expectFindings(`import timm
from transformers import pipeline
from sentence_transformers import SentenceTransformer
from huggingface_hub import hf_hub_download, snapshot_download, HfApi
from datasets import load_dataset
p = pipeline("text-classification", model="org/m")
#   ^^^^^^^^ MLH201 warning
s = SentenceTransformer("all-MiniLM-L6-v2")
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
f = hf_hub_download(repo_id="org/m", filename="model.pkl")
#   ^^^^^^^^^^^^^^^ MLH201 warning
g = snapshot_download("org/m")
#   ^^^^^^^^^^^^^^^^^ MLH201 warning
api = HfApi()
h = api.hf_hub_download("org/m", "a.bin")
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
i = HfApi().snapshot_download("org/m")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
d = load_dataset("org/ds")
#   ^^^^^^^^^^^^ MLH201 warning
t = timm.create_model("hf-hub:org/vit", pretrained=True)
#   ^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });

    it('classes held in tuples and lists: for loops, comprehensions, unpacking', async () => {
      const { findings } = await expectFindings(`from transformers import AutoModel, AutoTokenizer
from mylib import Mine, Other
SHA = "${SHA}"
for cls in (AutoModel, AutoTokenizer):
    cls.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
CLASSES = [AutoTokenizer, AutoModel]
objs = [c.from_pretrained("org/m") for c in CLASSES]
#       ^^^^^^^^^^^^^^^^^ MLH201 warning
model_cls, tok_cls = AutoModel, AutoTokenizer
m = model_cls.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
t = tok_cls.from_pretrained("org/m", revision=SHA)
for cls in (Mine, Other):
    cls.from_pretrained("org/m")
for cls in (Mine, AutoModel):
    cls.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
      assert.equal(findings.length, 4, 'one finding per call, not one per class');
    });

    it('pairs of (repo id, class) iterated with tuple unpacking: the class and the repo of each pair', async () => {
      const { findings } = await expectFindings(`from pathlib import Path
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer
from mylib import Mine
SHA = "${SHA}"
for name, cls in [("bert-base-uncased", AutoModel), ("gpt2", AutoModelForCausalLM)]:
    cls.from_pretrained(name)
#   ^^^^^^^^^^^^^^^^^^^ MLH201 warning
for (cls, name) in ((AutoTokenizer, "./tok"), (AutoModel, "org/m")):
    m = cls.from_pretrained(name)
#       ^^^^^^^^^^^^^^^^^^^ MLH201 warning
PAIRS = [("./ckpt", AutoModel), ("org/m", AutoTokenizer)]
models = [c.from_pretrained(n) for n, c in PAIRS]
#         ^^^^^^^^^^^^^^^^^ MLH201 warning
for name, rev, cls in [("org/a", SHA, AutoModel), ("org/b", "main", AutoModel)]:
    cls.from_pretrained(name, revision=rev)
#                             ^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
      assert.match(findings[0].message, /without `revision`: it fetches whatever `main` holds today/);
      assert.match(findings[3].message, /at a mutable ref/);
    });

    it('a subclass of a library class, called at module level', async () => {
      await expectFindings(`from transformers import PreTrainedModel
class Mine(PreTrainedModel):
    pass
m = Mine.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });

    it('pinning is per call (p12): a sibling pinned call does not pin the next one', async () => {
      await expectFindings(`from transformers import AutoModel, AutoTokenizer
SHA = "${SHA}"
tok = AutoTokenizer.from_pretrained(m, revision=SHA)
mdl = AutoModel.from_pretrained(m)
#     ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });
  });

  describe('does not flag', () => {
    it('pairs whose every repo is a local path, pinned, or loaded by a class of another package', async () => {
      await expectFindings(`import os
from pathlib import Path
from transformers import AutoModel, AutoTokenizer
from mylib import Mine, Other
SHA = "${SHA}"
for name, cls in [("./ckpt/bert", AutoModel), (Path("weights") / "gpt2", AutoTokenizer)]:
    cls.from_pretrained(name)
for name, cls in [(os.path.join("/data", "m"), AutoModel), ("/models/tok", AutoTokenizer)]:
    cls.from_pretrained(name)
for name, rev, cls in [("org/a", SHA, AutoModel), ("org/b", SHA, AutoTokenizer)]:
    cls.from_pretrained(name, revision=rev)
for name, cls in [("org/a", Mine), ("org/b", Other)]:
    cls.from_pretrained(name)
PAIRS = [("./ckpt", AutoModel), ("org/m", Mine)]
models = [c.from_pretrained(n) for n, c in PAIRS]
for name, cls in [("org/a", AutoModel)]:
    cls.from_pretrained("./local")
for i, cls in enumerate([AutoModel]):
    cls.from_pretrained("./local")
`, WITHOUT_MLH203);
    });

    it('a 40-hex revision, literal or module constant (p11), and a timm @sha suffix', async () => {
      await expectFindings(`from transformers import AutoModel
from huggingface_hub import hf_hub_download
import timm
REV = "${SHA}"
a = AutoModel.from_pretrained("org/m", revision=REV)
b = AutoModel.from_pretrained("org/m", revision="${SHA}")
c = hf_hub_download("org/m", "f.bin", revision=REV)
d = timm.create_model("hf-hub:org/vit@${SHA}")
NAME, PIN = "org/m", "${SHA}"
e = AutoModel.from_pretrained(NAME, revision=PIN)
OUT, STEPS = "./out/best", 10
f = AutoModel.from_pretrained(OUT)
`, WITHOUT_MLH203);
    });

    it('local paths of every kind, local_files_only=True', async () => {
      await expectFindings(`import os
import pathlib
from pathlib import Path
from transformers import AutoModel
a = AutoModel.from_pretrained("./checkpoints/m")
b = AutoModel.from_pretrained("../m")
c = AutoModel.from_pretrained("/opt/models/m")
d = AutoModel.from_pretrained("~/models/m")
e = AutoModel.from_pretrained("C:\\\\models\\\\m")
f = AutoModel.from_pretrained(Path("models/m"))
g = AutoModel.from_pretrained(pathlib.Path(here) / "m")
h = AutoModel.from_pretrained(os.path.join("/data", name))
LOCAL = os.path.join("./out", "best")
i = AutoModel.from_pretrained(pretrained_model_name_or_path=LOCAL)
j = AutoModel.from_pretrained(f"./runs/{run}")
k = AutoModel.from_pretrained("org/m", local_files_only=True)
from peft import PeftModel
l = PeftModel.from_pretrained(base, "./adapters/lora")
m = PeftModel.from_pretrained(base, model_id=Path("adapters") / "lora")
ROOT = "/home/me/checkpoints/"
n = AutoModel.from_pretrained(ROOT + name.split("/")[-1])
`, WITHOUT_MLH203);
    });

    it('HF_HUB_OFFLINE set in the file', async () => {
      await expectFindings(`import os
os.environ["HF_HUB_OFFLINE"] = "1"
from transformers import AutoModel
a = AutoModel.from_pretrained("org/m")
`, WITHOUT_MLH203);
    });

    it('HF_HUB_OFFLINE through setdefault; set to 0 it does not count', async () => {
      await expectFindings(`import os
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from transformers import AutoModel
a = AutoModel.from_pretrained("org/m")
`, WITHOUT_MLH203);
      await expectFindings(`import os
os.environ["HF_HUB_OFFLINE"] = "0"
from transformers import AutoModel
a = AutoModel.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });

    it('lookalike from_pretrained on classes of other packages, unknown receivers, cls and super() in a classmethod; pipeline without a model id; packaged dataset builders', async () => {
      await expectFindings(`from mylib import Model
from transformers import pipeline, PreTrainedModel
from datasets import load_dataset
a = Model.from_pretrained("org/m")
b = thing.from_pretrained("org/m")
c = pipeline("sentiment-analysis", model=loaded_model)
d = load_dataset("csv", data_files="a.csv")

class Wrapper(PreTrainedModel):
    @classmethod
    def load(cls, name):
        return super().from_pretrained(name), cls.from_pretrained(name)
`, WITHOUT_MLH203);
    });

    it('suppressed by # noqa: MLH201 and by # nosec B615, not by a bare # nosec', async () => {
      await expectFindings(`from transformers import AutoModel
a = AutoModel.from_pretrained("org/m")  # noqa: MLH201
b = AutoModel.from_pretrained("org/m")  # nosec B615
c = AutoModel.from_pretrained("org/m")  # nosec
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
`, WITHOUT_MLH203);
    });
  });

  describe('engine', () => {
    it('a file without from_pretrained or another sink word is not parsed', () => {
      assert.equal(mayHaveFindings('import transformers\nx = 1\n', allRules), false);
      assert.equal(mayHaveFindings('from transformers import X\nm = X.from_pretrained("a")\n', allRules), true);
      assert.equal(mayHaveFindings('import os, transformers\nm = X . from_pretrained("a")\n', allRules), true);
      assert.equal(mayHaveFindings('def f():\n    from diffusers.models import X\n    X.from_pretrained("a")\n', allRules), true);
      assert.equal(mayHaveFindings('T = importlib.import_module("transformers")\nT.AutoModel.from_pretrained("a")\n', allRules), true);
      // Library code that reaches its own classes through relative imports cannot match.
      assert.equal(mayHaveFindings('from ..models import X\n\'\'\'>>> from diffusers import X\'\'\'\nm = X.from_pretrained("a")\n', allRules), false);
      assert.equal(mayHaveFindings('from_pretrained = 1\n', allRules), false);
    });
  });

  describe('quick fix', () => {
    it('inserts a revision placeholder, never preferred; the finding then says it is a placeholder', async () => {
      const source = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m")\n';
      const fix = await expectMigration(source, {
        code: 'MLH201',
        title: 'placeholder',
        expected: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="<commit sha>")\n',
        remaining: 1,
      });
      assert.match(fix.title, /40-hex/);
    });

    it('replaces a mutable revision with the placeholder', async () => {
      await expectMigration('from huggingface_hub import hf_hub_download\np = hf_hub_download("org/m", "f.bin", revision="main")\n', {
        code: 'MLH201',
        title: 'placeholder',
        expected: 'from huggingface_hub import hf_hub_download\np = hf_hub_download("org/m", "f.bin", revision="<commit sha>")\n',
        remaining: 1,
      });
    });

    it('offers no revision keyword for a timm hf-hub name', async () => {
      const titles = await fixTitles('import timm\nm = timm.create_model("hf-hub:org/vit")\n', 'MLH201');
      assert.deepEqual(titles, [['Suppress MLH201 on this line (# noqa: MLH201)']]);
    });
  });
});
