import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';

import { textHash } from '../../server/src/catalog/catalogWrite';
import { CHURN_SCORER, catalogTree, minimalEntry } from '../helpers/catalogFixtures';
import { LspClient } from './lspClient';

describe('language server: catalog files', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  beforeEach(() => {
    dir = catalogTree({ '.git/HEAD': '', '.mlcatalog/models/churn-scorer.yaml': CHURN_SCORER, '.mlcatalog/models/fraud.yaml': minimalEntry('fraud') });
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  async function open(rel: string, text: string, version = 1): Promise<void> {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(rel), languageId: 'yaml', version, text } });
  }

  it('publishes the problems of an open entry at their keys, as typed, and clears them once fixed', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const rel = '.mlcatalog/models/fraud.yaml';
    const broken = minimalEntry('fraud').replace('criticality: low', 'criticality: extreme').replace('business: user:ana', 'business: ana');
    await open(rel, broken);
    const { diagnostics } = await client.diagnostics(uriOf(rel), (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.severity, d.code, d.source, d.message]), [
      [4, 1, 'mlcatalog', 'ML Hygiene', 'owners.business: expected a principal: user:<id>, group:<id> or an email address'],
      [6, 1, 'mlcatalog', 'ML Hygiene', 'criticality: "extreme" is not a criticality; expected one of low, medium, high, critical'],
    ]);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(rel), version: 2 }, contentChanges: [{ text: minimalEntry('fraud').replace('criticality: low', 'criticality: high') }] });
    const p = await client.diagnostics(uriOf(rel), (_, x) => x.version === 2);
    assert.deepEqual(p.diagnostics.map((d) => [d.severity, d.message]).slice(0, 1), [[3, 'incomplete for its criticality high: "trainingData" is required by the catalog policy']]);
  });

  it('reports broken YAML and an id used by another file, never crashing, and offers no Python fixes there', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    await open('.mlcatalog/models/syntax.yaml', 'schema: mlcatalog/v1\nid: [x\n');
    const syntax = await client.diagnostics(uriOf('.mlcatalog/models/syntax.yaml'), (d) => d.length > 0);
    assert.match(syntax.diagnostics[0].message, /^YAML: /);
    await open('.mlcatalog/models/fraud.yml', minimalEntry('fraud'));
    const dup = await client.diagnostics(uriOf('.mlcatalog/models/fraud.yml'), (d) => d.length > 0);
    assert.deepEqual(dup.diagnostics.map((d) => d.message), ['duplicate id "fraud": fraud.yaml already declares it']);
    await open('.mlcatalog/policy.yaml', 'schema: mlcatalog-policy/v1\nexceptions:\n  - { format: pickle, environment: production }\n');
    const policy = await client.diagnostics(uriOf('.mlcatalog/policy.yaml'), (d) => d.length > 0);
    assert.deepEqual(policy.diagnostics.map((d) => [d.range.start.line, d.severity, d.message]), [[2, 2, 'exception for pickle in production lacks justification, approvedBy, expires (required by formats.exceptionsRequire): it does not count']]);
    const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf('.mlcatalog/policy.yaml') }, range: policy.diagnostics[0].range, context: { diagnostics: policy.diagnostics } });
    assert.deepEqual(actions, []);
  });

  it('returns catalog writes as a WorkspaceEdit guarded by the hash of the text it was made against', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const rel = '.mlcatalog/models/churn-scorer.yaml';
    const edited = CHURN_SCORER.replace('title: Subscriber churn scorer', 'title: Churn scorer (unsaved edit)');
    await open(rel, edited);
    const update = (await client.connection.sendRequest('mlHygiene/catalogEdit', { action: 'updateFields', file: uriOf(rel), changes: [{ path: ['lifecycle'], value: 'deprecated' }] })) as any;
    assert.deepEqual(update.guards, [{ uri: uriOf(rel), hash: textHash(edited) }]);
    const change = update.edit.documentChanges[0] as TextDocumentEdit;
    const after = TextDocument.applyEdits(TextDocument.create(uriOf(rel), 'yaml', 1, edited), change.edits);
    assert.equal(after, edited.replace('lifecycle: active', 'lifecycle: deprecated'));

    const create = (await client.connection.sendRequest('mlHygiene/catalogEdit', { action: 'createEntry', catalogDir: uriOf('.mlcatalog'), draft: { id: 'churn-v2', match: { paths: ['models/v2/*.pt'] } } })) as any;
    assert.deepEqual(create.guards, [{ uri: uriOf('.mlcatalog/models/churn-v2.yaml'), hash: null }]);
    const [createFile, text] = create.edit.documentChanges as [CreateFile, TextDocumentEdit];
    assert.deepEqual([createFile.kind, createFile.options], ['create', { overwrite: false, ignoreIfExists: false }]);
    assert.match(text.edits[0].newText, /^# Catalog entry for churn-v2/);
    assert.equal(create.summary, `Create ${path.join('.mlcatalog', 'models', 'churn-v2.yaml')}`);

    const init = (await client.connection.sendRequest('mlHygiene/catalogEdit', { action: 'createCatalog', folder: pathToFileURL(path.join(dir, 'sub')).toString() })) as any;
    assert.equal(init.guards[0].uri, pathToFileURL(path.join(dir, 'sub/.mlcatalog/policy.yaml')).toString());
    const bad = (await client.connection.sendRequest('mlHygiene/catalogEdit', { action: 'createEntry', catalogDir: uriOf('.mlcatalog'), draft: { id: 'Bad Id' } })) as any;
    assert.match(bad.error, /"Bad Id" is not a valid catalog id/);
  });

  it('writes nothing in an untrusted workspace', async () => {
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    const r = (await client.connection.sendRequest('mlHygiene/catalogEdit', { action: 'createCatalog', folder: pathToFileURL(dir).toString() })) as any;
    assert.equal(r.error, 'The workspace is not trusted: ML Hygiene writes nothing to it.');
  });

  it('re-analyses Python files when the catalog changes on disk (policy trusted sources)', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const py = uriOf('train.py');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: py, languageId: 'python', version: 1, text: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("my-org/bert", use_safetensors=True)\n' } });
    await client.diagnostics(py, (d) => d.length === 1);
    fs.writeFileSync(path.join(dir, '.mlcatalog/policy.yaml'), 'schema: mlcatalog-policy/v1\ntrustedSources: ["my-org/*"]\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.mlcatalog/policy.yaml'), type: 1 }] });
    await client.diagnostics(py, (d) => d.length === 0);
  });

  it('lists the problems of catalog files that are not open, and clears them once fixed on disk', async () => {
    const rel = '.mlcatalog/models/fraud.yaml';
    fs.writeFileSync(path.join(dir, rel), minimalEntry('fraud').replace('criticality: low', 'criticality: extreme'));
    await client.initialize(pathToFileURL(dir).toString());
    const p = await client.diagnostics(uriOf(rel), (d) => d.length > 0);
    assert.deepEqual(p.diagnostics.map((d) => [d.range.start.line, d.message]), [[6, 'criticality: "extreme" is not a criticality; expected one of low, medium, high, critical']]);
    fs.writeFileSync(path.join(dir, rel), minimalEntry('fraud'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rel), type: 2 }] });
    await client.diagnostics(uriOf(rel), (d) => d.length === 0);
  });
});
