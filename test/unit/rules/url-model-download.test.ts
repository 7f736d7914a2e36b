import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../../server/src/analysis/analyzer';
import { expectFindings } from '../../helpers/expectFindings';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
const trusted = (...entries: string[]): Partial<AnalysisOptions> => ({ project: { packages: new Map(), trustedSources: entries } });

describe('MLH205 url-model-download', () => {
  describe('flags', () => {
    it('urlretrieve of a model file: Error over http, Warning over https, through imports, constants, f-strings and paths', async () => {
      const { findings } = await expectFindings(`import os
import urllib.request
from pathlib import Path
from urllib import request
from urllib.request import urlretrieve as fetch
BASE = "https://models.example.com/v2"
NAME = "resnet50"
_ = urllib.request.urlretrieve("http://models.example.com/resnet50.pt", "resnet50.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 error
_ = request.urlretrieve(f"{BASE}/{NAME}.onnx", "model.onnx")
#   ^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = fetch(url, os.path.join(cache_dir, "weights.h5"))
#   ^^^^^ MLH205 warning
_ = fetch(url, Path(cache_dir) / "clf.joblib")
#   ^^^^^ MLH205 warning
_ = fetch(f"{BASE}/{NAME}.pkl?download=1", dest)
#   ^^^^^ MLH205 warning
_ = fetch("ftp://mirror.example.com/m.gguf", dest)
#   ^^^^^ MLH205 error
`);
      assert.match(findings[0].message, /^`urllib\.request\.urlretrieve` downloads the model file http:\/\/models\.example\.com\/resnet50\.pt over plain HTTP: .*nothing checks its SHA-256; use an encrypted transport \(HTTPS\) and verify the file against the SHA-256 recorded when it was vetted \(CWE-494\)\.$/);
      assert.match(findings[1].message, /the model file https:\/\/models\.example\.com\/v2\/resnet50\.onnx /);
      assert.match(findings[2].message, /downloads a model file saved as …\/weights\.h5 /);
    });

    it('URLs and destinations built with +, through names', async () => {
      const { findings } = await expectFindings(`import urllib.request
MIRROR = "http://mirror.example.com/"
url = MIRROR + name + ".pt"
_ = urllib.request.urlretrieve(url, dest)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 error
_ = urllib.request.urlretrieve(source, cache_dir + "/" + name + ".safetensors")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = urllib.request.urlretrieve(MIRROR + "labels.txt", "labels.txt")
_ = urllib.request.urlretrieve(prefix + suffix, dest)
`);
      assert.match(findings[0].message, /the model file http:\/\/mirror\.example\.com\/\*\.pt over plain HTTP/);
    });

    it('requests and httpx bodies written to disk, looked through names, with blocks and loops', async () => {
      await expectFindings(`import shutil
import httpx
import requests

def a(dest):
    r = requests.get("https://example.com/model.bin", stream=True, timeout=30)
#       ^^^^^^^^^^^^ MLH205 warning
    r.raise_for_status()
    with open(dest, "wb") as f:
        for chunk in r.iter_content(chunk_size=1 << 20):
            f.write(chunk)

def b():
    open("model.ckpt", "wb").write(requests.get(url).content)
#                                  ^^^^^^^^^^^^ MLH205 warning

def c(url):
    with requests.get(url, stream=True) as r, open("weights.safetensors", "wb") as f:
#        ^^^^^^^^^^^^ MLH205 warning
        shutil.copyfileobj(r.raw, f)

def d(url):
    s = requests.Session()
    resp = s.get(url)
#          ^^^^^ MLH205 warning
    with open("w.npz", "wb") as out:
        out.write(resp.content)

def e(url):
    with httpx.stream("GET", "http://example.com/m.tflite") as r:
#        ^^^^^^^^^^^^ MLH205 error
        with open(dest, "wb") as f:
            for block in r.iter_bytes():
                f.write(block)

def f():
    data = httpx.Client().get("https://example.com/m.pb").content
#          ^^^^^^^^^^^^^^^^^^ MLH205 warning
    return data
`);
    });

    it('sessions and clients: requests.Session, httpx.Client/AsyncClient, aiohttp.ClientSession, also through with ... as', async () => {
      await expectFindings(`import aiofiles
import aiohttp
import httpx
import requests
from aiohttp import ClientSession

def a(url):
    with requests.Session() as s:
        r = s.get("https://example.com/model.pt")
#           ^^^^^ MLH205 warning
        open("model.pt", "wb").write(r.content)

def b():
    with requests.session() as s, open("m.onnx", "wb") as f:
        for chunk in s.get(URL + "/m.onnx", stream=True).iter_content(1 << 16):
#                    ^^^^^ MLH205 warning
            f.write(chunk)

def c():
    with httpx.Client() as client:
        data = client.get("http://example.com/m.safetensors").content
#              ^^^^^^^^^^ MLH205 error
    return data

async def d():
    async with httpx.AsyncClient() as c:
        r = await c.get("https://example.com/m.gguf")
#                 ^^^^^ MLH205 warning
    with open("m.gguf", "wb") as f:
        f.write(r.content)

async def e():
    async with httpx.AsyncClient(timeout=60) as c:
        async with c.stream("GET", "https://example.com/m.ckpt") as r:
#                  ^^^^^^^^ MLH205 warning
            async with aiofiles.open("m.ckpt", "wb") as f:
                async for block in r.aiter_bytes():
                    await f.write(block)

async def f(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
#                  ^^^^^^^^^^^ MLH205 warning
            data = await resp.read()
    with open("weights.pth", "wb") as out:
        out.write(data)

async def g():
    async with ClientSession() as session:
        resp = await session.get("http://example.com/clf.joblib")
#                    ^^^^^^^^^^^ MLH205 error
        with open(dest, "wb") as out:
            async for chunk in resp.content.iter_chunked(1 << 20):
                out.write(chunk)

async def h():
    async with aiohttp.request("GET", "https://example.com/m.h5") as resp:
#              ^^^^^^^^^^^^^^^ MLH205 warning
        return await resp.read()
`);
    });

    it('request("GET", url) of the modules, sessions and clients, when the method is GET', async () => {
      await expectFindings(`import aiohttp
import httpx
import requests

def a():
    open("m.pt", "wb").write(requests.request("GET", "https://example.com/m.pt").content)
#                            ^^^^^^^^^^^^^^^^ MLH205 warning
    with requests.Session() as s:
        r = s.request(method="get", url="http://example.com/m.bin", timeout=9)
#           ^^^^^^^^^ MLH205 error
        open("m.bin", "wb").write(r.content)

async def b():
    async with httpx.AsyncClient() as c:
        r = await c.request("GET", "https://example.com/m.onnx")
#                 ^^^^^^^^^ MLH205 warning
    return r.content

async def c():
    async with aiohttp.ClientSession() as session:
        async with session.request("GET", "https://example.com/m.h5") as resp:
#                  ^^^^^^^^^^^^^^^ MLH205 warning
            return await resp.read()

def d(verb):
    requests.request("POST", "https://example.com/m.pt", data=blob).content
    requests.request(verb, "https://example.com/m.pt").content
    httpx.request("PUT", "https://example.com/m.pt", content=blob).content
`);
    });

    it('six.moves.urllib: urlretrieve and urlopen, as from urllib', async () => {
      await expectFindings(`import six
from six.moves.urllib.request import urlretrieve
from six.moves.urllib import request
_ = urlretrieve("http://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^ MLH205 error
_ = six.moves.urllib.request.urlretrieve(url, "model.bin")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
data = request.urlopen("https://example.com/m.npz").read()
#      ^^^^^^^^^^^^^^^ MLH205 warning
urlretrieve("https://example.com/vocab.txt", "vocab.txt")
`);
    });

    it('urlopen when its bytes are written or handed on, also of a Request', async () => {
      await expectFindings(`import io
import shutil
import torch
from urllib.request import Request, urlopen

def a():
    with urlopen(Request("https://example.com/m.pth", headers=H)) as resp, open(out, "wb") as f:
#        ^^^^^^^ MLH205 warning
        shutil.copyfileobj(resp, f)

def b():
    data = urlopen("http://example.com/m.pkl").read()
#          ^^^^^^^ MLH205 error
    return data

def c():
    buf = io.BytesIO(urlopen("https://example.com/m.mar").read())
#                    ^^^^^^^ MLH205 warning
    return buf
`);
    });

    it('wget, gdown (also by id) and torch.hub.download_url_to_file', async () => {
      await expectFindings(`import gdown
import torch
import wget
path = wget.download("https://example.com/model.keras")
#      ^^^^^^^^^^^^^ MLH205 warning
_ = wget.download(url, out="model.hdf5")
#   ^^^^^^^^^^^^^ MLH205 warning
_ = gdown.download(id="1AbCdEf", output="checkpoint.ckpt", quiet=False)
#   ^^^^^^^^^^^^^^ MLH205 warning
_ = torch.hub.download_url_to_file("http://example.com/y.pt", "y.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 error
`);
    });

    it('Hugging Face resolve URLs at a mutable ref, whatever the file', async () => {
      const { findings } = await expectFindings(`import urllib.request
_ = urllib.request.urlretrieve("https://huggingface.co/org/m/resolve/main/config.json", "config.json")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = urllib.request.urlretrieve("https://hf.co/datasets/org/d/resolve/v1.0/data.npy", "data.npy")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = urllib.request.urlretrieve("https://huggingface.co/org/m/resolve/refs%2Fpr%2F3/x.bin", "x.bin")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = urllib.request.urlretrieve("https://huggingface.co/org/m/resolve/%E0%A4%A/x.bin", "x.bin")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
`);
      assert.match(findings[0].message, /at the mutable ref `main`: .*pin the URL to a 40-hex commit \(`resolve\/<sha>\/`\)/);
      assert.match(findings[2].message, /at the mutable ref `refs\/pr\/3`/);
      assert.match(findings[3].message, /at the mutable ref `%E0%A4%A`/);
    });

    it('load_state_dict_from_url: the download side, next to MLH118, unless check_hash=True verifies a hash prefix', async () => {
      const { findings } = await expectFindings(`import torch
URL = "https://download.pytorch.org/models/resnet18-f37072fd.pth"
a = torch.hub.load_state_dict_from_url(URL, weights_only=True)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
b = torch.hub.load_state_dict_from_url(URL, check_hash=True, weights_only=True)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 information
c = torch.hub.load_state_dict_from_url("https://example.com/plain.pth", check_hash=True, weights_only=True)
#                                                                       ^^^^^^^^^^^^^^^ MLH205 warning
d = torch.hub.load_state_dict_from_url("https://example.com/plain.pth", check_hash=cfg.check, weights_only=True)
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 information
`);
      assert.match(findings[1].message, /verifies only the 8 hex digits of its SHA-256 in the file name/);
      assert.match(findings[2].message, /`check_hash=True` verifies nothing here, since the file name "plain\.pth" carries no/);
    });

    it('an integrity check in the same scope lowers it to Information; the fix placeholder does not', async () => {
      await expectFindings(`import hashlib
import urllib.request
from hashlib import file_digest

def a():
    urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 information
    if hashlib.sha256(open("m.pt", "rb").read()).hexdigest() != EXPECTED:
        raise ValueError("bad")

def b():
    urllib.request.urlretrieve("http://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 information
    with open("m.pt", "rb") as f:
        assert file_digest(f, "sha256").hexdigest() == EXPECTED

def c():
    urllib.request.urlretrieve("http://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 error
    with open("m.pt", "rb") as f:
        if hashlib.file_digest(f, "sha256").hexdigest() != "<expected sha256>":
            raise ValueError("bad")

def d():
    urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
    print(hashlib.md5(open("m.pt", "rb").read()).hexdigest())

def sha256sum(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()

def e():
    urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
`);
    });
  });

  describe('does not flag', () => {
    it('data files, API calls, metadata-only responses and unresolvable URLs', async () => {
      await expectFindings(`import requests
import urllib.request
import wget
urllib.request.urlretrieve("https://example.com/labels.txt", "labels.txt")
urllib.request.urlretrieve("http://example.com/train.csv", "train.csv")
info = requests.get("https://api.example.com/models/m.pt").json()
ok = requests.get("https://example.com/m.pt").status_code == 200
requests.get("https://example.com/m.pt")
urllib.request.urlretrieve(url, dest)
wget.download(f"{base}/{name}")
`);
    });

    it('lookalikes: a dict .get, urlretrieve from another module, a shadowing parameter, a reference', async () => {
      await expectFindings(`import functools
import requests
from mylib.net import urlretrieve
cfg = {"weights": "model.pt"}
path = cfg.get("weights.pt")
urlretrieve("https://example.com/m.pt", "m.pt")
fetch = functools.partial(requests.get, timeout=10)

def f(requests):
    open("m.pt", "wb").write(requests.get("https://example.com/m.pt").content)
`);
    });

    it('sessions used for API calls, metadata or non-model files; lookalike sessions and context managers', async () => {
      await expectFindings(`import aiohttp
import httpx
import requests
from mylib import Session

def a():
    with requests.Session() as s:
        models = s.get("https://api.example.com/models/m.pt").json()
        ok = s.get("https://example.com/m.pt").status_code == 200
        s.get("https://example.com/m.pt")
        open("labels.txt", "wb").write(s.get("https://example.com/labels.txt").content)

async def b():
    async with httpx.AsyncClient() as c:
        r = await c.get("https://example.com/m.onnx")
        print(r.status_code, r.headers)
    async with aiohttp.ClientSession() as session:
        async with session.get("https://example.com/m.bin") as resp:
            meta = await resp.json()
            print(resp.status, await resp.text())

def c():
    with Session() as s:
        open("m.pt", "wb").write(s.get("https://example.com/m.pt").content)
    with open("urls.txt") as s:
        open("m.pt", "wb").write(s.get("https://example.com/m.pt").content)
    with requests.Session().get as s:
        open("m.pt", "wb").write(s("https://example.com/m.pt").content)
`);
    });

    it('a Hub URL pinned to a commit, and trusted sources (host, URL prefix, Hub pattern)', async () => {
      await expectFindings(`import urllib.request
urllib.request.urlretrieve("https://huggingface.co/org/m/resolve/${SHA}/model.safetensors", "m.safetensors")
`);
      await expectFindings(`import urllib.request
urllib.request.urlretrieve("https://models.internal.example/r50.pt", "r50.pt")
urllib.request.urlretrieve("https://cdn.example.com/mirror/ml/r50.pt", "r50.pt")
urllib.request.urlretrieve("https://huggingface.co/my-org/m/resolve/main/model.bin", "m.bin")
_ = urllib.request.urlretrieve("https://other.example.com/r50.pt", "r50.pt")
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
`, trusted('models.internal.example', 'https://cdn.example.com/mirror/', 'my-org/*'));
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH205, but not a bare # nosec or B310', async () => {
      await expectFindings(`import urllib.request
urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")  # noqa: MLH205
_ = urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")  # nosec
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
_ = urllib.request.urlretrieve("https://example.com/m.pt", "m.pt")  # nosec B310
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH205 warning
`);
    });
  });
});
