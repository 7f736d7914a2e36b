import { strict as assert } from 'assert';

import { maskCell } from '../../../server/src/analysis/notebook/ipython';
import { testParser } from '../../helpers/testParser';

/** The masked code, and the shell commands found, as text. */
function mask(text: string): { code: string; shell: string[] } {
  const m = maskCell(text);
  assert.equal(m.code.length, text.length, 'same length');
  assert.equal(m.code.replace(/[^\r\n]/g, ''), text.replace(/[^\r\n]/g, ''), 'line breaks kept');
  return { code: m.code, shell: m.shell.map((s) => text.slice(s.start, s.end)) };
}

/** What a masked escape becomes: `_` and spaces, line breaks kept. */
function inert(s: string): string {
  return `_${s.slice(1).replace(/[^\r\n]/g, ' ')}`;
}

async function parsesCleanly(code: string): Promise<void> {
  const tree = (await testParser()).parse(code);
  try {
    assert.equal(tree?.rootNode.hasError, false, `parse errors in:\n${code}`);
  } finally {
    tree?.delete();
  }
}

describe('masking IPython syntax in a cell', () => {
  it('leaves plain Python as it is', () => {
    const text = 'import torch\nx = {"a": 1}  # %not a magic\ny = x if x else None\n';
    assert.equal(mask(text).code, text);
  });

  it('turns !cmd and !!cmd into an inert name, and records the commands', async () => {
    const { code, shell } = mask('!wget https://host/model.pth\nif ok:\n    !!ls -la\nx = 1\n');
    assert.equal(code, '_                           \nif ok:\n    _       \nx = 1\n');
    assert.deepEqual(shell, ['wget https://host/model.pth', 'ls -la']);
    await parsesCleanly(code);
  });

  it('x = !cmd and x = %magic keep the assignment', async () => {
    const { code, shell } = mask('files = !ls *.pt\nenv = %env\nout = %sx curl -O https://h/m.bin\n');
    assert.equal(code, `files = ${inert('!ls *.pt')}\nenv = ${inert('%env')}\nout = ${inert('%sx curl -O https://h/m.bin')}\n`);
    assert.deepEqual(shell, ['ls *.pt', 'curl -O https://h/m.bin']);
    await parsesCleanly(code);
  });

  it('line magics are inert; %pip is a shell command to check', async () => {
    const { code, shell } = mask('%matplotlib inline\n%pip install transformers==4.44.0\n%load_ext autoreload\n');
    assert.equal(code, '_                 \n_                                \n_                   \n');
    assert.deepEqual(shell, ['pip install transformers==4.44.0']);
    await parsesCleanly(code);
  });

  it('keeps the Python statement after %time, %timeit (with options) and %prun', async () => {
    const { code } = mask('%time sd = torch.load(p)\n%timeit -n 10 -r3 f(x)\nr = %time g()\n%prun -q h()\n%time\n');
    assert.equal(code, '      sd = torch.load(p)\n                  f(x)\nr =       g()\n         h()\n_    \n');
    await parsesCleanly(code);
  });

  it('help with ? and ?? before or after a name', async () => {
    const { code } = mask('torch.load?\n??pickle.loads\n%timeit?\nx = 1\n');
    assert.equal(code, '_          \n_             \n_       \nx = 1\n');
    await parsesCleanly(code);
  });

  it('autocall escapes (/f x, ,f a b, ;f a b)', async () => {
    const { code } = mask('/print 1\n,f a b\n;f a b\n');
    assert.equal(code, '_       \n_     \n_     \n');
    await parsesCleanly(code);
  });

  it('a %%bash, %%sh or %%script bash cell is shell throughout', () => {
    for (const head of ['%%bash', '%%sh', '%%script bash', '%%script /bin/sh']) {
      const text = `${head}\nwget https://host/model.onnx -O m.onnx\necho done\n`;
      const { code, shell } = mask(text);
      assert.equal(code.trim(), '_', head);
      assert.deepEqual(shell, ['wget https://host/model.onnx -O m.onnx\necho done\n'], head);
    }
  });

  it('other cell magics are inert and not shell; %%time keeps its Python body', async () => {
    assert.deepEqual(mask('%%writefile train.py\nimport pickle\npickle.load(f)\n'), { code: '_                   \n             \n              \n', shell: [] });
    assert.deepEqual(mask('%%script python\nprint(1)\n').shell, []);
    const { code } = mask('\n%%time\nsd = torch.load(p)\n!ls\n');
    assert.equal(code, '\n_     \nsd = torch.load(p)\n_  \n');
    await parsesCleanly(code);
  });

  it('is not fooled by strings, brackets and continuations', async () => {
    const text = 'doc = """\n!not a command\n%not a magic\n"""\ncall(a,\n     %b)\ny = 1 + \\\n    2\ns = "it\'s ?"\n';
    const { code, shell } = mask(text);
    assert.equal(code, text.replace('%b)', '%b)'));
    assert.deepEqual(shell, []);
  });

  it('joins an escaped command continued with backslashes', async () => {
    const { code, shell } = mask('!wget \\\n  https://host/model.pt\nx = 1\n');
    assert.equal(code, `${inert('!wget \\\n  https://host/model.pt')}\nx = 1\n`);
    assert.deepEqual(shell, ['wget \\\n  https://host/model.pt']);
    await parsesCleanly(code);
  });

  it('handles CRLF line breaks, empty cells and cells without a final line break', async () => {
    const { code, shell } = mask('!wget https://h/m.pt\r\n%time x = f()\r\ny = !ls');
    assert.equal(code, '_                   \r\n      x = f()\r\ny = _  ');
    assert.deepEqual(shell, ['wget https://h/m.pt', 'ls']);
    assert.deepEqual(mask(''), { code: '', shell: [] });
    assert.deepEqual(mask('\n\n'), { code: '\n\n', shell: [] });
    assert.deepEqual(mask('%%bash').shell, []);
    await parsesCleanly(code);
  });
});
