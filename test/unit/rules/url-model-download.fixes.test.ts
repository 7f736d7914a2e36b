import { strict as assert } from 'assert';

import { applyEdits } from '../../../server/src/analysis/applyFixes';
import { expectFix, expectMigration, expectParses, fixTitles } from '../../helpers/fixes';
import { findingsOf } from '../../helpers/testParser';

const VERIFY_FILE = 'Verify the SHA-256 of the downloaded file';
const VERIFY_BYTES = 'Verify the SHA-256 of the downloaded bytes';

describe('MLH205 url-model-download', () => {
  describe('quick-fixes', () => {
    it('inserts a streamed SHA-256 check of the file after the download, with import hashlib', async () => {
      await expectMigration('import urllib.request\n\nurllib.request.urlretrieve("https://example.com/m.pt", "m.pt")\nmodel = load("m.pt")\n', {
        code: 'MLH205',
        title: VERIFY_FILE,
        remaining: 1,
        expected: `import urllib.request
import hashlib

urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")
with open("m.pt", "rb") as downloaded:
    if hashlib.file_digest(downloaded, "sha256").hexdigest() != "<expected sha256>":
        raise ValueError(f"{downloaded.name} does not have the expected SHA-256: it is not the file that was vetted")
model = load("m.pt")
`,
      });
    });

    it('once the real digest is filled in, the finding is Information', async () => {
      const fixed = `import hashlib
import urllib.request

urllib.request.urlretrieve("http://example.com/m.pt", "m.pt")
with open("m.pt", "rb") as downloaded:
    if hashlib.file_digest(downloaded, "sha256").hexdigest() != "${'ab'.repeat(32)}":
        raise ValueError(f"{downloaded.name} does not have the expected SHA-256: it is not the file that was vetted")
`;
      const findings = (await findingsOf(fixed)).filter((f) => f.code === 'MLH205');
      assert.deepEqual(findings.map((f) => f.severity), ['information']);
      const placeholder = (await findingsOf(fixed.replace('ab'.repeat(32), '<expected sha256>'))).filter((f) => f.code === 'MLH205');
      assert.deepEqual(placeholder.map((f) => f.severity), ['error']);
      assert.match(placeholder[0].message, /the expected digest is still the "<expected sha256>" placeholder/);
    });

    it('indents in nested blocks, reuses an aliased hashlib, picks a free name, keeps a trailing comment', async () => {
      await expectMigration(`import hashlib as hl
import os
import wget

def fetch(root, downloaded):
    if not os.path.exists(root):
        path = wget.download("https://example.com/m.pt", out=root)  # cached
    return path
`, {
        code: 'MLH205',
        title: VERIFY_FILE,
        remaining: 1,
        expected: `import hashlib as hl
import os
import wget

def fetch(root, downloaded):
    if not os.path.exists(root):
        path = wget.download("https://example.com/m.pt", out=root)  # cached
        with open(path, "rb") as downloaded_1:
            if hl.file_digest(downloaded_1, "sha256").hexdigest() != "<expected sha256>":
                raise ValueError(f"{downloaded_1.name} does not have the expected SHA-256: it is not the file that was vetted")
    return path
`,
      });
    });

    it('gdown and wget: the output when it names a file, not a folder', async () => {
      await expectMigration('import gdown\ngdown.download(id="1AbC", output="clf.joblib")\n', {
        code: 'MLH205',
        title: VERIFY_FILE,
        remaining: 1,
        expected: 'import gdown\nimport hashlib\ngdown.download(id="1AbC", output="clf.joblib")\nwith open("clf.joblib", "rb") as downloaded:\n    if hashlib.file_digest(downloaded, "sha256").hexdigest() != "<expected sha256>":\n        raise ValueError(f"{downloaded.name} does not have the expected SHA-256: it is not the file that was vetted")\n',
      });
      assert.deepEqual(await fixTitles('import wget\nwget.download("https://example.com/m.pt", "downloads")\n', 'MLH205'), [['Suppress MLH205 on this line (# noqa: MLH205)']]);
    });

    it('after the with block that writes the file, with tabs when the file uses them', async () => {
      await expectMigration('import os\nimport requests\n\ndef get(d):\n\tr = requests.get("https://example.com/m.bin", stream=True)\n\twith open(os.path.join(d, "m.bin"), "wb") as f:\n\t\tfor chunk in r.iter_content(1 << 20):\n\t\t\tf.write(chunk)\n\treturn d\n', {
        code: 'MLH205',
        title: VERIFY_FILE,
        remaining: 1,
        expected: 'import os\nimport requests\nimport hashlib\n\ndef get(d):\n\tr = requests.get("https://example.com/m.bin", stream=True)\n\twith open(os.path.join(d, "m.bin"), "wb") as f:\n\t\tfor chunk in r.iter_content(1 << 20):\n\t\t\tf.write(chunk)\n\twith open(os.path.join(d, "m.bin"), "rb") as downloaded:\n\t\tif hashlib.file_digest(downloaded, "sha256").hexdigest() != "<expected sha256>":\n\t\t\traise ValueError(f"{downloaded.name} does not have the expected SHA-256: it is not the file that was vetted")\n\treturn d\n',
      });
    });

    it('reopens the file a close(), write_bytes or Path.open wrote, after the statement that completes it', async () => {
      const cases: Array<[string, RegExp]> = [
        ['r = requests.get("https://example.com/m.pt")\nf = open(dest, "wb")\nf.write(r.content)\nf.close()\nuse(dest)\n', /\nf\.close\(\)\nwith open\(dest, "rb"\) as downloaded:\n/],
        ['Path(out, "m.pt").write_bytes(requests.get(url).content)\n', /\.content\)\nwith open\(Path\(out, "m\.pt"\), "rb"\) as downloaded:\n/],
        ['r = requests.get(url, stream=True)\nwith (out / "m.onnx").open("wb") as f:\n    for chunk in r.iter_content():\n        f.write(chunk)\n', /\n {8}f\.write\(chunk\)\nwith open\(out \/ "m\.onnx", "rb"\) as downloaded:\n/],
      ];
      for (const [body, inserted] of cases) {
        const source = `import requests\nfrom pathlib import Path\n${body}`;
        const findings = (await findingsOf(source)).filter((f) => f.code === 'MLH205');
        const fix = findings[0]?.fixes.find((f) => f.title.startsWith(VERIFY_FILE));
        assert.ok(fix, source);
        const fixed = applyEdits(source, fix.edits);
        assert.match(fixed, inserted);
        await expectParses(fixed);
      }
    });

    it('checks the bytes when the body stays in memory (requests .content, urlopen read)', async () => {
      await expectMigration('import io\nimport requests\nimport torch\n\nr = requests.get("https://example.com/m.pt")\nsd = torch.load(io.BytesIO(r.content), weights_only=True)\n', {
        code: 'MLH205',
        title: VERIFY_BYTES,
        remaining: 1,
        expected: 'import io\nimport requests\nimport torch\nimport hashlib\n\nr = requests.get("https://example.com/m.pt")\nif hashlib.sha256(r.content).hexdigest() != "<expected sha256>":\n    raise ValueError("the downloaded bytes do not have the expected SHA-256: they are not the file that was vetted")\nsd = torch.load(io.BytesIO(r.content), weights_only=True)\n',
      });
      await expectMigration('import pickle\nfrom urllib.request import urlopen\n\ndef load(u):\n    data = urlopen("https://example.com/m.pkl").read()\n    return pickle.loads(data)\n', {
        code: 'MLH205',
        title: VERIFY_BYTES,
        remaining: 1,
        expected: 'import pickle\nfrom urllib.request import urlopen\nimport hashlib\n\ndef load(u):\n    data = urlopen("https://example.com/m.pkl").read()\n    if hashlib.sha256(data).hexdigest() != "<expected sha256>":\n        raise ValueError("the downloaded bytes do not have the expected SHA-256: they are not the file that was vetted")\n    return pickle.loads(data)\n',
      });
    });

    it('after a session or client download: the file written, or the bytes awaited from aiohttp', async () => {
      await expectMigration('import requests\n\nwith requests.Session() as s:\n    r = s.get("https://example.com/m.pt", stream=True)\n    with open("m.pt", "wb") as f:\n        for chunk in r.iter_content(1 << 20):\n            f.write(chunk)\n', {
        code: 'MLH205',
        title: VERIFY_FILE,
        remaining: 1,
        expected: 'import requests\nimport hashlib\n\nwith requests.Session() as s:\n    r = s.get("https://example.com/m.pt", stream=True)\n    with open("m.pt", "wb") as f:\n        for chunk in r.iter_content(1 << 20):\n            f.write(chunk)\n    with open("m.pt", "rb") as downloaded:\n        if hashlib.file_digest(downloaded, "sha256").hexdigest() != "<expected sha256>":\n            raise ValueError(f"{downloaded.name} does not have the expected SHA-256: it is not the file that was vetted")\n',
      });
      await expectMigration('import aiohttp\n\nasync def fetch(url):\n    async with aiohttp.ClientSession() as session:\n        async with session.get("https://example.com/m.pt") as resp:\n            data = await resp.read()\n    return torch.load(io.BytesIO(data), weights_only=True)\n', {
        code: 'MLH205',
        title: VERIFY_BYTES,
        remaining: 1,
        expected: 'import aiohttp\nimport hashlib\n\nasync def fetch(url):\n    async with aiohttp.ClientSession() as session:\n        async with session.get("https://example.com/m.pt") as resp:\n            data = await resp.read()\n            if hashlib.sha256(data).hexdigest() != "<expected sha256>":\n                raise ValueError("the downloaded bytes do not have the expected SHA-256: they are not the file that was vetted")\n    return torch.load(io.BytesIO(data), weights_only=True)\n',
      });
    });

    it('download_url_to_file gets hash_prefix; load_state_dict_from_url gets check_hash=True (preferred)', async () => {
      await expectMigration('import torch\ntorch.hub.download_url_to_file("https://example.com/y.pt", "y.pt", progress=False)\n', {
        code: 'MLH205',
        title: 'Set hash_prefix=',
        remaining: 1,
        expected: 'import torch\ntorch.hub.download_url_to_file("https://example.com/y.pt", "y.pt", progress=False, hash_prefix="<expected sha256>")\n',
      });
      await expectFix('import torch\nsd = torch.hub.load_state_dict_from_url("https://download.pytorch.org/models/resnet18-f37072fd.pth", weights_only=True)\n', {
        code: 'MLH205',
        title: 'Set `check_hash=True`',
        remaining: 1,
        expected: 'import torch\nsd = torch.hub.load_state_dict_from_url("https://download.pytorch.org/models/resnet18-f37072fd.pth", weights_only=True, check_hash=True)\n',
      });
    });

    it('is not offered when the download cannot be named again or no line fits', async () => {
      const noqaOnly = [['Suppress MLH205 on this line (# noqa: MLH205)']];
      // The body read inline, a streamed body, a destination made by a call, a one-line if, a statement sharing its line.
      for (const source of [
        'import io, requests, torch\nsd = torch.load(io.BytesIO(requests.get("https://example.com/m.pt").content))\n',
        'import requests\nr = requests.get("https://example.com/m.pt", stream=True)\nkeep(r.content)\n',
        'import tempfile, urllib.request\nurllib.request.urlretrieve("https://example.com/m.pt", tempfile.mktemp(suffix=".pt"))\n',
        'import urllib.request\nif missing: urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")\n',
        'import urllib.request\nurllib.request.urlretrieve("https://example.com/m.pt", "m.pt"); x = 1\n',
        'import urllib.request\nwith open(urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")[0], "rb") as f:\n    pass\n',
        'import torch\nsd = torch.hub.load_state_dict_from_url("https://example.com/plain.pth", weights_only=True)\n',
      ]) {
        assert.deepEqual(await fixTitles(source, 'MLH205'), noqaOnly, source);
      }
    });
  });
});
