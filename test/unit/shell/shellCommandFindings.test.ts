import { strict as assert } from 'assert';

import { NO_PROJECT, type ProjectFacts } from '../../../server/src/analysis/project';
import { shellCommandFindings } from '../../../server/src/rules/shared/shellDownloads';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
const project = (trustedSources: string[]): ProjectFacts => ({ packages: new Map(), trustedSources });

/** `underlined text: severity` for each finding of a command. */
function verdicts(command: string, facts: ProjectFacts = NO_PROJECT): string[] {
  return shellCommandFindings(command, facts).map((f) => `${command.slice(f.start, f.end)}: ${f.severity}`);
}

describe('shellCommandFindings (the API notebooks call)', () => {
  it('returns MLH206 findings with offsets into the command and a message naming the tool', () => {
    const [f] = shellCommandFindings('wget https://host/model.pth', NO_PROJECT);
    assert.deepEqual({ start: f.start, end: f.end, code: f.code, severity: f.severity }, { start: 5, end: 27, code: 'MLH206', severity: 'warning' });
    assert.match(f.message, /^`wget` downloads the model file `model\.pth` \(a format that can run code when loaded\) from https:\/\/host\/model\.pth; .*sha256sum -c.*\(CWE-494\)\.$/);
  });

  it('the notebook cases of rules.md: n1, n2, n3, n5, n6, n7, n8', () => {
    assert.deepEqual(verdicts('wget https://host/model.pth'), ['https://host/model.pth: warning']);
    assert.deepEqual(verdicts('curl -L -o weights.ckpt "$URL"'), ['"$URL": warning']);
    assert.deepEqual(verdicts('wget https://host/data.csv'), []);
    assert.deepEqual(verdicts('huggingface-cli download org/model --revision main'), ['main: warning']);
    assert.deepEqual(verdicts('git clone https://huggingface.co/org/model'), ['https://huggingface.co/org/model: warning']);
    assert.deepEqual(verdicts('wget https://host/model.onnx -O m.onnx'), ['https://host/model.onnx: information']);
    assert.deepEqual(verdicts('wget {MODEL_URL} -O {out}/model.bin'), ['{MODEL_URL}: warning']);
  });

  it('a %%bash cell body: offsets are relative to the body, across lines and continuations', () => {
    const cell = 'set -e\ncd /models\nwget -q \\\n  https://host/model.onnx -O m.onnx\nhf download org/m --local-dir m\n';
    assert.deepEqual(verdicts(cell), ['https://host/model.onnx: information', 'org/m: warning']);
  });

  it('plain http raises a level: a pickle-based file over http is an Error', () => {
    assert.deepEqual(verdicts('wget http://host/model.pkl'), ['http://host/model.pkl: error']);
    assert.deepEqual(verdicts('wget http://host/model.onnx'), ['http://host/model.onnx: warning']);
    assert.deepEqual(verdicts('curl -k -O https://host/model.pt'), ['https://host/model.pt: error']);
    assert.match(shellCommandFindings('curl -k -O https://host/model.pt', NO_PROJECT)[0].message, /TLS certificate checks switched off/);
    assert.deepEqual(verdicts('git clone http://huggingface.co/org/m'), ['http://huggingface.co/org/m: error']);
  });

  it('Hub URLs: resolve/main is a Warning, resolve/<40-hex> is not flagged over https', () => {
    assert.deepEqual(verdicts('wget https://huggingface.co/org/m/resolve/main/model.safetensors'), ['https://huggingface.co/org/m/resolve/main/model.safetensors: warning']);
    assert.match(shellCommandFindings('wget https://huggingface.co/org/m/resolve/main/x.bin', NO_PROJECT)[0].message, /replace `resolve\/main\/` in the URL with `resolve\/<40-hex sha>\/`/);
    assert.deepEqual(verdicts(`wget https://huggingface.co/org/m/resolve/${SHA}/pytorch_model.bin`), []);
    assert.deepEqual(verdicts(`wget http://huggingface.co/org/m/resolve/${SHA}/pytorch_model.bin`), [`http://huggingface.co/org/m/resolve/${SHA}/pytorch_model.bin: warning`]);
    assert.deepEqual(verdicts('wget http://huggingface.co/org/m/resolve/main/pytorch_model.bin'), ['http://huggingface.co/org/m/resolve/main/pytorch_model.bin: error']);
    assert.deepEqual(verdicts('wget https://huggingface.co/org/m/resolve/5d0f2e8/model.pt'), ['https://huggingface.co/org/m/resolve/5d0f2e8/model.pt: information']);
  });

  it('hf download: no --revision or a mutable one is a Warning saying to add --revision <40-hex sha>', () => {
    const [f] = shellCommandFindings('hf download org/m', NO_PROJECT);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^`hf download` of `org\/m` has no `--revision`: .*add `--revision <40-hex sha>`/);
    assert.deepEqual(verdicts(`hf download org/m --revision ${SHA}`), []);
    assert.deepEqual(verdicts('hf download org/m --revision 5d0f2e8'), ['5d0f2e8: information']);
    assert.deepEqual(verdicts('hf download org/m --revision $REV'), ['$REV: information']);
    assert.match(shellCommandFindings('hf download --repo-type dataset org/d', NO_PROJECT)[0].message, /of the dataset `org\/d`/);
  });

  it('git clone pinned by a later checkout of a full SHA is not flagged (git checks the content), even over http', () => {
    assert.deepEqual(verdicts(`git clone http://hf.co/org/m && git -C m checkout ${SHA}`), []);
    const [f] = shellCommandFindings('git clone https://hf.co/org/m weights', NO_PROJECT);
    assert.match(f.message, /follow it with `git -C weights checkout <40-hex sha>`/);
  });

  it('cloud copies of model files are Warnings (Information for data-only formats)', () => {
    assert.deepEqual(verdicts('gsutil cp gs://b/m.pt . && aws s3 cp s3://b/m.onnx ./m.onnx'), ['gs://b/m.pt: warning', 's3://b/m.onnx: information']);
  });

  it('a checksum check on the same line lowers every finding to Information', () => {
    const [f] = shellCommandFindings('wget https://host/m.pt && sha256sum -c m.pt.sha256', NO_PROJECT);
    assert.equal(f.severity, 'information');
    assert.match(f.message, /a checksum or signature check was found nearby/);
    assert.deepEqual(verdicts('hf download org/m && sha256sum --check SUMS'), ['org/m: information']);
  });

  it('trusted sources (Hub patterns, hosts, URL prefixes, bucket prefixes) are not flagged', () => {
    const trusted = project(['my-org/*', 'models.internal.example', 's3://ml-artifacts/']);
    assert.deepEqual(verdicts('hf download my-org/m; git clone https://huggingface.co/my-org/m', trusted), []);
    assert.deepEqual(verdicts('wget https://models.internal.example/m.pt; aws s3 cp s3://ml-artifacts/m.pt .', trusted), []);
    assert.deepEqual(verdicts('wget https://huggingface.co/my-org/m/resolve/main/model.bin', trusted), []);
    assert.deepEqual(verdicts('hf download other/m; wget https://elsewhere.example/m.pt', trusted), ['other/m: warning', 'https://elsewhere.example/m.pt: warning']);
    assert.deepEqual(verdicts('git clone https://www.modelscope.cn/my-org/m.git', trusted), ['https://www.modelscope.cn/my-org/m.git: warning']);
    assert.deepEqual(verdicts('git clone https://www.modelscope.cn/my-org/m.git', project(['https://www.modelscope.cn/my-org/'])), []);
  });

  it('non-downloads and odd input give nothing and never throw', () => {
    for (const command of ['', 'ls -la', 'pip install torch', 'echo wget https://h/m.pt', 'wget', 'curl -o', 'hf download', 'git clone', 'gsutil cp', '"', "'", '$(', '\\']) {
      assert.doesNotThrow(() => shellCommandFindings(command, NO_PROJECT), command);
    }
    assert.deepEqual(verdicts('echo wget https://h/m.pt; pip download torch'), []);
    assert.deepEqual(verdicts('hf download; hf download --revision main'), []);
  });

  it('random command lines built from shell syntax never throw, and underline ranges lie inside the command', () => {
    const pieces = ['wget ', 'curl -o ', 'hf download ', 'git clone ', 'gsutil cp ', 'bash -c ', 'https://h/m.pt', 'http://huggingface.co/o/m/resolve/main/x.bin', ' -O ', 'm.pkl', '"', "'", '\\', '\\\n', '$', '${', '$(', '`', '{', '}', ';', '&&', '|', '>', '2>', '<<E', '\n', ' ', '#', '=', '-', '--revision', SHA];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      let command = '';
      for (let k = Math.floor(next() * 14); k >= 0; k--) command += pieces[Math.floor(next() * pieces.length)];
      for (const f of shellCommandFindings(command, NO_PROJECT)) {
        assert.ok(f.start >= 0 && f.start < f.end && f.end <= command.length, JSON.stringify(command));
      }
    }
  });
});
