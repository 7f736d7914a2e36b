import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { SCAN_REPORT_REQUEST, type ScanReport } from '../../server/src/lsp/scanReportProtocol';
import { minimalEntry } from '../helpers/catalogFixtures';
import { benignNpy, dangerousPickle } from '../helpers/modelFiles';
import { inventoryWhen, LspClient } from './lspClient';


const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('model files in the workspace (scan thread, diagnostics, inventory, scan report) over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
  const changed = (rels: string[], type = 2) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: rels.map((r) => ({ uri: uri(r), type })) });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-models-'));
    fs.mkdirSync(path.join(dir, 'models'));
    fs.mkdirSync(path.join(dir, 'ignored'));
    fs.writeFileSync(path.join(dir, 'models/payload.pkl'), dangerousPickle());
    fs.writeFileSync(path.join(dir, 'models/means.npy'), benignNpy([1.5, 2.5, 3]));
    // 1.5 MB of float64 zeros: above a 1 MB cap.
    fs.writeFileSync(path.join(dir, 'models/big.npy'), benignNpy(new Array(200_000).fill(0)));
    fs.writeFileSync(path.join(dir, 'ignored/other.pkl'), dangerousPickle());
    fs.writeFileSync(path.join(dir, 'models/excluded.pkl'), dangerousPickle());
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ml-hygiene]\nexclude = ["models/excluded.pkl"]\n');
    client = new LspClient();
    client.settings = { enable: true, artifacts: { maxFileSizeMB: 1 } };
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the findings on the model file itself, lists it as a dangerous file, notes a file over the size cap, and leaves out ignored and excluded files', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const pub = await client.diagnostics(uri('models/payload.pkl'), (d) => d.length > 0, 20_000);
    const [d] = pub.diagnostics;
    assert.equal(d.code, 'MLH401');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range.start, { line: 0, character: 0 });
    assert.match(d.message, /GLOBAL at offset 2 imports os\.system/);
    const big = await client.diagnostics(uri('models/big.npy'), (ds) => ds.length > 0, 20_000);
    assert.deepEqual(big.diagnostics.map((x) => [x.code, x.severity]), [['MLH403', 3]]);
    assert.match(big.diagnostics[0].message, /Not scanned: the file is 1\.5 MB, over the 1\.0 MB limit of the setting mlHygiene\.artifacts\.maxFileSizeMB/);
    const inv = await inventoryWhen(client, (i) => !i.scanning && i.files.length > 0);
    const listed = inv.files.map((f) => [path.relative(dir, new URL(f.uri).pathname), f.items.map((i) => `${i.code}:${i.kind}`).join()]);
    assert.deepEqual(listed, [['models/payload.pkl', 'MLH401:file']], 'the size-cap note stays in the Problems panel, not in "Dangerous model files"');
    assert.ok(!client.published.some((p) => p.uri === uri('models/means.npy') && p.diagnostics.length > 0), 'a benign array has no finding');
    assert.ok(!client.published.some((p) => p.uri === uri('ignored/other.pkl') || p.uri === uri('models/excluded.pkl')), '.gitignore and [tool.ml-hygiene] exclude apply');
  });

  it('rescans a model file that changes, clears one that becomes benign or is deleted, without rescanning the rest', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    await client.diagnostics(uri('models/payload.pkl'), (d) => d.length > 0, 20_000);
    await inventoryWhen(client, (i) => !i.scanning);
    fs.writeFileSync(path.join(dir, 'models/means.npy'), dangerousPickle('CHANGED'));
    await changed(['models/means.npy']);
    const now = await client.diagnostics(uri('models/means.npy'), (d) => d.some((x) => x.code === 'MLH401'), 20_000);
    assert.ok(now.diagnostics.some((x) => /os\.system/.test(x.message)));
    assert.equal(client.published.filter((p) => p.uri === uri('models/payload.pkl')).length, 1, 'an unchanged model file is not scanned again');
    fs.writeFileSync(path.join(dir, 'models/means.npy'), benignNpy([4]));
    fs.rmSync(path.join(dir, 'models/payload.pkl'));
    await changed(['models/means.npy']);
    await changed(['models/payload.pkl'], 3);
    await client.diagnostics(uri('models/means.npy'), (d) => d.length === 0, 20_000);
    await client.diagnostics(uri('models/payload.pkl'), (d) => d.length === 0, 20_000);
    const inv = await inventoryWhen(client, (i) => !i.scanning && i.files.length === 0);
    assert.deepEqual(inv.files, []);
  });

  it('answers a scan report with the imports and their verdicts, the format, the containers and the SHA-256', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const report = await client.connection.sendRequest<ScanReport>(SCAN_REPORT_REQUEST, { uri: uri('models/payload.pkl') });
    assert.equal(report.format, 'pickle');
    assert.equal(report.verdict, 'dangerous');
    assert.deepEqual(report.imports.map((i) => [i.module, i.name, i.verdict]), [['os', 'system', 'dangerous']]);
    assert.equal(report.sha256, sha256(dangerousPickle()));
    assert.deepEqual(report.containers, ['pickle']);
    assert.ok(report.findings.some((f) => f.code === 'MLH401' && f.offset === 2));
    const npy = await client.connection.sendRequest<ScanReport>(SCAN_REPORT_REQUEST, { uri: uri('models/means.npy') });
    assert.deepEqual([npy.format, npy.verdict, npy.imports.length, npy.findings.length], ['npy', 'clean', 0, 0]);
    const big = await client.connection.sendRequest<ScanReport>(SCAN_REPORT_REQUEST, { uri: uri('models/big.npy') });
    assert.match(big.notScanned ?? '', /over the 1\.0 MB limit/);
    assert.equal(big.sha256, undefined);
  });
});

