// Bundles the client, the language server and the CLI (CommonJS, Node 20), then copies the
// tree-sitter runtime and the Python grammar next to the server bundle.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { webTreeSitterFastMarshalling, zodEnglishOnly } from './scripts/build/bundlePlugins.mjs';

const require = createRequire(import.meta.url);
const root = dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');

const entries = [
  ['client/src/extension.ts', 'out/client/extension.js'],
  ['server/src/server.ts', 'out/server/server.js'],
  ['server/src/lsp/scanWorker.ts', 'out/server/scanWorker.js'],
  ['server/src/cli/main.ts', 'out/cli/cli.js'],
  ['server/src/cli/worker.ts', 'out/cli/worker.js'],
  ['test/e2e/index.ts', 'out/test/e2e/index.js'],
].filter(([src]) => existsSync(join(root, src)));

const options = entries.map(([entry, outfile]) => ({
  entryPoints: [join(root, entry)],
  outfile: join(root, outfile),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  // NOTE: force the CommonJS build of web-tree-sitter; its ESM build breaks inside a CJS bundle.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  plugins: [zodEnglishOnly, webTreeSitterFastMarshalling],
  logLevel: 'warning',
}));

const wasm = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];
mkdirSync(join(root, 'out/server'), { recursive: true });
for (const file of wasm) copyFileSync(file, join(root, 'out/server', file.split(/[\\/]/).pop()));

// The catalog's JSON Schemas (package.json yamlValidation) are made from its zod schemas; a
// file is written only when its text changes, so a build leaves the tree clean.
async function writeCatalogSchemas() {
  const bundle = join(root, 'out/build/jsonSchema.js');
  await esbuild.build({ entryPoints: [join(root, 'server/src/catalog/jsonSchema.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  mkdirSync(join(root, 'schemas'), { recursive: true });
  for (const [name, text] of require(bundle).jsonSchemaTexts()) {
    const file = join(root, 'schemas', name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  }
}
await writeCatalogSchemas();

if (watch) {
  for (const o of options) await (await esbuild.context(o)).watch();
} else {
  await Promise.all(options.map((o) => esbuild.build(o)));
  console.log(`built ${entries.map(([, out]) => out).join(', ')}`);
}
