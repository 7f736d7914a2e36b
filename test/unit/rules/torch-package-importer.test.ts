import { strict as assert } from 'assert';

import { expectFindings } from '../../helpers/expectFindings';
import { expectFix, fixTitles } from '../../helpers/fixes';

describe('MLH113 torch-package-importer', () => {
  describe('flags', () => {
    it('PackageImporter(...).load_pickle once, on load_pickle, through aliases and from-imports', async () => {
      const { findings } = await expectFindings(`import torch
from torch.package import PackageImporter
from torch.package import PackageImporter as PI
import torch.package.package_importer as tpi
a = torch.package.PackageImporter(p).load_pickle("model", "model.pkl")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 warning
b = PackageImporter(p).load_pickle("model", "model.pkl")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 warning
c = PI(p).load_pickle("model", "model.pkl")
#   ^^^^^^^^^^^^^^^^^ MLH113 warning
d = tpi.PackageImporter(p).load_pickle("m", "m.pkl")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 warning
`);
      assert.match(findings[0].message, /^`torch\.package\.PackageImporter\(p\)\.load_pickle` unpickles an object .*CWE-502/);
    });

    it('an importer held in a variable: the constructor and each load_pickle', async () => {
      const { findings } = await expectFindings(`from torch.package import PackageImporter
imp = PackageImporter("model.pt")
#     ^^^^^^^^^^^^^^^ MLH113 warning
model = imp.load_pickle("model", "model.pkl")
#       ^^^^^^^^^^^^^^^ MLH113 warning
mod = imp.import_module("model")

def load(path):
    importer = PackageImporter(path)
    #          ^^^^^^^^^^^^^^^ MLH113 warning
    return importer.load_pickle("m", "m.pkl")
    #      ^^^^^^^^^^^^^^^^^^^^ MLH113 warning
`);
      assert.match(findings[0].message, /opens a torch\.package archive; its `load_pickle` and `import_module` run the code/);
    });

    it('an archive from the network is an Error, also through the variable', async () => {
      await expectFindings(`import io
import requests
from torch.package import PackageImporter
a = PackageImporter(io.BytesIO(requests.get(url).content)).load_pickle("m", "m.pkl")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 error
imp = PackageImporter("https://example.com/model.pt")
#     ^^^^^^^^^^^^^^^ MLH113 error
m = imp.load_pickle("m", "m.pkl")
#   ^^^^^^^^^^^^^^^ MLH113 error
n = PackageImporter(file_or_buffer="https://example.com/m.pt").load_pickle("m", "m.pkl")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 error
`);
    });
  });

  describe('does not flag', () => {
    it('the exporter, shadowing and other load_pickle methods', async () => {
      await expectFindings(`from torch.package import PackageExporter
import torch
with PackageExporter(p) as exp:
    exp.save_pickle("m", "m.pkl", model)

def f(PackageImporter):
    return PackageImporter(p).load_pickle("m", "m.pkl")

x = store.load_pickle("m", "m.pkl")
`);
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH113 and a bare # nosec', async () => {
      await expectFindings(`from torch.package import PackageImporter
a = PackageImporter(p).load_pickle("m", "m.pkl")  # noqa: MLH113
b = PackageImporter(p).load_pickle("m", "m.pkl")  # nosec
c = PackageImporter(p).load_pickle("m", "m.pkl")  # noqa: S301
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH113 warning
`);
    });

    it('offers only the noqa fix', async () => {
      const src = 'from torch.package import PackageImporter\nimp = PackageImporter(p)\n';
      assert.deepEqual(await fixTitles(src, 'MLH113'), [['Suppress MLH113 on this line (# noqa: MLH113)']]);
      await expectFix(src, { code: 'MLH113', fix: 'noqa', expected: 'from torch.package import PackageImporter\nimp = PackageImporter(p)  # noqa: MLH113\n' });
    });
  });
});
