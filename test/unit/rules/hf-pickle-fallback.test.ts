import { strict as assert } from 'assert';

import type { VersionFacts } from '../../../server/src/analysis/project';
import { allRules } from '../../../server/src/rules';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, expectMigration, fixAll, fixTitles } from '../../helpers/fixes';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
/** MLH203 alone: MLH201 also reports the unpinned loads (shown together in one test below). */
const ONLY = { rules: allRules.filter((r) => r.code === 'MLH203') };
const trusted = (...entries: string[]) => ({ ...ONLY, project: { packages: new Map(), trustedSources: entries } });

describe('MLH203 hf-pickle-fallback', () => {
  describe('flags', () => {
    it('use_safetensors=False on a Hub load: Error, on the keyword, through aliases and classes in variables', async () => {
      await expectFindings(`from transformers import AutoModel as AM
import diffusers
NO = False
a = AM.from_pretrained("org/m", use_safetensors=False)
#                               ^^^^^^^^^^^^^^^^^^^^^ MLH203 error
cls = AM
b = cls.from_pretrained("org/m", revision="${SHA}", use_safetensors=NO)
#                                                                                     ^^^^^^^^^^^^^^^^^^ MLH203 error
c = diffusers.StableDiffusionPipeline.from_pretrained(f"{org}/sd", use_safetensors=False)
#                                                                  ^^^^^^^^^^^^^^^^^^^^^ MLH203 error
`, ONLY);
    });

    it('use_safetensors absent or None: Information (with MLH201 for the unpinned load)', async () => {
      await expectFindings(`from transformers import AutoModelForCausalLM, PreTrainedModel
from diffusers import UNet2DConditionModel
class Mine(PreTrainedModel):
    pass
a = AutoModelForCausalLM.from_pretrained("gpt2")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH201 warning
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
b = UNet2DConditionModel.from_pretrained("org/sd", subfolder="unet", revision="${SHA}")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
c = Mine.from_pretrained("org/m", revision="${SHA}", use_safetensors=None)
#                                                                                      ^^^^^^^^^^^^^^^^^^^^ MLH203 information
`);
    });

    it('an unknown value is Information; pinned or offline loads still read Hub files', async () => {
      await expectFindings(`import os
from transformers import AutoModel
a = AutoModel.from_pretrained("org/m", use_safetensors=cfg.safe)
#                                      ^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
b = AutoModel.from_pretrained("org/m", local_files_only=True, use_safetensors=False)
#                                                             ^^^^^^^^^^^^^^^^^^^^^ MLH203 error
`, ONLY);
    });

    it('a class held in a tuple is checked as each class in turn (a tokenizer first does not hide the model)', async () => {
      await expectFindings(`from transformers import AutoModel, AutoTokenizer
for cls in (AutoTokenizer, AutoModel):
    cls.from_pretrained("org/m", use_safetensors=False)
#                                ^^^^^^^^^^^^^^^^^^^^^ MLH203 error
tok_cls, model_cls = AutoTokenizer, AutoModel
t = tok_cls.from_pretrained("org/m")
m = model_cls.from_pretrained("org/m")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
`, ONLY);
    });

    it('pairs of (repo id, class) one pair at a time: a pair of local checkpoints is not a Hub load', async () => {
      await expectFindings(`from transformers import AutoModel, AutoModelForCausalLM
for name, cls in [("./a", AutoModel), ("org/b", AutoModelForCausalLM)]:
    cls.from_pretrained(name)
#   ^^^^^^^^^^^^^^^^^^^ MLH203 information
for name, cls in [("./a", AutoModel), ("./b", AutoModelForCausalLM)]:
    cls.from_pretrained(name)
`, ONLY);
    });

    it('timm hf-hub models with pretrained=True, unless the overlay names a safetensors file', async () => {
      const { findings } = await expectFindings(`import timm
from timm import create_model as make
FILE = "open_clip_pytorch_model.bin"
a = timm.create_model("hf-hub:org/vit", pretrained=True)
#   ^^^^^^^^^^^^^^^^^ MLH203 information
b = make("hf_hub:org/vit@main", True, num_classes=10)
#   ^^^^ MLH203 information
c = timm.create_model("hf-hub:org/vit", pretrained=True, pretrained_cfg_overlay=dict(hf_hub_filename=FILE))
#                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
d = timm.create_model("hf-hub:org/vit", pretrained=flag)
#   ^^^^^^^^^^^^^^^^^ MLH203 information
`, ONLY);
      assert.match(findings[0].message, /falls back to the repository's pickle `pytorch_model\.bin`.*timm 1\.0\.9 and later unpickle it with `weights_only=True`.*pretrained_cfg_overlay=dict\(hf_hub_filename="model\.safetensors"\)/);
    });

    it('open_clip hf-hub models: Information by default, Error with weights_only=False', async () => {
      const { findings } = await expectFindings(`import open_clip
from open_clip import create_model_from_pretrained
m, pre_train, pre_val = open_clip.create_model_and_transforms("hf-hub:laion/CLIP-ViT-B-32")
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
m, pre = create_model_from_pretrained(model_name="hf-hub:org/clip", weights_only=False)
#                                                                   ^^^^^^^^^^^^^^^^^^ MLH203 error
m = open_clip.create_model("hf-hub:org/clip", device="cuda")
#   ^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
# The default, written out: the fallback still unpickles (with torch's restricted loader).
m = open_clip.create_model("hf-hub:org/clip", weights_only=True)
#   ^^^^^^^^^^^^^^^^^^^^^^ MLH203 information
`, ONLY);
      assert.match(findings[0].message, /`open_clip_pytorch_model\.bin`.*open_clip 2\.27 and later unpickle it with `weights_only=True`.*No argument forces safetensors/);
      assert.match(findings[1].message, /fully unpickles/);
    });

    it('SentenceTransformer and pipeline through model_kwargs', async () => {
      await expectFindings(`from sentence_transformers import SentenceTransformer
from transformers import pipeline
s = SentenceTransformer("org/m")
#   ^^^^^^^^^^^^^^^^^^^ MLH203 information
t = SentenceTransformer("org/m", model_kwargs={"torch_dtype": "auto", "use_safetensors": False})
#                                                                     ^^^^^^^^^^^^^^^^^^^^^^^^ MLH203 error
p = pipeline("text-classification", model="org/m")
#   ^^^^^^^^ MLH203 information
`, ONLY);
    });

    it('a local directory with use_safetensors=False is a Warning (still a pickle load), absent is not flagged', async () => {
      await expectFindings(`from pathlib import Path
from transformers import AutoModel
a = AutoModel.from_pretrained("./checkpoints/best", use_safetensors=False)
#                                                   ^^^^^^^^^^^^^^^^^^^^^ MLH203 warning
b = AutoModel.from_pretrained(Path("out") / "best")
`, ONLY);
    });
  });

  describe('does not flag', () => {
    it('use_safetensors=True (literal, constant, model_kwargs), tokenizers, configs, processors, schedulers, TF and Flax classes', async () => {
      await expectFindings(`from transformers import AutoModel, AutoTokenizer, AutoConfig, AutoProcessor, TFAutoModel, FlaxAutoModel, BertTokenizerFast
from diffusers import DDIMScheduler
from sentence_transformers import SentenceTransformer
SAFE = True
a = AutoModel.from_pretrained("org/m", use_safetensors=True)
b = AutoModel.from_pretrained("org/m", use_safetensors=SAFE)
c = AutoTokenizer.from_pretrained("org/m")
d = AutoConfig.from_pretrained("org/m")
e = AutoProcessor.from_pretrained("org/m")
f = DDIMScheduler.from_pretrained("org/sd", subfolder="scheduler")
g = TFAutoModel.from_pretrained("org/m")
h = FlaxAutoModel.from_pretrained("org/m")
i = BertTokenizerFast.from_pretrained("org/m")
s = SentenceTransformer("org/m", model_kwargs={"use_safetensors": True})
`, ONLY);
    });

    it('lookalikes from other packages, peft (no use_safetensors), unknown ** arguments, a trusted repository', async () => {
      await expectFindings(`from mylib import AutoModel as Mine
from peft import PeftModel
from transformers import AutoModel
import timm
a = Mine.from_pretrained("org/m")
b = PeftModel.from_pretrained(base, "org/adapter")
c = timm.create_model("hf-hub:my-org/vit", pretrained=True)
d = AutoModel.from_pretrained("org/m", **kwargs)
e = AutoModel.from_pretrained("my-org/m")
`, trusted('my-org/*'));
    });

    it('timm before 1.0.9 and open_clip before 2.27 (with torch before 2.6) unpickle the fallback fully: a Warning naming the version', async () => {
      const packages = new Map<string, VersionFacts>([
        ['timm', { min: '1.0.8', max: '1.0.8', source: 'uv.lock' }],
        ['open-clip-torch', { below: '2.27', source: 'requirements.txt' }],
      ]);
      const { findings } = await expectFindings(`import open_clip
import timm
a = timm.create_model("hf-hub:org/vit", pretrained=True)
#   ^^^^^^^^^^^^^^^^^ MLH203 warning
b = open_clip.create_model("hf-hub:org/clip")
#   ^^^^^^^^^^^^^^^^^^^^^^ MLH203 warning
`, { ...ONLY, project: { packages, trustedSources: [] } });
      assert.match(findings[0].message, /timm 1\.0\.8 \(uv\.lock\) unpickles it fully/);
      assert.match(findings[1].message, /open-clip-torch <2\.27 \(requirements\.txt\) unpickles it fully/);
      const newer = new Map([['timm', { min: '1.0.9', source: 'requirements.txt' }]]);
      const { findings: current } = await expectFindings(`import timm
a = timm.create_model("hf-hub:org/vit", pretrained=True)
#   ^^^^^^^^^^^^^^^^^ MLH203 information
`, { ...ONLY, project: { packages: newer, trustedSources: [] } });
      assert.match(current[0].message, /timm 1\.0\.9 and later unpickle it with `weights_only=True`/);
      // Older timm with torch >= 2.6: torch.load's own default is weights_only=True.
      const withTorch = new Map([...packages, ['torch', { min: '2.6', source: 'requirements.txt' }]]);
      await expectFindings(`import timm
a = timm.create_model("hf-hub:org/vit", pretrained=True)
#   ^^^^^^^^^^^^^^^^^ MLH203 information
`, { ...ONLY, project: { packages: withTorch, trustedSources: [] } });
    });

    it('timm and open_clip: no weights, non-Hub names, safetensors forced, lookalikes, unknown arguments', async () => {
      await expectFindings(`import open_clip
import timm
from mylib import create_model
a = timm.create_model("hf-hub:org/vit")
b = timm.create_model("hf-hub:org/vit", pretrained=False)
c = timm.create_model("resnet50", pretrained=True)
d = timm.create_model("hf-hub:org/vit", pretrained=True, pretrained_cfg_overlay=dict(hf_hub_filename="model.safetensors"))
e = timm.create_model("hf-hub:org/vit", pretrained=True, pretrained_cfg_overlay={"hf_hub_filename": "open_clip_model.safetensors"})
f = timm.create_model("hf-hub:org/vit", pretrained=True, **cfg)
g = timm.create_model("hf-hub:org/vit", pretrained=True, pretrained_cfg_overlay=overlay)
h = open_clip.create_model_and_transforms("ViT-B-32", pretrained="laion2b_s34b_b79k")
i = open_clip.create_model_and_transforms("local-dir:/models/clip")
k = open_clip.create_model("hf-hub:org/clip", weights_only=cfg.safe)
l = create_model("hf-hub:org/vit", pretrained=True)
`, ONLY);
    });

    it('suppressed by # noqa: MLH203', async () => {
      await expectFindings(`from transformers import AutoModel
a = AutoModel.from_pretrained("org/m", use_safetensors=False)  # noqa: MLH203
`, ONLY);
    });
  });

  describe('quick fix', () => {
    it('adds use_safetensors=True (preferred, so fix all applies it)', async () => {
      const source = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m")\n';
      const expected = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", use_safetensors=True)\n';
      await expectFix(source, { code: 'MLH203', title: 'Add use_safetensors=True', expected });
      assert.equal(await fixAll(source, ONLY), expected);
    });

    it('replaces False with True, not preferred (the repository may have only .bin files)', async () => {
      await expectMigration('from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    use_safetensors=False,\n)\n', {
        code: 'MLH203',
        title: 'Set use_safetensors=True',
        expected: 'from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    "org/m",\n    use_safetensors=True,\n)\n',
      });
    });

    it('adds model_kwargs, or the key to a model_kwargs dict literal, or sets it there', async () => {
      await expectFix('from sentence_transformers import SentenceTransformer\ns = SentenceTransformer("org/m")\n', {
        code: 'MLH203',
        title: 'in model_kwargs',
        expected: 'from sentence_transformers import SentenceTransformer\ns = SentenceTransformer("org/m", model_kwargs={"use_safetensors": True})\n',
      });
      await expectFix('from transformers import pipeline\np = pipeline("fill-mask", model="org/m", model_kwargs={"torch_dtype": "auto"})\n', {
        code: 'MLH203',
        expected: 'from transformers import pipeline\np = pipeline("fill-mask", model="org/m", model_kwargs={"use_safetensors": True, "torch_dtype": "auto"})\n',
      });
      await expectMigration('from sentence_transformers import SentenceTransformer\ns = SentenceTransformer("org/m", model_kwargs={"use_safetensors": False})\n', {
        code: 'MLH203',
        title: 'Set use_safetensors=True in model_kwargs',
        expected: 'from sentence_transformers import SentenceTransformer\ns = SentenceTransformer("org/m", model_kwargs={"use_safetensors": True})\n',
      });
    });

    it('timm: adds a safetensors pretrained_cfg_overlay (not preferred); open_clip: sets weights_only=True (preferred)', async () => {
      await expectMigration('import timm\nm = timm.create_model("hf-hub:org/vit", pretrained=True)\n', {
        code: 'MLH203',
        title: 'Add pretrained_cfg_overlay=dict(hf_hub_filename="model.safetensors")',
        remaining: 0,
        expected: 'import timm\nm = timm.create_model("hf-hub:org/vit", pretrained=True, pretrained_cfg_overlay=dict(hf_hub_filename="model.safetensors"))\n',
        options: ONLY,
      });
      await expectFix('import open_clip\nm = open_clip.create_model("hf-hub:org/clip", weights_only=False)\n', {
        code: 'MLH203',
        title: 'Set weights_only=True',
        remaining: 1,
        expected: 'import open_clip\nm = open_clip.create_model("hf-hub:org/clip", weights_only=True)\n',
        options: ONLY,
      });
      assert.deepEqual(await fixTitles('import open_clip\nm = open_clip.create_model("hf-hub:org/clip")\n', 'MLH203'), [['Suppress MLH203 on this line (# noqa: MLH203)']]);
    });

    it('offers no edit when the value comes from ** arguments or a shared dict', async () => {
      const titles = await fixTitles('from transformers import AutoModel\nKW = {"use_safetensors": False}\nm = AutoModel.from_pretrained("org/m", **KW)\n', 'MLH203');
      assert.deepEqual(titles, [['Suppress MLH203 on this line (# noqa: MLH203)']]);
    });
  });
});
