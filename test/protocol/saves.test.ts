import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { CodeAction, CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

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

  it('flags an undeclared save with no catalog; "declare" opens the form prefilled, and an entry written without owners stays invalid until completed', async () => {
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
    const declare = actions.find((a) => a.title.startsWith('Create the catalog and declare'));
    assert.ok(declare, actions.map((a) => a.title).join(' | '));
    assert.equal(declare.edit, undefined, 'nothing to change in the code: the path links the save');
    assert.equal(declare.command?.command, 'mlHygiene.declareModel');
    const args = declare.command!.arguments![0] as { catalogDir: string; suggestedId: string; path: string; format: string; match: { paths: string[] } };
    assert.deepEqual([args.catalogDir, args.suggestedId, args.path, args.match.paths], [pathToFileURL(path.join(dir, '.mlcatalog')).toString(), 'm', 'models/m.pt', ['models/m.pt']]);
    assert.match(args.format, /^pytorch-pickle/);
    // What the form's Save asks for when the owners and business use are left empty: the write, its guards, applied.
    const params = { action: 'createEntry', catalogDir: args.catalogDir, draft: { id: args.suggestedId, match: args.match } };
    const result = (await client.connection.sendRequest('mlHygiene/catalogEdit', params)) as { edit: WorkspaceEdit; guards: Array<{ uri: string; hash: string | null }> };
    assert.deepEqual(result.guards.map((g) => [path.relative(dir, fileURLToPath(g.uri)), g.hash]), [[path.join('.mlcatalog', 'models', 'm.yaml'), null]]);
    for (const change of result.edit.documentChanges as Array<CreateFile | TextDocumentEdit>) {
      if ('kind' in change) fs.mkdirSync(path.dirname(fileURLToPath(change.uri)), { recursive: true });
      else fs.writeFileSync(fileURLToPath(change.textDocument.uri), change.edits.map((e) => e.newText).join(''));
    }
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: result.guards.map((g) => ({ uri: g.uri, type: 1 })) });
    const after = await client.diagnostics(uri, (d) => d.length === 1 && /not valid yet/.test(d[0].message));
    assert.match(after.diagnostics[0].message, /matches catalog entry `m` \(\.mlcatalog\/models\/m\.yaml\), which is not valid yet/);
  });
});
