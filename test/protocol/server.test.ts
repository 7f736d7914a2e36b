import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';

import { LspClient } from './lspClient';

const SOURCE = `import torch
import yaml

state = torch.load("model.pt")
cfg = yaml.load(open("c.yaml"))
`;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-proto-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function applyEdit(doc: TextDocument, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.equal(change.textDocument.version, doc.version, 'edits are versioned with the analysed version');
  return TextDocument.applyEdits(doc, change.edits);
}

describe('language server over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;
  let uri: string;

  beforeEach(async () => {
    dir = workspace({ 'pkg/train.py': SOURCE, 'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH108"]\n' });
    uri = pathToFileURL(path.join(dir, 'pkg/train.py')).toString();
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(text = SOURCE): Promise<TextDocument> {
    await client.initialize(pathToFileURL(dir).toString());
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return TextDocument.create(uri, 'python', 1, text);
  }

  it('advertises incremental sync, quick fixes and fix-all', async () => {
    const { capabilities } = await client.initialize(pathToFileURL(dir).toString());
    assert.equal(capabilities.textDocumentSync.change, 2);
    assert.deepEqual(capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.mlHygiene', 'notebook.source.fixAll.mlHygiene']);
  });

  it('publishes diagnostics on open, with rule codes and docs links', async () => {
    await open();
    const { diagnostics, version } = await client.diagnostics(uri, (d) => d.length === 2);
    assert.equal(version, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['MLH110', 3, 8], ['MLH111', 4, 6]]);
    assert.equal(diagnostics[0].codeDescription?.href, 'vscode://mlhygiene.ml-hygiene/rule/MLH110');
    assert.equal(diagnostics[0].source, 'ML Hygiene');
  });

  it('updates diagnostics after an incremental change', async () => {
    await open();
    await client.diagnostics(uri, (d) => d.length === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }],
    });
    const p = await client.diagnostics(uri, (_, p) => p.version === 2);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['MLH110']);
  });

  it('returns a versioned quick fix that removes the finding once applied', async () => {
    const doc = await open();
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 2);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title.includes('# noqa: MLH110')));
    const fixed = applyEdit(doc, preferred);
    assert.match(fixed, /torch\.load\("model\.pt", weights_only=True\)/);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const p = await client.diagnostics(uri, (_, p) => p.version === 2);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['MLH111']);
  });

  it('offers a format migration as a non-preferred quick fix that the editor applies like applyEdits (import, then the note)', async () => {
    const text = 'import joblib\nmodel = joblib.load(PATH)\n';
    const doc = await open(text);
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 1);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    const migration = actions.find((a) => a.title.startsWith('Migrate to skops'));
    assert.ok(migration, actions.map((a) => a.title).join(' | '));
    assert.equal(migration.isPreferred, undefined);
    const fixed = applyEdit(doc, migration);
    assert.match(fixed, /^import joblib\nimport skops\.io\n# skops loads/);
    assert.match(fixed, /#   skops\.io\.dump\(joblib\.load\(PATH\), PATH\)\nmodel = skops\.io\.load\(PATH, trusted=\[\]\)\n$/);
  });

  it('offers source.fixAll.mlHygiene that fixes the whole file', async () => {
    const doc = await open();
    await client.diagnostics(uri, (d) => d.length === 2);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.mlHygiene');
    const fixed = applyEdit(doc, actions[0]);
    assert.equal(fixed, SOURCE.replace('"model.pt")', '"model.pt", weights_only=True)').replace('yaml.load(', 'yaml.safe_load('));
  });

  it('re-publishes when the settings change (mlHygiene.enable off and on)', async () => {
    await open();
    await client.diagnostics(uri, (d) => d.length === 2);
    client.settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (d) => d.length === 0);
    client.settings = { enable: true };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (d) => d.length === 2);
  });

  it('coalesces a burst of edits and publishes for the newest version', async () => {
    await open('import torch\n');
    await client.diagnostics(uri, (_, p) => p.version === 1);
    const before = client.published.length;
    let text = 'import torch\n';
    for (let v = 2; v <= 40; v++) {
      text += `x${v} = torch.load(p)\n`;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    }
    const last = await client.diagnostics(uri, (_, p) => p.version === 40);
    assert.equal(last.diagnostics.length, 39);
    assert.ok(client.published.length - before < 39, `published ${client.published.length - before} times for 39 edits`);
  });

  it('reports an invalid [tool.ml-hygiene] value on its pyproject.toml line and keeps the rest', async () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.ml-hygiene]\nignore = ["MLH111"]\nselect = "MLH1"\n');
    await open();
    const pyproject = pathToFileURL(path.join(dir, 'pyproject.toml')).toString();
    const { diagnostics } = await client.diagnostics(pyproject, (d) => d.length === 1);
    assert.equal(diagnostics[0].code, 'MLH001');
    assert.equal(diagnostics[0].range.start.line, 5);
    assert.match(diagnostics[0].message, /"select"/);
    const file = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(file.diagnostics[0].code, 'MLH110', 'ignore still applies although select is invalid');
  });

  it('shows repository suppressions instead of honouring them in an untrusted workspace', async () => {
    const text = 'import torch\nstate = torch.load("m.pt")  # noqa: MLH110\n';
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.match(diagnostics[0].message, /Suppressed by this repository \(# noqa: MLH110\)/);
  });

  it('greys findings the baseline holds as Information with the reason; a malformed baseline is MLH001 on its file', async () => {
    // The baseline is written by the CLI, so editor and CLI are checked to agree on fingerprints.
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'ml-hygiene.js'), 'check', '--write-baseline', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const added = `${SOURCE}again = torch.load("other.pt")\n`;
    const doc = await open(added);
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 3);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.severity, d.tags ?? []]), [['MLH110', 3, 3, [1]], ['MLH111', 4, 3, [1]], ['MLH110', 5, 2, []]]);
    assert.match(diagnostics[0].message, /^In the baseline \(\.ml-hygiene-baseline\.json\), so `ml-hygiene check` does not report it: `torch\.load` without/);
    // Its quick fixes are still offered: a baseline is a debt to pay, not a silence.
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [diagnostics[0]] } })) as CodeAction[];
    assert.ok(actions.some((a) => a.isPreferred), JSON.stringify(actions.map((a) => a.title)));
    assert.equal(doc.version, 1);

    const baselineFile = path.join(dir, '.ml-hygiene-baseline.json');
    fs.writeFileSync(baselineFile, '{"version": 1, "findings": {}}');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(baselineFile).toString(), type: 2 }] });
    const problem = await client.diagnostics(pathToFileURL(baselineFile).toString(), (d) => d.length === 1);
    assert.equal(problem.diagnostics[0].code, 'MLH001');
    assert.match(problem.diagnostics[0].message, /The baseline \.ml-hygiene-baseline\.json has no "findings" array/);
    const all = await client.diagnostics(uri, (d) => d.length === 3 && d.every((x) => x.severity !== 3));
    assert.deepEqual(all.diagnostics.map((d) => d.severity), [2, 2, 2]);

    fs.unlinkSync(baselineFile);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(baselineFile).toString(), type: 3 }] });
    await client.diagnostics(pathToFileURL(baselineFile).toString(), (d) => d.length === 0);
  });

  it('does not let an untrusted repository grey its findings with a baseline', async () => {
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'ml-hygiene.js'), 'check', '--write-baseline', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SOURCE } });
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 2);
    assert.deepEqual(diagnostics.map((d) => d.severity), [2, 2]);
  });
});
