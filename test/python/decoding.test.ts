import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { decodeSource } from '../../server/src/cli/decodeSource';
import { runPython, venvPython } from './python';

/** Source files in odd encodings, and whether CPython accepts them. */
const CASES: Array<[string, Buffer]> = [
  ['utf-8', Buffer.from('x = "caf\u00e9"\n')],
  ['utf-8 with BOM', Buffer.from('\uFEFFx = 1\n')],
  ['latin-1 declared', Buffer.from('# -*- coding: latin-1 -*-\nx = "caf\xe9"\n', 'latin1')],
  ['cp1252 declared on line 2', Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "\x80"\n', 'latin1')],
  ['latin-1 undeclared', Buffer.from('x = "caf\xe9"\n', 'latin1')],
  ['invalid UTF-8 sequence', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xc3, 0x28, 0x22, 0x0a])],
  ['UTF-8 encoded surrogate', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x0a])],
  ['NUL byte', Buffer.from('x = 1\0\n')],
  ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x = 1\n', 'utf16le')])],
  ['unknown declared encoding', Buffer.from('# coding: klingon\nx = 1\n')],
  ['ascii declared, ASCII only', Buffer.from('# coding: ascii\nx = 1\n')],
  ['ascii declared, UTF-8 inside', Buffer.from('# coding: ascii\nx = "caf\u00e9"\n')],
  ['utf8 spelled without the dash', Buffer.from('# -*- coding: utf8 -*-\nx = "caf\u00e9"\n')],
  ['iso-8859-15 declared', Buffer.from('# coding: iso-8859-15\nx = "\xa4"\n', 'latin1')],
  ['shift_jis declared', Buffer.concat([Buffer.from('# coding: shift_jis\nx = "'), Buffer.from([0x82, 0xa0]), Buffer.from('"\n')])],
];

describe('python tier: MLH002 agrees with CPython on what source it can decode', function () {
  this.timeout(60_000);

  before(function () {
    this.timeout(15 * 60_000);
    venvPython();
  });

  for (const [name, bytes] of CASES) {
    it(name, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-dec-'));
      fs.writeFileSync(path.join(dir, 'm.py'), bytes);
      const compiled = runPython(['-m', 'py_compile', 'm.py'], dir);
      const decoded = decodeSource(bytes);
      const ours = decoded.problem === undefined ? 'accepted' : `MLH002 (${decoded.problem})`;
      const python = compiled.status === 0 ? 'accepted' : `refused (${compiled.stderr.trim().split('\n').pop()})`;
      assert.equal(ours === 'accepted', python === 'accepted', `ML Hygiene: ${ours}; CPython: ${python}`);
    });
  }
});
