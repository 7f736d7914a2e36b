import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { notebookJson } from '../helpers/notebooks';
import { runCli, tempTree } from './runCli';

const EXPLORE = notebookJson([
  { type: 'markdown', source: '# Exploration\nWe never call pickle.load(f) here.\n' },
  '%matplotlib inline\nimport torch as T\nimport yaml\n',
  { source: '!ls -la\nsd = T.load("ckpt.pt")\ncfg = yaml.load(open("c.yaml"))', outputs: [{ output_type: 'stream', name: 'stdout', text: ['total 0\n'] }] },
]);

describe('ml-hygiene check on notebooks', function () {
  this.timeout(30_000);

  it('reports per cell in text, reading the code cells as one module', () => {
    const dir = tempTree({ 'explore.ipynb': EXPLORE });
    const r = runCli(['check', '.', '--no-cache'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('explore.ipynb'));
    assert.deepEqual(lines.map((l) => l.replace(/ \[.*$/, '')), [
      'explore.ipynb:cell 3:line 2:col 6: MLH110',
      'explore.ipynb:cell 3:line 3:col 7: MLH111',
    ]);
  });

  it('JSON gives the cell, the cell line and the line of the .ipynb file', () => {
    const dir = tempTree({ 'explore.ipynb': EXPLORE });
    const rows = JSON.parse(runCli(['check', '.', '--no-cache', '--format', 'json'], dir).stdout) as any[];
    const fileLines = EXPLORE.split('\n');
    assert.deepEqual(rows.map((r) => [r.cell, r.line, r.column, r.endColumn]), [[3, 2, 6, 12], [3, 3, 7, 16]]);
    assert.match(fileLines[rows[0].notebookLine - 1], /"sd = T\.load\(\\"ckpt\.pt\\"\)\\n",$/);
  });

  it('SARIF points at the line and columns of the .ipynb file, with the cell in properties', () => {
    const dir = tempTree({ 'nb/explore.ipynb': EXPLORE });
    const log = JSON.parse(runCli(['check', '.', '--no-cache', '--format', 'sarif'], dir).stdout);
    const result = log.runs[0].results[0];
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, 'nb/explore.ipynb');
    const line = EXPLORE.split('\n')[location.region.startLine - 1];
    assert.equal(line.slice(location.region.startColumn - 1, location.region.endColumn - 1), 'T.load');
    assert.deepEqual(result.properties, { cell: 3, cellLine: 2, cellColumn: 6 });
  });

  it('--fix changes only the intended characters: outputs, metadata, layout and escapes stay byte for byte', () => {
    const original = notebookJson([
      'import torch\nimport yaml',
      { source: 'sd = torch.load("m\u00e9.pt")\nprint("tab\\there")\n', outputs: [{ output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo='.repeat(1000) }, metadata: {} }] },
      { type: 'markdown', source: 'torch.load("x") in markdown stays' },
    ]).replace('"metadata": {}', '"metadata": {"collapsed": true, "tags": ["b", "a"]}');
    const single = notebookJson(['import yaml\ncfg = yaml.load(s)\n'], { asString: true }).replace(/\n/g, '\r\n');
    const dir = tempTree({ 'a.ipynb': original, 'b.ipynb': single });
    const r = runCli(['check', '.', '--no-cache', '--fix'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Fixed 2 problem\(s\)/);
    const fixed = fs.readFileSync(path.join(dir, 'a.ipynb'), 'utf8');
    assert.equal(fixed, original.replace('torch.load(\\"m\u00e9.pt\\")', 'torch.load(\\"m\u00e9.pt\\", weights_only=True)'));
    assert.equal(fs.readFileSync(path.join(dir, 'b.ipynb'), 'utf8'), single.replace('yaml.load(s)', 'yaml.safe_load(s)'));
    const again = runCli(['check', '.', '--no-cache', '--fix'], dir);
    assert.match(again.stdout, /All clear: 2 file\(s\) checked/);
    assert.equal(fs.readFileSync(path.join(dir, 'a.ipynb'), 'utf8'), fixed);
  });

  it('a bad notebook is one MLH003 finding on the file, and the other files are still checked', () => {
    const dir = tempTree({
      'broken.ipynb': '{"cells": [\n  {"cell_type": "code", "source": ["x = 1\\n"],\n}',
      'empty.ipynb': '',
      'shape.ipynb': '{"nbformat": 4, "metadata": {}}',
      'cells.ipynb': '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 42}]}',
      'latin1.ipynb': Buffer.from([0x7b, 0xe9, 0x7d]).toString('latin1'),
      'ok.ipynb': EXPLORE,
    });
    fs.writeFileSync(path.join(dir, 'latin1.ipynb'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const r = runCli(['check', '.', '--no-cache'], dir);
    assert.equal(r.status, 1);
    const out = r.stdout.split('\n');
    const mlh003 = out.filter((l) => l.includes('MLH003'));
    assert.deepEqual(mlh003.map((l) => l.split(':')[0]).sort(), ['broken.ipynb', 'cells.ipynb', 'empty.ipynb', 'latin1.ipynb', 'shape.ipynb']);
    assert.match(r.stdout, /empty\.ipynb:1:1: MLH003 \[warning\] Not checked: the notebook file is empty/);
    assert.match(r.stdout, /shape\.ipynb:1:1: MLH003 \[warning\] Not checked: the JSON is not a Jupyter notebook \(nbformat 4\): it has no "cells" list/);
    assert.match(r.stdout, /cells\.ipynb:1:\d+: MLH003 \[warning\] Not checked: cell 1: "source" must be a string or a list of strings/);
    assert.match(r.stdout, /latin1\.ipynb:1:1: MLH003 \[warning\] Not checked: the notebook is not UTF-8 text/);
    assert.equal(out.filter((l) => l.startsWith('ok.ipynb:cell')).length, 2);
    const ignored = runCli(['check', '.', '--no-cache', '--ignore', 'MLH003,MLH1'], dir);
    assert.equal(ignored.status, 0, ignored.stdout);
  });

  it('reads nbformat 3 (worksheets, code in "input"), source strings and lists, and skips other kernels', () => {
    const v3 = JSON.stringify({
      nbformat: 3,
      metadata: { name: 'old' },
      worksheets: [{ cells: [
        { cell_type: 'heading', level: 1, source: ['Old notebook'] },
        { cell_type: 'code', language: 'python', input: ['import pickle\n', 'm = pickle.load(f)'], outputs: [] },
      ] }],
    }, null, 1);
    const r = notebookJson(['library(torch)\nx <- torch_load("m.pt")\n'], { language: 'R' });
    const dir = tempTree({ 'old.ipynb': v3, 'r.ipynb': r, 'str.ipynb': notebookJson(['import torch\nx = torch.load(p)\n'], { asString: true }) });
    const out = runCli(['check', '.', '--no-cache'], dir).stdout;
    assert.match(out, /^old\.ipynb:cell 2:line 2:col 5: MLH101/m);
    assert.match(out, /^str\.ipynb:cell 1:line 2:col 5: MLH110/m);
    assert.doesNotMatch(out, /^r\.ipynb/m, 'an R notebook is not read as Python');
  });

  it('reports shell downloads in cells as MLH206, following select, ignore and per-file-ignores', () => {
    const nb = notebookJson(['URL = "https://host.example/resnet.pth"\n', '!wget {URL} -O weights/resnet.pth\n', '%%bash\ngit clone https://huggingface.co/org/model\n']);
    const dir = tempTree({ 'a.ipynb': nb, 'sub/b.ipynb': nb, 'pyproject.toml': '[tool.ml-hygiene]\nper-file-ignores = { "sub/*.ipynb" = ["MLH206"] }\n' });
    const r = runCli(['check', '.', '--no-cache'], dir);
    assert.deepEqual(r.stdout.split('\n').filter((l) => l.includes('MLH206')).map((l) => l.split(': MLH')[0]), ['a.ipynb:cell 2:line 1:col 7', 'a.ipynb:cell 3:line 2:col 11']);
    assert.match(r.stdout, /`wget` downloads the model file `resnet\.pth`.* from https:\/\/host\.example\/resnet\.pth/);
    const ignored = runCli(['check', '.', '--no-cache', '--ignore', 'MLH206'], dir);
    assert.equal(ignored.status, 0, ignored.stdout);
  });

  it('--add-noqa writes # noqa into the cells (Python lines and ! lines alike), and only there', () => {
    const original = notebookJson(['import torch\n!wget https://host/m.pt\n', 'sd = torch.load(p)\n']);
    const dir = tempTree({ 'a.ipynb': original });
    const r = runCli(['check', '.', '--no-cache', '--add-noqa'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const after = fs.readFileSync(path.join(dir, 'a.ipynb'), 'utf8');
    assert.equal(after, original.replace('m.pt\\n"', 'm.pt  # noqa: MLH206\\n"').replace('torch.load(p)\\n"', 'torch.load(p)  # noqa: MLH110\\n"'));
    assert.match(runCli(['check', '.', '--no-cache'], dir).stdout, /All clear/);
  });

  it('`# %%` cell scripts (Jupytext, VS Code) are plain Python', () => {
    const script = '# %% [markdown]\n# Load the model\n\n# %%\nimport torch\n\n# %%\nsd = torch.load("m.pt")\n';
    const dir = tempTree({ 'explore.py': script });
    const r = runCli(['check', '.', '--no-cache', '--fix'], dir);
    assert.match(r.stdout, /Fixed 1 problem/);
    assert.equal(fs.readFileSync(path.join(dir, 'explore.py'), 'utf8'), script.replace('torch.load("m.pt")', 'torch.load("m.pt", weights_only=True)'));
  });
});
