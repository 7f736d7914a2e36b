import { strict as assert } from 'assert';

import { mayHaveFindings } from '../../../server/src/analysis/analyzer';
import { allRules } from '../../../server/src/rules';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, expectMigration, fixTitles } from '../../helpers/fixes';

const SHA = '1f0c2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
const trusted = (...entries: string[]) => ({ project: { packages: new Map(), trustedSources: entries } });

describe('MLH204 torch-hub-load', () => {
  describe('flags', () => {
    it('the default branch, a branch or a tag: Warning; through aliases and a module held in a variable (p15)', async () => {
      await expectFindings(`import torch
import torch.hub as th
from torch.hub import load as hub_load
a = torch.hub.load("pytorch/vision", "resnet18", pretrained=True)
#   ^^^^^^^^^^^^^^ MLH204 warning
b = th.load("ultralytics/yolov5:master", "yolov5s")
#   ^^^^^^^ MLH204 warning
c = hub_load("org/repo:v1.2", "m", source="github")
#   ^^^^^^^^ MLH204 warning
hub = torch.hub
d = hub.load("pytorch/vision", "resnet18")
#   ^^^^^^^^ MLH204 warning
`);
    });

    it('trust_repo=True or skip_validation=True escalates to Error', async () => {
      await expectFindings(`import torch
a = torch.hub.load("org/repo", "m", trust_repo=True)
#   ^^^^^^^^^^^^^^ MLH204 error
b = torch.hub.load("org/repo:main", "m", skip_validation=True)
#   ^^^^^^^^^^^^^^ MLH204 error
c = torch.hub.load(f"{owner}/repo", "m", trust_repo=True)
#   ^^^^^^^^^^^^^^ MLH204 warning
`);
    });

    it('a short hex ref, an unknown repository or source: Information', async () => {
      await expectFindings(`import torch
a = torch.hub.load("org/repo:1f0c2e8", "m")
#   ^^^^^^^^^^^^^^ MLH204 information
b = torch.hub.load(REPO, "m")
#   ^^^^^^^^^^^^^^ MLH204 information
c = torch.hub.load("org/repo", "m", source=cfg.source)
#   ^^^^^^^^^^^^^^ MLH204 information
`);
    });

    it('torch.hub.list and torch.hub.help import hubconf.py too (positional skip_validation and trust_repo)', async () => {
      await expectFindings(`import torch
a = torch.hub.list("pytorch/vision")
#   ^^^^^^^^^^^^^^ MLH204 warning
b = torch.hub.help("pytorch/vision", "resnet18", False, False, True)
#   ^^^^^^^^^^^^^^ MLH204 error
`);
    });

    it('a pinned commit with skip_validation=True is a Warning on the keyword (a fork\'s commit passes)', async () => {
      await expectFindings(`import torch
a = torch.hub.load("org/repo:${SHA}", "m", skip_validation=True)
#                                                                            ^^^^^^^^^^^^^^^^^^^^ MLH204 warning
`);
    });
  });

  describe('does not flag', () => {
    it('source="local" (p16), a 40-hex commit (p17) as literal or constant, trust_repo="check" on a pinned ref', async () => {
      await expectFindings(`import torch
REPO = "org/repo:${SHA}"
a = torch.hub.load("./hubrepo", "model", source="local")
b = torch.hub.load(here, "model", source="local", trust_repo=True)
c = torch.hub.load("org/repo:${SHA}", "m", trust_repo="check")
d = torch.hub.load(REPO, "m")
e = torch.hub.list("org/repo:${SHA}")
`);
    });

    it('lookalike hub.load functions from other packages, and a suppression', async () => {
      await expectFindings(`import paddle
from mylib import hub
import torch
a = paddle.hub.load("org/repo", "m")
b = hub.load("org/repo", "m")
c = torch.hub.load("org/repo", "m")  # noqa: MLH204
`);
    });

    it('a GitHub repository the project trusts by URL prefix or host (not by a Hub pattern); skip_validation still counts', async () => {
      await expectFindings(`import torch
a = torch.hub.load("my-org/detector", "m")
b = torch.hub.load("my-org/detector:main", "m", skip_validation=True)
#                                               ^^^^^^^^^^^^^^^^^^^^ MLH204 warning
`, trusted('https://github.com/my-org/'));
      await expectFindings(`import torch
a = torch.hub.load("my-org/detector", "m")
#   ^^^^^^^^^^^^^^ MLH204 warning
`, trusted('my-org/*'));
    });
  });

  describe('engine', () => {
    it('the pre-filter keeps a file with torch.hub.list/help', () => {
      assert.equal(mayHaveFindings('import torch\ntorch.hub.list("a/b")\n', allRules), true);
      assert.equal(mayHaveFindings('from torch import hub\nhub.help("a/b", "m")\n', allRules), true);
      assert.equal(mayHaveFindings('import torch.hub as th\nth.list("a/b")\n', allRules), true);
      // `torch` and `list` alone (nearly every ML file) do not make a parse: the path's `hub` is missing.
      assert.equal(mayHaveFindings('import torch\nx = list(torch.zeros(3))\nhelp(x)\n', allRules), false);
    });
  });

  describe('quick fix', () => {
    it('pins to a commit placeholder and sets trust_repo="check", not preferred; the finding then names the placeholder', async () => {
      const fix = await expectMigration(`import torch\nm = torch.hub.load('pytorch/vision:main', 'resnet18')\n`, {
        code: 'MLH204',
        title: 'Pin to a commit',
        expected: `import torch\nm = torch.hub.load('pytorch/vision:<commit sha>', 'resnet18', trust_repo="check")\n`,
        remaining: 1,
      });
      assert.match(fix.title, /trust_repo="check"/);
    });

    it('replaces trust_repo=True and skip_validation=True', async () => {
      await expectMigration('import torch\nm = torch.hub.load("org/repo", "m", trust_repo=True, skip_validation=True)\n', {
        code: 'MLH204',
        title: 'Pin to a commit',
        expected: 'import torch\nm = torch.hub.load("org/repo:<commit sha>", "m", trust_repo="check", skip_validation=False)\n',
        remaining: 1,
      });
      await expectMigration('import torch\nm = torch.hub.load(\n    "org/repo",\n    "m",\n    skip_validation=True,\n)\n', {
        code: 'MLH204',
        title: 'Pin to a commit',
        expected: 'import torch\nm = torch.hub.load(\n    "org/repo:<commit sha>",\n    "m",\n    trust_repo="check",\n)\n',
        remaining: 1,
      });
      await expectMigration('import torch\nm = torch.hub.help("org/repo", "m", False, True)\n', {
        code: 'MLH204',
        title: 'Pin to a commit',
        expected: 'import torch\nm = torch.hub.help("org/repo:<commit sha>", "m", False, False, trust_repo="check")\n',
        remaining: 1,
      });
    });

    it('removes skip_validation=True from a pinned load (preferred)', async () => {
      await expectFix(`import torch\nm = torch.hub.load("org/repo:${SHA}", "m", skip_validation=True)\n`, {
        code: 'MLH204',
        title: 'Remove `skip_validation=True`',
        expected: `import torch\nm = torch.hub.load("org/repo:${SHA}", "m")\n`,
      });
    });

    it('offers no pin for a repository that is not a literal', async () => {
      const titles = await fixTitles('import torch\nm = torch.hub.load(f"{org}/repo", "m")\n', 'MLH204');
      assert.deepEqual(titles, [['Suppress MLH204 on this line (# noqa: MLH204)']]);
    });
  });
});
