import { strict as assert } from 'assert';

import { mayHaveFindings } from '../../../server/src/analysis/analyzer';
import { allRules } from '../../../server/src/rules';
import { expectFindings } from '../../helpers/expectFindings';
import { expectMigration, fixTitles } from '../../helpers/fixes';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';

describe('MLH206 shell-model-download', () => {
  describe('flags', () => {
    it('an argv list: the element that names the download is underlined, through every subprocess spelling', async () => {
      const { findings } = await expectFindings(`import subprocess
from subprocess import run as sh
subprocess.run(["wget", "https://host/model.pt", "-O", "m.pt"], check=True)
#                       ^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
subprocess.call(["curl", "-L", "-o", "weights.ckpt", URL])
#                                                    ^^^ MLH206 warning
subprocess.check_call(("hf", "download", "org/m"))
#                                        ^^^^^^^ MLH206 warning
subprocess.check_output(["huggingface-cli", "download", "org/m", "--revision", "main"])
#                                                                              ^^^^^^ MLH206 warning
p = subprocess.Popen(args=["git", "clone", "https://huggingface.co/org/m"])
#                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
sh(["gsutil", "cp", "gs://bucket/model.pkl", "."])
#                   ^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
`);
      assert.match(findings[0].message, /^`wget` downloads the model file `m\.pt` .*CWE-494/);
      assert.match(findings[2].message, /add `--revision <40-hex sha>`/);
    });

    it('a command string: the part of the literal is underlined (os.system, os.popen, getoutput, shell=True)', async () => {
      await expectFindings(`import os, subprocess
os.system("wget https://host/model.pt && echo done")
#               ^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
out = os.popen("curl -sSLo w.ckpt https://host/x").read()
#                                 ^^^^^^^^^^^^^^ MLH206 warning
subprocess.getoutput("hf download org/m --local-dir m")
#                                 ^^^^^ MLH206 warning
subprocess.run("wget -q http://host/model.pkl", shell=True)
#                       ^^^^^^^^^^^^^^^^^^^^^ MLH206 error
subprocess.run(
    "huggingface-cli download org/m "
    "--revision v1.0",
#               ^^^^ MLH206 warning
    shell=True,
)
os.system("wget \\"https://host/a.pt\\"")
#               ^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
`);
    });

    it('f-strings, concatenation, " ".join and %-formatting whose fixed parts show a model download', async () => {
      await expectFindings(`import os, subprocess
os.system(f"wget {url} -O {out}/model.bin")
#                ^^^^^ MLH206 warning
subprocess.run("curl -sSLo weights.ckpt " + URL, shell=True)
#                                           ^^^ MLH206 warning
os.system(" ".join(["wget", url, "-O", "x.pkl"]))
#                           ^^^ MLH206 warning
os.system("wget %s -O model.pth" % url)
#               ^^ MLH206 warning
os.system("wget {} -O model.pth".format(url))
#               ^^ MLH206 warning
REPO = "org/m"
os.system(f"hf download {REPO}")
#                       ^^^^^^ MLH206 warning
URL = "https://host/model.pt"
os.system("wget -q " + URL + " -O m.pt")
#                      ^^^ MLH206 warning
os.system(f"wget {URL}")
#                ^^^^^ MLH206 warning
`);
      await expectFindings(`import shlex, subprocess
subprocess.run(shlex.split("wget -q https://host/model.pt"))
#                                   ^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
subprocess.run("hf download org/m --revision main".split())
#                                            ^^^^ MLH206 warning
subprocess.run(words.split("wget https://host/model.pt"))
`);
    });

    it('a list or string assigned earlier in the scope: the argument is underlined', async () => {
      await expectFindings(`import subprocess
def fetch():
    cmd = ["huggingface-cli", "download", "org/m"]
    subprocess.run(cmd)
#                  ^^^ MLH206 warning
    line = "wget https://host/model.onnx"
    subprocess.run(line, shell=True)
#                  ^^^^ MLH206 information
`);
      await expectFindings(`import subprocess
cmd = ["hf", "download", "org/m", "--revision", "${SHA}"]
subprocess.run(cmd)
cmd = ["wget", "https://host/model.pt"]
subprocess.run(cmd)
#              ^^^ MLH206 warning
if fetch_weights:
    cmd = ["hf", "download", "org/m"]
subprocess.run(cmd)
for url in urls:
    subprocess.run(cmd)
    cmd = ["hf", "download", "org/m"]
`);
    });

    it('bash -c / sh -c scripts in an argv list', async () => {
      await expectFindings(`import subprocess
subprocess.check_call(["bash", "-c", "cd /m && git clone https://huggingface.co/org/m"])
#                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
subprocess.run(["/bin/sh", "-ec", f"wget -O {dest}/m.pt {src}"])
#                                                       ^^^^^ MLH206 warning
`);
    });

    it('asyncio.create_subprocess_shell and create_subprocess_exec', async () => {
      await expectFindings(`import asyncio
URL = "https://host/model.pt"
async def main():
    await asyncio.create_subprocess_shell("wget https://host/model.pt")
#                                               ^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
    await asyncio.create_subprocess_exec("wget", URL)
#                                                ^^^ MLH206 warning
`);
    });

    it('unknown list parts leave a missing --revision unknown: Information', async () => {
      await expectFindings(`import subprocess
subprocess.run(["hf", "download", "org/m", *extra])
#                                 ^^^^^^^ MLH206 information
cmd = ["hf", "download", "org/m"]
cmd.append("--revision")
cmd.append(rev)
subprocess.run(cmd)
#              ^^^ MLH206 information
`);
      // A list rebound by \`+=\` is not followed at all.
      await expectFindings(`import subprocess
cmd = ["hf", "download", "org/m"]
cmd += ["--revision", rev]
subprocess.run(cmd)
`);
    });

    it('a digest check in the same function lowers it to Information', async () => {
      const { findings } = await expectFindings(`import hashlib, subprocess
def fetch():
    subprocess.run(["wget", "https://host/model.pt", "-O", "m.pt"], check=True)
#                           ^^^^^^^^^^^^^^^^^^^^^^^ MLH206 information
    if hashlib.sha256(open("m.pt", "rb").read()).hexdigest() != EXPECTED:
        raise ValueError("bad download")

def other():
    subprocess.run(["wget", "https://host/model.pt"])
#                           ^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
`);
      assert.match(findings[0].message, /a checksum or signature check was found nearby/);
      await expectFindings(`import subprocess
subprocess.run("wget https://host/m.pt && sha256sum -c m.pt.sha256", shell=True)
#                    ^^^^^^^^^^^^^^^^^ MLH206 information
`);
    });
  });

  describe('does not flag', () => {
    it('pinned Hub downloads and clones, non-model files, non-downloads', async () => {
      await expectFindings(`import os, subprocess
subprocess.run(["hf", "download", "org/m", "--revision", "${SHA}"])
os.system("huggingface-cli download org/m --revision=${SHA} --local-dir m")
os.system("git clone https://huggingface.co/org/m && git -C m checkout ${SHA}")
os.system("wget https://huggingface.co/org/m/resolve/${SHA}/model.safetensors")
subprocess.run(["wget", "https://host/data.csv"])
subprocess.run(["curl", "-o", "tokenizer.json", "https://host/tok"])
subprocess.run(["git", "clone", "https://github.com/org/code"])
subprocess.run(["curl", "-T", "model.pt", "https://host/upload/model.pt"])
os.system("echo model.pt > list.txt")
os.system("ls -la && pip install torch")
subprocess.run(["gsutil", "cp", "model.pt", "gs://bucket/model.pt"])
`);
    });

    it('commands built from unknown variables, and lookalikes that are not os or subprocess', async () => {
      await expectFindings(`import os, subprocess
subprocess.run(cmd)
subprocess.run([tool, url, "-O", dest])
os.system(command_line)
os.system(f"{tool} {args}")
subprocess.run(build_command("wget", "https://host/model.pt"))

class Shell:
    def system(self, c): ...
shell = Shell()
shell.system("wget https://host/model.pt")

def f(os):
    os.system("wget https://host/model.pt")

from mylib import system
system("wget https://host/model.pt")
`);
    });

    it('sources in trusted-sources', async () => {
      await expectFindings(
        `import os
os.system("hf download my-org/m; wget https://models.internal.example/m.pt")
os.system("wget https://elsewhere.example/m.pt")
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
`,
        { project: { packages: new Map(), trustedSources: ['my-org/*', 'models.internal.example'] } },
      );
    });
  });

  describe('suppression', () => {
    it('# noqa: MLH206 on the statement or the line above; only the noqa fix is offered', async () => {
      await expectFindings(`import os
os.system("wget https://host/model.pt")  # noqa: MLH206
# noqa: MLH206
os.system("wget https://host/model.pt")
os.system("wget https://host/model.pt")  # nosec
#               ^^^^^^^^^^^^^^^^^^^^^ MLH206 warning
`);
      assert.deepEqual(await fixTitles('import os\nos.system("wget https://host/model.pt")\n', 'MLH206'), [['Suppress MLH206 on this line (# noqa: MLH206)']]);
    });
  });

  describe('quick-fixes', () => {
    it('http:// to https:// in the URL as written (not preferred); the unverified download is still reported', async () => {
      await expectMigration('import subprocess\nsubprocess.run(["wget", "http://host/model.pkl", "-O", "m.pkl"])\n', {
        code: 'MLH206',
        title: 'Download over https://',
        expected: 'import subprocess\nsubprocess.run(["wget", "https://host/model.pkl", "-O", "m.pkl"])\n',
        remaining: 1,
      });
      await expectMigration('import os\nos.system(f"cd {d} && git clone http://huggingface.co/org/m")\n', {
        code: 'MLH206',
        title: 'Download over https://',
        expected: 'import os\nos.system(f"cd {d} && git clone https://huggingface.co/org/m")\n',
        remaining: 1,
      });
    });

    it('hf download: sets --revision to a <commit sha> placeholder in a list or a string (not preferred); the placeholder is still reported', async () => {
      const cases: Array<[string, string]> = [
        ['subprocess.run(["hf", "download", "org/m", "--local-dir", "m"])', 'subprocess.run(["hf", "download", "org/m", "--revision", "<commit sha>", "--local-dir", "m"])'],
        ["subprocess.run(['hf', 'download', 'org/m', '--revision', 'main'])", "subprocess.run(['hf', 'download', 'org/m', '--revision', '<commit sha>'])"],
        ['subprocess.run("huggingface-cli download org/m --local-dir m", shell=True)', `subprocess.run("huggingface-cli download org/m --revision '<commit sha>' --local-dir m", shell=True)`],
        ["os.system('hf download org/m --revision v1.0')", `os.system('hf download org/m --revision "<commit sha>"')`],
        ['os.system(f"hf download {REPO}")', `os.system(f"hf download {REPO} --revision '<commit sha>'")`],
        ['os.system("hf download org/m --revision=main")', `os.system("hf download org/m --revision='<commit sha>'")`],
      ];
      for (const [before, after] of cases) {
        const fix = await expectMigration(`import os, subprocess\nREPO = "org/m"\n${before}\n`, {
          code: 'MLH206',
          title: 'Set --revision to "<commit sha>"',
          expected: `import os, subprocess\nREPO = "org/m"\n${after}\n`,
          remaining: 1,
        });
        assert.equal(fix.preferred, false);
      }
      const { findings } = await expectFindings(`import os
os.system("hf download org/m --revision '<commit sha>'")
#                                       ^^^^^^^^^^^^^^ MLH206 warning
`);
      assert.match(findings[0].message, /the revision is still the `<commit sha>` placeholder/);
      // The repository is not written in a literal of the call: nothing to insert after.
      assert.deepEqual(await fixTitles('import os\nos.system("hf download " + REPO)\n', 'MLH206'), [['Suppress MLH206 on this line (# noqa: MLH206)']]);
    });

    it('offers only noqa for https URLs, TLS checks switched off, or a URL not written in the call', async () => {
      const noqa = [['Suppress MLH206 on this line (# noqa: MLH206)']];
      assert.deepEqual(await fixTitles('import os\nos.system("wget https://host/model.pt")\n', 'MLH206'), noqa);
      assert.deepEqual(await fixTitles('import os\nos.system("wget --no-check-certificate https://host/model.pt")\n', 'MLH206'), noqa);
      assert.deepEqual(await fixTitles('import os\nC = "wget http://host/model.pt"\nos.system(C)\n', 'MLH206'), noqa);
    });
  });

  describe('pre-filter', () => {
    it('a file that does not name subprocess, os or asyncio with a command function is not parsed', () => {
      assert.equal(mayHaveFindings('import json\nx = "wget https://host/model.pt"\n', allRules), false);
      assert.equal(mayHaveFindings('import os\np = os.path.join("a", "model.pt")\n', allRules), false);
      assert.equal(mayHaveFindings('import subprocess\nsubprocess.run(["wget", u])\n', allRules), true);
      assert.equal(mayHaveFindings('from os import system\nsystem("wget u")\n', allRules), true);
    });
  });
});
