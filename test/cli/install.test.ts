import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { installGlobally, pack, run } from '../helpers/installPackage';
import { REPO } from './runCli';
/**
 * `npm pack` then `npm install -g` of the tarball into an empty prefix, offline: the package must
 * carry everything it runs (bundles, wasm, rule pages) and depend on nothing from the registry.
 * The installed command then runs in a folder outside this repository.
 */
describe('the npm package', function () {
  this.timeout(180_000);
  let tmp: string;
  let bin: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-install-'));
    const packed = pack(tmp);
    for (const needed of ['bin/ml-hygiene.js', 'out/cli/cli.js', 'out/cli/worker.js', 'out/server/server.js', 'out/server/tree-sitter-python.wasm', 'out/server/web-tree-sitter.wasm', 'docs/rules/MLH110.md']) {
      assert.ok(packed.files.includes(needed), `${needed} is not in the package`);
    }
    assert.deepEqual(packed.files.filter((f) => /^(server|client|test|scripts|node_modules)\/|\.map$|\.ts$/.test(f)), [], 'sources, tests or source maps are packed');
    const installed = installGlobally(packed.tarball, path.join(tmp, 'prefix'));
    bin = installed.bin;
    assert.deepEqual(fs.readdirSync(installed.root).filter((f) => f === 'node_modules'), [], 'the install pulled dependencies');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('declares no runtime dependencies (esbuild bundles them)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined, 'package.json "dependencies" would be fetched by `npm install -g`; add it to devDependencies, esbuild bundles it');
  });

  it('installs an `ml-hygiene` command that checks the example workspace anywhere', () => {
    const workspace = path.join(tmp, 'retail-demo');
    fs.cpSync(path.join(REPO, 'examples', 'retail-demo'), workspace, { recursive: true });
    const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${path.dirname(process.execPath)}`, NODE_PATH: '' };
    const version = run(bin, ['--version'], workspace, env);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    const r = run(bin, ['check', '.', '--format', 'json', '--no-cache'], workspace, env);
    assert.equal(r.status, 1, r.stderr);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; file: string; line: number }>;
    const found = rows.map((f) => `${f.file}:${f.line} ${f.code}`);
    for (const expected of ['forecasting/demand_forecast.py:19 MLH110', 'pricing/price_model.py:18 MLH101', 'sentiment/review_classifier.py:18 MLH202']) {
      assert.ok(found.includes(expected), `${expected} not in ${found.join(', ')}`);
    }
    // per-file-ignores in the workspace's pyproject.toml is honoured by the installed copy too.
    assert.ok(!found.some((f) => f.startsWith('pricing/features.py') && f.endsWith('MLH106')));
    const sarif = JSON.parse(run(bin, ['check', '.', '--format', 'sarif', '--no-cache'], workspace, env).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'MLH110');
    assert.match(rule.help.markdown, /^# MLH110/m, 'the rule pages are read from the installed package');
  });
});
