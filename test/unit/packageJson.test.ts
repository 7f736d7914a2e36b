import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';

import { COMMANDS, CONFIG_SECTION, EXTENSION_ID } from '../../client/src/constants';

/** The parts of package.json this test reads. */
interface Manifest {
  name: string;
  publisher: string;
  icon?: string;
  activationEvents: string[];
  capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { title: string; properties: Record<string, Record<string, unknown>> };
    grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }>;
  };
}

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const constantsSource = readFileSync(join(root, 'client/src/constants.ts'), 'utf8');

describe('package.json', () => {
  const contributed = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
  const settings = manifest.contributes.configuration.properties;

  it('matches the extension id the client uses', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  it('contributes the four commands in the "ML Hygiene" category', () => {
    for (const id of ['restartServer', 'showOutput', 'openRuleDocs', 'fixAll']) {
      const command = contributed.get(`mlHygiene.${id}`);
      assert.ok(command, `mlHygiene.${id} is not contributed`);
      assert.equal(command.category, 'ML Hygiene');
      assert.ok(command.title.length > 0);
    }
  });

  it('contributes every command id written in client/src/constants.ts', () => {
    const block = /export const COMMANDS = \{([^}]*)\}/.exec(constantsSource)?.[1] ?? '';
    const inSource = [...block.matchAll(/'(mlHygiene\.[A-Za-z]+)'/g)].map((m) => m[1]);
    assert.ok(inSource.length >= Object.keys(COMMANDS).length);
    for (const id of [...inSource, ...Object.values(COMMANDS)]) {
      assert.ok(contributed.has(id), `${id} is used by the client but not contributed`);
    }
  });

  it('gives every setting a default, a description and the mlHygiene prefix', () => {
    assert.equal(manifest.contributes.configuration.title, 'ML Hygiene');
    assert.ok(Object.keys(settings).length > 0);
    for (const [key, setting] of Object.entries(settings)) {
      assert.ok(key.startsWith(`${CONFIG_SECTION}.`), key);
      assert.ok('default' in setting, `${key} has no default`);
      assert.ok(setting.description || setting.markdownDescription, `${key} has no description`);
    }
  });

  it('contributes exactly the settings of the design, scoped per resource except trace', () => {
    assert.deepEqual(Object.keys(settings).sort(), [
      'mlHygiene.artifacts.maxFileSizeMB',
      'mlHygiene.catalog.backend',
      'mlHygiene.enable',
      'mlHygiene.notebooks.enable',
      'mlHygiene.trace.server',
      'mlHygiene.workspaceScan.enable',
      'mlHygiene.workspaceScan.maxFiles',
    ]);
    for (const [key, setting] of Object.entries(settings)) {
      assert.equal(setting.scope, key === 'mlHygiene.trace.server' ? 'window' : 'resource', key);
    }
  });

  it('restricts, in untrusted workspaces, only settings that exist', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    for (const key of trust?.restrictedConfigurations ?? []) assert.ok(key in settings, key);
  });

  it('injects the comment grammar into Python from a file that exists', () => {
    const [grammar] = manifest.contributes.grammars;
    assert.equal(grammar.scopeName, 'comment.mlhygiene.injection');
    assert.deepEqual(grammar.injectTo, ['source.python']);
    const file = JSON.parse(readFileSync(join(root, grammar.path), 'utf8')) as { scopeName: string };
    assert.equal(file.scopeName, grammar.scopeName);
  });

  it('points its icon at a 128x128 PNG', () => {
    const png = readFileSync(join(root, manifest.icon ?? 'missing'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // NOTE: the IHDR chunk holds width and height as big-endian integers at offsets 16 and 20.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('activates cheaply: on Python, notebooks and rule-docs links only', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
    assert.ok(manifest.activationEvents.includes('onUri'));
    assert.ok(!manifest.activationEvents.some((e) => e.startsWith('workspaceContains:') || e === '*'));
  });
});
