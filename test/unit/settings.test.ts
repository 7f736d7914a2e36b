import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

import { settingsSchema, validateSettings } from '../../server/src/lsp/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

function flatten(schema: any, prefix = 'mlHygiene'): Map<string, any> {
  const out = new Map<string, any>();
  for (const [key, value] of Object.entries<any>(schema.properties ?? {})) {
    const name = `${prefix}.${key}`;
    if (value.type === 'object' && value.properties) for (const [k, v] of flatten(value, name)) out.set(k, v);
    else out.set(name, value);
  }
  return out;
}

describe('editor settings', () => {
  it('fill in defaults for missing values', () => {
    const s = validateSettings({}).settings;
    assert.equal(s.enable, true);
    assert.equal(s.workspaceScan.maxFiles, 5000);
    assert.equal(s.trace.server, 'off');
  });

  it('fall back per field on a bad value, with one message naming it', () => {
    const { settings, problem } = validateSettings({ enable: 'yes', workspaceScan: { maxFiles: -3, enable: false } });
    assert.equal(settings.enable, true);
    assert.equal(settings.workspaceScan.maxFiles, 5000);
    assert.equal(settings.workspaceScan.enable, false, 'the valid sibling is kept');
    assert.match(problem ?? '', /mlHygiene\.enable/);
    assert.match(problem ?? '', /mlHygiene\.workspaceScan\.maxFiles/);
  });

  it('agree with package.json contributes.configuration (names, defaults, enums)', () => {
    const fromSchema = flatten(z.toJSONSchema(settingsSchema, { io: 'input' }));
    const contributed = manifest.contributes.configuration.properties as Record<string, any>;
    assert.deepEqual([...fromSchema.keys()].sort(), Object.keys(contributed).sort());
    for (const [name, prop] of fromSchema) {
      assert.deepEqual(contributed[name].default, prop.default, `default of ${name}`);
      if (prop.enum) assert.deepEqual(contributed[name].enum, prop.enum, `enum of ${name}`);
    }
  });
});
