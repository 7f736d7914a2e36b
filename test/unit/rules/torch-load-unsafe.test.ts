import { strict as assert } from 'assert';

import type { AnalysisOptions } from '../../../server/src/analysis/analyzer';
import type { VersionFacts } from '../../../server/src/analysis/project';
import { expectFindings } from '../../helpers/expectFindings';

function torch(facts: Omit<VersionFacts, 'source'>): Partial<AnalysisOptions> {
  return { project: { packages: new Map([['torch', { ...facts, source: 'requirements.txt' }]]) } };
}

describe('MLH110 torch-load-unsafe', () => {
  describe('flags', () => {
    it('torch.load without weights_only, through every import spelling', async () => {
      await expectFindings(`import torch
import torch as T
import torch.serialization as ser
from torch import load as tload
from torch.serialization import load as sload
a = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
b = T.load(p)
#   ^^^^^^ MLH110 warning
c = ser.load(p)
#   ^^^^^^^^ MLH110 warning
d = tload(p)
#   ^^^^^ MLH110 warning
e = sload(p)
#   ^^^^^ MLH110 warning
f = torch.serialization.load(p)
#   ^^^^^^^^^^^^^^^^^^^^^^^^ MLH110 warning
`);
    });

    it('a star import, a local import and a TYPE_CHECKING-else runtime import', async () => {
      await expectFindings(`from torch import *
a = load(p)
#   ^^^^ MLH110 warning

def g(p):
    import torch.serialization as ts
    return ts.load(p)
    #      ^^^^^^^ MLH110 warning
`);
    });

    it('functions and modules held in variables (p1, p15-like), getattr (p7), import_module', async () => {
      await expectFindings(`import importlib
import torch
load = torch.load
sd = load(p)
#    ^^^^ MLH110 warning
ser = torch.serialization
sd = ser.load(p)
#    ^^^^^^^^ MLH110 warning
sd = getattr(torch, "load")(p)
#    ^^^^^^^^^^^^^^^^^^^^^^ MLH110 warning
fn = getattr(torch, "load")
sd = fn(p)
#    ^^ MLH110 warning
t = importlib.import_module("torch")
sd = t.load(p)
#    ^^^^^^ MLH110 warning
`);
    });

    it('weights_only=False is an Error, on the keyword, also through a constant and a dict literal', async () => {
      await expectFindings(`import torch
WO = False
a = torch.load(p, weights_only=False)
#                 ^^^^^^^^^^^^^^^^^^ MLH110 error
b = torch.load(p, weights_only=WO)
#                 ^^^^^^^^^^^^^^^ MLH110 error
c = torch.load(p, **{"weights_only": False})
#   ^^^^^^^^^^ MLH110 error
kw = {"weights_only": 0}
d = torch.load(p, **kw)
#   ^^^^^^^^^^ MLH110 error
`);
    });

    it('an unresolvable weights_only or **kwargs is Information', async () => {
      await expectFindings(`import torch
a = torch.load(p, weights_only=cfg.safe)
#   ^^^^^^^^^^ MLH110 information
b = torch.load(p, **opts)
#   ^^^^^^^^^^ MLH110 information
c = torch.load(p, **{"map_location": "cpu", **opts})
#   ^^^^^^^^^^ MLH110 information
`);
    });

    it('pickle_module= always unpickles', async () => {
      await expectFindings(`import pickle, torch
a = torch.load(p, pickle_module=pickle)
#   ^^^^^^^^^^ MLH110 warning
`);
    });

    it('f-string paths (p5) are ordinary; remote sources (p6) are an Error', async () => {
      await expectFindings(`import io
import requests
import torch
from urllib.request import urlopen
ckpt = torch.load(f"{run_dir}/epoch_{e}.pt", map_location=dev)
#      ^^^^^^^^^^ MLH110 warning
a = torch.load(io.BytesIO(requests.get(url).content))
#   ^^^^^^^^^^ MLH110 error
b = torch.load(urlopen(url))
#   ^^^^^^^^^^ MLH110 error
c = torch.load("https://example.com/model.pt")
#   ^^^^^^^^^^ MLH110 error
d = torch.load(f"s3://{bucket}/model.pt")
#   ^^^^^^^^^^ MLH110 error
`);
    });

    it('remote bytes through a variable bound once in the same scope are an Error too', async () => {
      const { findings } = await expectFindings(`import io
import requests
import torch
from urllib.request import urlopen

def a(url):
    r = requests.get(url, timeout=30)
    return torch.load(io.BytesIO(r.content))
#          ^^^^^^^^^^ MLH110 error

def b(url):
    with urlopen(url) as resp:
        return torch.load(resp)
#              ^^^^^^^^^^ MLH110 error

def c(url):
    r = requests.get(url)
    buf = io.BytesIO(r.content)
    return torch.load(buf)
#          ^^^^^^^^^^ MLH110 error

r = requests.get(url)

def d(p):
    return torch.load(io.BytesIO(r.content))
#          ^^^^^^^^^^ MLH110 warning

def e(url, local):
    r = requests.get(url)
    if local:
        r = open(local, "rb")
    return torch.load(r)
#          ^^^^^^^^^^ MLH110 warning
`);
      assert.match(findings[0].message, /^`torch\.load` unpickles bytes fetched from `requests\.get\(\.\.\.\)`/);
    });

    it('remote bytes from session and client downloads (requests, httpx, aiohttp) are an Error', async () => {
      await expectFindings(`import io
import aiohttp
import httpx
import requests
import torch

def a(url):
    with requests.Session() as s:
        return torch.load(io.BytesIO(s.get(url).content))
#              ^^^^^^^^^^ MLH110 error

async def b(url):
    async with httpx.AsyncClient() as c:
        r = await c.get(url)
    return torch.load(io.BytesIO(r.content))
#          ^^^^^^^^^^ MLH110 error

async def c(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            data = await resp.read()
    return torch.load(io.BytesIO(data))
#          ^^^^^^^^^^ MLH110 error
`);
    });

    it('the unsafe fallback of a try-safe-then-unsafe load', async () => {
      const { findings } = await expectFindings(`import torch
try:
    sd = torch.load(p, weights_only=True)
except Exception:
    sd = torch.load(p, weights_only=False)
    #                  ^^^^^^^^^^^^^^^^^^ MLH110 error
`);
      assert.match(findings[0].message, /fallback of a safe load/);
    });

    it('references passed as values are Information (p8)', async () => {
      await expectFindings(`import torch
sds = list(map(torch.load, files))
#              ^^^^^^^^^^ MLH110 information
loaders = (torch.load, json.load)
#          ^^^^^^^^^^ MLH110 information
`);
    });

    it('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD turns the 2.6 default off', async () => {
      await expectFindings(`import os, torch
os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"
a = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
`, torch({ min: '2.6' }));
    });
  });

  describe('does not flag', () => {
    it('weights_only=True, literally, by constant or in a dict literal', async () => {
      await expectFindings(`import torch
SAFE = True
a = torch.load(p, weights_only=True)
b = torch.load(p, map_location="cpu", weights_only=SAFE)
kw = {"weights_only": True}
c = torch.load(p, **kw)
d = torch.load(p, **dict(weights_only=True))
model.load_state_dict(torch.load(p, weights_only=True))
`);
    });

    it('a safe API bound to the same name (p2), a parameter (p3), a local rebinding (p4)', async () => {
      await expectFindings(`import torch
from safetensors.torch import load_file as load
sd = load(p)

def f(torch):
    return torch.load(b)

def g():
    import numpy as torch
    torch.load(p)

def h():
    class torch:
        @staticmethod
        def load(p): return p
    return torch.load(p)
`);
    });

    it('a def that shadows an imported load', async () => {
      await expectFindings(`from torch import load

def load(p):
    return open(p).read()

x = load(p)
`);
    });

    it('TYPE_CHECKING-only imports (p26)', async () => {
      await expectFindings(`from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import torch
else:
    from modules.safe import unsafe_torch_load
sd = unsafe_torch_load(p)
x = torch.load(p)
`);
    });

    it('other torch loaders, strings and comments', async () => {
      await expectFindings(`import torch
m = torch.jit.load(p)
#   ^^^^^^^^^^^^^^ MLH112 information
ext = torch.utils.cpp_extension.load(name="x", sources=["x.cpp"])
s = "torch.load(p)"
# torch.load(p)
torch.save(model.state_dict(), p)
`);
    });
  });

  describe('torch version', () => {
    it('torch >= 2.6 makes an omitted weights_only Information', async () => {
      const { findings } = await expectFindings(`import torch
a = torch.load(p)
#   ^^^^^^^^^^ MLH110 information
b = torch.load(p, weights_only=True)
c = torch.load(p, weights_only=False)
#                 ^^^^^^^^^^^^^^^^^^ MLH110 error
`, torch({ min: '2.6' }));
      assert.match(findings[0].message, /requirements\.txt/);
    });

    it('torch <= 2.5.1 makes weights_only=True a Warning (CVE-2025-32434)', async () => {
      const { findings } = await expectFindings(`import torch
a = torch.load(p, weights_only=True)
#   ^^^^^^^^^^ MLH110 warning
b = torch.load(p)
#   ^^^^^^^^^^ MLH110 warning
`, torch({ max: '2.5.1' }));
      assert.match(findings[0].message, /CVE-2025-32434/);
    });

    it('torch < 2.6 also makes weights_only=True a Warning', async () => {
      await expectFindings(`import torch
a = torch.load(p, weights_only=True)
#   ^^^^^^^^^^ MLH110 warning
`, torch({ below: '2.6' }));
    });

    it('an unbounded or newer torch keeps weights_only=True clean', async () => {
      await expectFindings(`import torch
a = torch.load(p, weights_only=True)
`, torch({ min: '2.1' }));
      await expectFindings(`import torch
a = torch.load(p, weights_only=True)
`, torch({ max: '2.6.0' }));
    });
  });
});
