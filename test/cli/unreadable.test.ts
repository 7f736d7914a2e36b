import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { checkFile } from '../../server/src/cli/checkFile';
import { decodeSource } from '../../server/src/cli/decodeSource';
import { runCli, tempTree } from './runCli';

type Row = { code: string; file: string; line: number; severity: string; message: string };

function writeBytes(dir: string, name: string, bytes: number[] | Buffer): void {
  fs.writeFileSync(path.join(dir, name), Buffer.from(bytes as number[]));
}

describe('MLH002 unreadable-file', function () {
  this.timeout(30_000);

  it('decodes UTF-8 (with or without BOM) and declared 8-bit encodings, as CPython does', () => {
    assert.equal(decodeSource(Buffer.from('x = "é"\n')).text, 'x = "é"\n');
    assert.equal(decodeSource(Buffer.from('\uFEFFx = 1\n')).text, '\uFEFFx = 1\n');
    const latin = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nx = "'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    assert.equal(decodeSource(latin).text, '# -*- coding: latin-1 -*-\nx = "é"\n');
    assert.match(decodeSource(Buffer.from([0x78, 0x20, 0xc3, 0x28])).problem!, /not valid UTF-8 \(first bad byte near line 1\)/);
    assert.match(decodeSource(Buffer.from('a = 1\nb = 2\n\xff', 'latin1')).problem!, /near line 3/);
    assert.match(decodeSource(Buffer.from('import os\0\n')).problem!, /NUL byte \(at byte 9\)/);
    assert.match(decodeSource(Buffer.from([0xff, 0xfe, 0x69, 0x00])).problem!, /UTF-16/);
    assert.match(decodeSource(Buffer.from('# coding: klingon\nx = 1\n')).problem!, /declares the encoding "klingon"/);
  });

  it('reports invalid UTF-8, NUL bytes and UTF-16 on line 1 with the reason, and checks the rest', () => {
    const dir = tempTree({ 'ok.py': 'import pickle\npickle.loads(b)\n' });
    writeBytes(dir, 'latin.py', Buffer.from('# caf\xe9\nimport pickle\n', 'latin1'));
    writeBytes(dir, 'nul.py', Buffer.from('import os\0\n'));
    writeBytes(dir, 'utf16.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import pickle\n', 'utf16le')]));
    writeBytes(dir, 'declared.py', Buffer.from('# -*- coding: latin-1 -*-\n# caf\xe9\nimport pickle\npickle.loads(b)\n', 'latin1'));
    const r = runCli(['check', '.', '--format', 'json', '--no-cache'], dir);
    assert.equal(r.status, 1, r.stderr);
    const rows = (JSON.parse(r.stdout) as Row[]).map((f) => [f.file, f.code, f.line, f.severity]);
    assert.deepEqual(rows, [
      ['declared.py', 'MLH101', 4, 'warning'],
      ['latin.py', 'MLH002', 1, 'warning'],
      ['nul.py', 'MLH002', 1, 'warning'],
      ['ok.py', 'MLH101', 2, 'warning'],
      ['utf16.py', 'MLH002', 1, 'warning'],
    ]);
    const text = runCli(['check', 'latin.py', '--no-cache'], dir).stdout;
    assert.match(text, /^latin\.py:1:1: MLH002 \[warning\] Not checked: the file is not valid UTF-8/m);
  });

  it('follows --ignore, [tool.ml-hygiene] per-file-ignores and severity; --fix leaves such files alone', () => {
    const dir = tempTree({ 'pyproject.toml': '[tool.ml-hygiene]\nseverity = { MLH002 = "error" }\n' });
    writeBytes(dir, 'bad.py', Buffer.from('x = "\xff"\nimport yaml\nyaml.load(s)\n', 'latin1'));
    const before = fs.readFileSync(path.join(dir, 'bad.py'));
    const rows = JSON.parse(runCli(['check', '.', '--format', 'json', '--fix', '--no-cache'], dir).stdout) as Row[];
    assert.deepEqual(rows.map((f) => [f.code, f.severity]), [['MLH002', 'error']]);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'bad.py')), before);
    assert.equal(runCli(['check', '.', '--ignore', 'MLH002', '--no-cache'], dir).status, 0);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ml-hygiene]\nper-file-ignores = { "bad.py" = ["MLH002"] }\n');
    assert.equal(runCli(['check', '.', '--no-cache'], dir).status, 0);
  });

  it('reports a file that cannot be read (removed between discovery and reading)', () => {
    const dir = tempTree({});
    // NOTE: the parser is never reached for a file that cannot be read, so none is needed.
    const r = checkFile(undefined as never, path.join(dir, 'gone.py'), { fix: false });
    assert.deepEqual(r.findings.map((f) => [f.code, f.severity, f.start.line]), [['MLH002', 'warning', 0]]);
    assert.match(r.findings[0].message, /^Not checked: cannot read the file: ENOENT/);
  });
});
