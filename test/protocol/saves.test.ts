import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';

import { LspClient } from './lspClient';

describe('language server: model saves and the catalog', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-saves-proto-'));
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags an undeclared save with no catalog, and "Create the catalog and declare" creates both files (never overwriting); the new entry stays invalid', async () => {
    const uri = pathToFileURL(path.join(dir, 'train.py')).toString();
    await client.initialize(pathToFileURL(dir).toString());
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'import torch\ntorch.save(sd, "models/m.pt")\n' } });
    const { diagnostics } = await client.diagnostics(uri, (d) => d.length === 1);
    assert.equal(diagnostics[0].code, 'MLH301');
    assert.match(diagnostics[0].message, /no model catalog yet/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    const declare = actions.find((a) => a.title.startsWith('Create the catalog (.mlcatalog/) and declare'));
    assert.ok(declare, actions.map((a) => a.title).join(' | '));
    const changes = declare.edit!.documentChanges! as Array<CreateFile | TextDocumentEdit>;
    const created = changes.filter((c): c is CreateFile => 'kind' in c && c.kind === 'create');
    assert.deepEqual(created.map((c) => path.relative(dir, fileURLToPath(c.uri))), [path.join('.mlcatalog', 'policy.yaml'), path.join('.mlcatalog', 'models', 'm.yaml')]);
    assert.deepEqual(created.map((c) => c.options), [{ overwrite: false, ignoreIfExists: false }, { overwrite: false, ignoreIfExists: false }]);
    // What the editor does with the edit: create each file, then insert its text.
    for (const change of changes) {
      if ('kind' in change) fs.mkdirSync(path.dirname(fileURLToPath(change.uri)), { recursive: true });
      else fs.writeFileSync(fileURLToPath(change.textDocument.uri), change.edits.map((e) => e.newText).join(''));
    }
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: created.map((c) => ({ uri: c.uri, type: 1 })) });
    const after = await client.diagnostics(uri, (d) => d.length === 1 && /not valid yet/.test(d[0].message));
    assert.match(after.diagnostics[0].message, /matches catalog entry `m` \(\.mlcatalog\/models\/m\.yaml\), which is not valid yet/);
  });
});