describe('model files and the catalog: the SHA-256 from the scan compared with recorded digests (MLH305) over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
  const model = benignNpy([0.25, 0.5]);

  function entry(digest: string): string {
    return minimalEntry('means', `versions:
  - version: "1"
    createdAt: "2026-01-01T00:00:00Z"
    changelog: First version.
    artifact: { format: other, hashes: [ { alg: SHA-256, content: "${digest}" } ] }
`).replace('models/means/*.safetensors', 'models/means/*.npy');
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-digest-'));
    fs.mkdirSync(path.join(dir, 'models/means'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.mlcatalog/models'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'models/means/v1.npy'), model);
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warns on a model file whose digest the entry does not record, with Information on the entry, and is silent when it matches', async () => {
    fs.writeFileSync(path.join(dir, '.mlcatalog/models/means.yaml'), entry('0'.repeat(64)));
    await client.initialize(pathToFileURL(dir).toString());
    const pub = await client.diagnostics(uri('models/means/v1.npy'), (d) => d.length > 0, 20_000);
    assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.severity]), [['MLH305', 2]]);
    assert.match(pub.diagnostics[0].message, new RegExp(`SHA-256 ${sha256(model)} matches none of the 1 digest\\(s\\) the catalog entry "means" records \\(version 1\\)`));
    const yaml = await client.diagnostics(uri('.mlcatalog/models/means.yaml'), (d) => d.some((x) => /not among the digests/.test(x.message)), 20_000);
    const note = yaml.diagnostics.find((x) => /not among the digests/.test(x.message))!;
    assert.equal(note.severity, 3);
    assert.equal(note.range.start.line, 11, 'at match.paths');
    // The digest recorded: the warning and the note go away.
    fs.writeFileSync(path.join(dir, '.mlcatalog/models/means.yaml'), entry(sha256(model)));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.mlcatalog/models/means.yaml'), type: 2 }] });
    await client.diagnostics(uri('models/means/v1.npy'), (d) => d.length === 0, 20_000);
    await client.diagnostics(uri('.mlcatalog/models/means.yaml'), (d) => !d.some((x) => /not among the digests/.test(x.message)), 20_000);
  });

  it('records the file as a new version from a quick fix on the entry: digest, format and size, and the warning goes', async () => {
    const yamlFile = path.join(dir, '.mlcatalog/models/means.yaml');
    fs.writeFileSync(yamlFile, entry('0'.repeat(64)));
    await client.initialize(pathToFileURL(dir).toString());
    const text = fs.readFileSync(yamlFile, 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('.mlcatalog/models/means.yaml'), languageId: 'yaml', version: 1, text } });
    const yaml = await client.diagnostics(uri('.mlcatalog/models/means.yaml'), (d) => d.some((x) => /not among the digests/.test(x.message)), 20_000);
    const note = yaml.diagnostics.find((x) => /not among the digests/.test(x.message))!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri('.mlcatalog/models/means.yaml') }, range: note.range, context: { diagnostics: [note], only: ['quickfix'] } })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), [`Record v1.npy as version 2 (SHA-256 ${sha256(model).slice(0, 12)}…)`]);
    const change = (actions[0].edit!.documentChanges![0] as TextDocumentEdit);
    assert.equal(change.textDocument.version, 1, 'a versioned edit of the open entry');
    const recorded = TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), change.edits);
    assert.ok(recorded.startsWith(text.trimEnd()), 'the entry as it was, the version appended');
    assert.match(recorded, new RegExp(`- version: "2"\\n    createdAt: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n    changelog: "?Recorded from models/means/v1.npy, whose digest no version recorded: say what changed and why."?\\n    artifact:\\n      uri: models/means/v1.npy\\n      format: other\\n      sizeBytes: ${model.length}\\n      hashes:\\n        - alg: SHA-256\\n          content: ${sha256(model)}\\n`));
    fs.writeFileSync(yamlFile, recorded);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('.mlcatalog/models/means.yaml') } });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.mlcatalog/models/means.yaml'), type: 2 }] });
    await client.diagnostics(uri('models/means/v1.npy'), (d) => d.length === 0, 20_000);
    const after = await client.diagnostics(uri('.mlcatalog/models/means.yaml'), (d) => !d.some((x) => /not among the digests/.test(x.message)), 20_000);
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1), [], 'the entry is still valid');
  });
});
