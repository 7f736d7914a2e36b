import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../../server/src/analysis/analyzer';
import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

const torch25: Partial<AnalysisOptions> = { project: { packages: new Map([['torch', { max: '2.5.1', source: 'requirements.txt' }]]) } };

describe('MLH118 hub-state-dict-unsafe', () => {
  describe('flags', () => {
    it('weights_only omitted is a Warning (its default is False), through every spelling', async () => {
      const { findings } = await expectFindings(`import torch
import torch.hub as th
from torch.hub import load_state_dict_from_url
from torch.utils import model_zoo
from torchvision.models.utils import load_state_dict_from_url as tv_load
a = torch.hub.load_state_dict_from_url(URL)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
b = th.load_state_dict_from_url(URL, map_location="cpu", check_hash=True)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
c = load_state_dict_from_url(URL, progress=False)
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
d = model_zoo.load_url(URL)
#   ^^^^^^^^^^^^^^^^^^ MLH118 warning
e = tv_load(URL)
#   ^^^^^^^ MLH118 warning
hub = torch.hub
f = hub.load_state_dict_from_url(URL)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
`);
      assert.match(findings[0].message, /^`torch\.hub\.load_state_dict_from_url` defaults to `weights_only=False` .*CWE-502/);
    });

    it('weights_only=False is an Error on the keyword; unknown values are Information', async () => {
      await expectFindings(`import torch
WO = False
a = torch.hub.load_state_dict_from_url(URL, weights_only=False)
#                                           ^^^^^^^^^^^^^^^^^^ MLH118 error
b = torch.hub.load_state_dict_from_url(URL, check_hash=True, weights_only=WO)
#                                                            ^^^^^^^^^^^^^^^ MLH118 error
c = torch.hub.load_state_dict_from_url(URL, None, None, True, True, None, False)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 error
d = torch.hub.load_state_dict_from_url(URL, weights_only=cfg.safe)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 information
e = torch.hub.load_state_dict_from_url(URL, **kw)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 information
`);
    });

    it('weights_only=True while the project allows torch < 2.6 is a Warning (CVE-2025-32434)', async () => {
      const { findings } = await expectFindings(`import torch
sd = torch.hub.load_state_dict_from_url(URL, weights_only=True)
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
`, torch25);
      assert.match(findings[0].message, /CVE-2025-32434/);
    });
  });

  describe('does not flag', () => {
    it('weights_only=True with check_hash=True (p18), or alone; torch.hub.load; shadowing', async () => {
      await expectFindings(`import torch
SAFE = True
a = torch.hub.load_state_dict_from_url(URL, check_hash=True, weights_only=True)
b = torch.hub.load_state_dict_from_url(URL, weights_only=SAFE)
c = torch.hub.load_state_dict_from_url(URL, **{"weights_only": True})
torch.hub.download_url_to_file(URL, dst)

def f(torch):
    return torch.hub.load_state_dict_from_url(URL)
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH118 and a bare # nosec, but not B614 or TOR102', async () => {
      await expectFindings(`import torch
a = torch.hub.load_state_dict_from_url(URL)  # noqa: MLH118
b = torch.hub.load_state_dict_from_url(URL)  # nosec
c = torch.hub.load_state_dict_from_url(URL)  # noqa: TOR102
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH118 warning
`);
    });
  });

  describe('quick-fixes', () => {
    it('adds or sets weights_only=True (preferred)', async () => {
      await expectFix('import torch\nsd = torch.hub.load_state_dict_from_url(URL, check_hash=True)\n', {
        code: 'MLH118',
        title: 'Set `weights_only=True`',
        expected: 'import torch\nsd = torch.hub.load_state_dict_from_url(URL, check_hash=True, weights_only=True)\n',
      });
      await expectFix('import torch\nsd = torch.hub.load_state_dict_from_url(URL, weights_only=False)\n', {
        code: 'MLH118',
        expected: 'import torch\nsd = torch.hub.load_state_dict_from_url(URL, weights_only=True)\n',
      });
      await expectFix('from torch.utils import model_zoo\nsd = model_zoo.load_url(\n    URL,\n    map_location="cpu",\n)\n', {
        code: 'MLH118',
        expected: 'from torch.utils import model_zoo\nsd = model_zoo.load_url(\n    URL,\n    map_location="cpu",\n    weights_only=True,\n)\n',
      });
    });

    it('offers only noqa when weights_only may come from unknown **kwargs', async () => {
      assert.deepEqual(await fixTitles('import torch\nsd = torch.hub.load_state_dict_from_url(URL, **kw)\n', 'MLH118'), [['Suppress MLH118 on this line (# noqa: MLH118)']]);
    });
  });
});
