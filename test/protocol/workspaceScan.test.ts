import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

import type { Inventory } from '../../server/src/lsp/inventoryProtocol';
import { notebookJson } from '../helpers/notebooks';
import { inventoryWhen, LspClient } from './lspClient';

const TRAIN = 'import torch\nstate = torch.load("model.pt")\n';
const DOWNLOAD = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("gpt2")\n';


const summary = (inv: Inventory, dir: string) =>
  inv.files.flatMap((f) => f.items.map((i) => `${path.relative(dir, new URL(f.uri).pathname)}:${i.line + 1}:${i.code}:${i.kind}`)).sort();

describe('workspace scan (the Shadow ML inventory) over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-scan-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, 'src/train.py'), TRAIN);
    fs.writeFileSync(path.join(dir, 'src/hub.py'), DOWNLOAD);
    fs.writeFileSync(path.join(dir, 'src/clean.py'), 'print("nothing to see")\n');
    fs.writeFileSync(path.join(dir, 'vendor/lib.py'), TRAIN);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'vendor/\n');
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every unsafe load and untrusted download on disk, without opening files, respecting .gitignore', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const inv = await inventoryWhen(client, (i) => !i.scanning && i.files.length > 0);
    const found = summary(inv, dir);
    assert.ok(found.includes('src/train.py:2:MLH110:load'), found.join());
    assert.ok(found.includes('src/hub.py:2:MLH201:download'), found.join());
    assert.ok(found.every((s) => s.startsWith('src/train.py') || s.startsWith('src/hub.py')), 'clean and git-ignored files are not listed');
    assert.equal(inv.unscanned, 0);
  });

  it('rescans a changed file, drops a deleted one, and lets an open buffer replace its disk results', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    await inventoryWhen(client, (i) => !i.scanning && i.files.length > 0);
    fs.writeFileSync(path.join(dir, 'src/train.py'), 'import torch\nstate = torch.load("model.pt", weights_only=True)\n');
    fs.rmSync(path.join(dir, 'src/hub.py'));
    fs.writeFileSync(path.join(dir, 'src/new.py'), 'import pickle\nx = pickle.load(open("m.pkl", "rb"))\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['src/train.py', 'src/new.py'].map((f) => ({ uri: pathToFileURL(path.join(dir, f)).toString(), type: 2 })).concat([{ uri: pathToFileURL(path.join(dir, 'src/hub.py')).toString(), type: 3 }]),
    });
    let inv = await inventoryWhen(client, (i) => !i.scanning && summary(i, dir).some((s) => s.startsWith('src/new.py')));
    assert.deepEqual(summary(inv, dir), ['src/new.py:2:MLH101:load']);
    const uri = pathToFileURL(path.join(dir, 'src/clean.py')).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: TRAIN } });
    inv = await inventoryWhen(client, (i) => summary(i, dir).some((s) => s.startsWith('src/clean.py')));
    assert.deepEqual(summary(inv, dir), ['src/clean.py:2:MLH110:load', 'src/new.py:2:MLH101:load']);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    inv = await inventoryWhen(client, (i) => !summary(i, dir).some((s) => s.startsWith('src/clean.py')));
    assert.deepEqual(summary(inv, dir), ['src/new.py:2:MLH101:load']);
  });

  it('lets an open notebook replace its disk results, each in its cell, until it closes', async () => {
    // NOTE: as VS Code does, only the Python cells are synced (the markdown cell is not sent).
    const nbFile = path.join(dir, 'src/explore.ipynb');
    fs.writeFileSync(nbFile, notebookJson([{ type: 'markdown', source: '# Notes\n' }, 'import torch\n', 'state = torch.load("model.pt")\n']));
    await client.initialize(pathToFileURL(dir).toString());
    const cells = (inv: Inventory) => inv.files.find((f) => f.uri.endsWith('explore.ipynb'))?.items.map((i) => `cell ${i.cell ?? i.cellUri}:${i.line}:${i.code}`) ?? [];
    let inv = await inventoryWhen(client, (i) => !i.scanning && cells(i).length > 0);
    assert.deepEqual(cells(inv), ['cell 2:0:MLH110']);
    const nbUri = pathToFileURL(nbFile).toString();
    const texts = ['import torch, pickle\n', 'state = torch.load("model.pt", weights_only=True)\n', 'x = 1\ny = pickle.loads(b)\n'];
    const docs = texts.map((text, i) => ({ uri: `vscode-notebook-cell:${nbFile}#W${i}`, languageId: 'python', version: 1, text }));
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: docs.map((d) => ({ kind: 2, document: d.uri })) },
      cellTextDocuments: docs,
    });
    inv = await inventoryWhen(client, (i) => cells(i).some((c) => c.endsWith('MLH101')));
    assert.deepEqual(cells(inv), [`cell ${docs[2].uri}:1:MLH101`], 'the live cells (by URI: the editor syncs only Python cells), not the file on disk');
    await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nbUri }, cellTextDocuments: docs.map((d) => ({ uri: d.uri })) });
    inv = await inventoryWhen(client, (i) => cells(i).some((c) => c.endsWith('MLH110')));
    assert.deepEqual(cells(inv), ['cell 2:0:MLH110'], 'closed: the file on disk again');
  });

  it('in an untrusted workspace, counts what the repository suppresses, marked as such', async () => {
    fs.writeFileSync(path.join(dir, 'src/train.py'), 'import torch\nstate = torch.load("model.pt")  # noqa: MLH110\n');
    await client.initialize(pathToFileURL(dir).toString(), { trusted: false });
    const inv = await inventoryWhen(client, (i) => !i.scanning && i.files.some((f) => f.uri.endsWith('train.py')));
    const item = inv.files.find((f) => f.uri.endsWith('train.py'))!.items[0];
    assert.equal(item.code, 'MLH110');
    assert.equal(item.suppressedByRepository, true);
    assert.match(item.message, /Suppressed by this repository/);
  });

  it('says why there is no inventory when the setting is off', async () => {
    client.settings = { enable: true, workspaceScan: { enable: false } };
    await client.initialize(pathToFileURL(dir).toString());
    const inv = await inventoryWhen(client, (i) => !!i.disabled && i.disabled.includes('workspaceScan'));
    assert.deepEqual(inv.files, []);
  });
});
