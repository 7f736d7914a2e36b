import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { notebookJson } from '../helpers/notebooks';
import { LspClient } from './lspClient';

/** A cell as the client sends it: its kind (1 markup, 2 code) and text. */
interface Cell {
  kind: 1 | 2;
  text: string;
  language?: string;
}

describe('notebooks over LSP 3.17 notebook sync', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;
  let nbUri: string;
  let counter = 0;
  const docs = new Map<string, TextDocument>();

  const cellUri = () => `vscode-notebook-cell:${nbUri.slice('file:'.length)}#W${counter++}sZmlsZQ%3D%3D`;
  const cellDoc = (cell: Cell) => {
    const doc = TextDocument.create(cellUri(), cell.language ?? (cell.kind === 2 ? 'python' : 'markdown'), 1, cell.text);
    docs.set(doc.uri, doc);
    return doc;
  };
  const item = (d: TextDocument) => ({ uri: d.uri, languageId: d.languageId, version: d.version, text: d.getText() });
  const kindOf = (d: TextDocument) => (d.languageId === 'markdown' ? 1 : 2);

  /** Codes and 0-based lines of the last diagnostics published for a cell. */
  async function codes(doc: TextDocument, predicate: (c: string[]) => boolean = () => true): Promise<string[]> {
    const p = await client.diagnostics(doc.uri, (d) => predicate(d.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`)));
    return p.diagnostics.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`);
  }

  async function openNotebook(cells: Cell[], notebookType = 'jupyter-notebook'): Promise<TextDocument[]> {
    const { capabilities } = await client.initialize(pathToFileURL(dir).toString());
    assert.ok(capabilities.notebookDocumentSync);
    const cellDocs = cells.map(cellDoc);
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType, version: 1, cells: cellDocs.map((d) => ({ kind: kindOf(d), document: d.uri })) },
      cellTextDocuments: cellDocs.map(item),
    });
    return cellDocs;
  }

  async function editCell(doc: TextDocument, text: string, nbVersion: number): Promise<TextDocument> {
    const next = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
    docs.set(doc.uri, next);
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: nbVersion },
      change: { cells: { textContent: [{ document: { uri: doc.uri, version: next.version }, changes: [{ text }] }] } },
    });
    return next;
  }

  async function actions(doc: TextDocument, range: unknown, only?: string[], diagnostics: unknown[] = []): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: doc.uri }, range, context: { diagnostics, only } })) as CodeAction[];
  }

  /** Applies a code action's edits to the cell documents, checking the versions they were made for. */
  function apply(action: CodeAction): Map<string, string> {
    const out = new Map<string, string>();
    for (const change of action.edit?.documentChanges as TextDocumentEdit[]) {
      const doc = docs.get(change.textDocument.uri)!;
      assert.equal(change.textDocument.version, doc.version, 'edits are versioned with the cell version');
      out.set(doc.uri, TextDocument.applyEdits(doc, change.edits));
    }
    return out;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-nb-'));
    nbUri = pathToFileURL(path.join(dir, 'explore.ipynb')).toString();
    docs.clear();
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('advertises notebook sync for Jupyter and the Interactive Window, and notebook fix-all', async () => {
    const { capabilities } = await client.initialize(pathToFileURL(dir).toString());
    assert.deepEqual(capabilities.notebookDocumentSync.notebookSelector.map((s: any) => [s.notebook.notebookType, s.cells[0].language]), [['jupyter-notebook', 'python'], ['interactive', 'python']]);
    assert.ok(capabilities.codeActionProvider.codeActionKinds.includes('notebook.source.fixAll.mlHygiene'));
  });

  it('analyses the code cells as one module and publishes per cell, empty lists for clean cells', async () => {
    const [md, imports, load, clean, sql] = await openNotebook([
      { kind: 1, text: '# Notes\npickle.load(f)\n' },
      { kind: 2, text: '%matplotlib inline\nimport torch as T\nimport yaml' },
      { kind: 2, text: '!ls\nsd = T.load(p)\ncfg = yaml.load(s)\n' },
      { kind: 2, text: 'x = 1\n' },
      { kind: 2, text: 'SELECT 1', language: 'sql' },
    ]);
    assert.deepEqual(await codes(load, (c) => c.length === 2), ['MLH110@1:5', 'MLH111@2:6']);
    assert.deepEqual(await codes(imports), []);
    assert.deepEqual(await codes(clean), []);
    assert.ok(!client.published.some((p) => p.uri === md.uri || p.uri === sql.uri), 'markdown and non-Python cells get nothing');
  });

  it('follows edits of a cell, and clears stale diagnostics', async () => {
    const [imports, load] = await openNotebook([{ kind: 2, text: 'import torch\n' }, { kind: 2, text: 'sd = torch.load(p)\n' }]);
    assert.deepEqual(await codes(load, (c) => c.length === 1), ['MLH110@0:5']);
    await editCell(load, 'sd = torch.load(p, weights_only=True)\n', 2);
    assert.deepEqual(await codes(load, (c) => c.length === 0), []);
    await editCell(imports, 'import pickle as torch\n', 3);
    await editCell(load, 'sd = torch.load(p)\n', 4);
    assert.deepEqual(await codes(load, (c) => c.length === 1), ['MLH101@0:5'], 'torch is pickle now, from the first cell');
  });

  it('follows cells added, removed and moved', async () => {
    const [imports, a] = await openNotebook([{ kind: 2, text: 'import torch\n' }, { kind: 2, text: 'a = torch.load(p)\n' }]);
    await codes(a, (c) => c.length === 1);
    const added = cellDoc({ kind: 2, text: 'b = 1\nc = torch.load(q)\n' });
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 2 },
      change: { cells: { structure: { array: { start: 2, deleteCount: 0, cells: [{ kind: 2, document: added.uri }] }, didOpen: [item(added)] } } },
    });
    assert.deepEqual(await codes(added, (c) => c.length === 1), ['MLH110@1:4']);
    // Remove cell `a`: its diagnostics are cleared.
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 3 },
      change: { cells: { structure: { array: { start: 1, deleteCount: 1 }, didClose: [{ uri: a.uri }] } } },
    });
    await codes(a, (c) => c.length === 0);
    // Move the added cell to the top, then edit it: its finding stays on its own cell.
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 4 },
      change: { cells: { structure: { array: { start: 0, deleteCount: 2, cells: [{ kind: 2, document: added.uri }, { kind: 2, document: imports.uri }] } } } },
    });
    await editCell(added, 'z = 0\nb = 1\nc = torch.load(q)\n', 5);
    assert.deepEqual(await codes(added, (c) => c.length === 1 && c[0] === 'MLH110@2:4'), ['MLH110@2:4']);
    assert.deepEqual(await codes(imports), []);
  });

  it('quick fixes and fix-all edit the cell documents, with their versions', async () => {
    const [imports, load, yml] = await openNotebook([
      { kind: 2, text: 'import torch\nimport yaml\n' },
      { kind: 2, text: '%time sd = torch.load(p)\n' },
      { kind: 2, text: 'cfg = yaml.load(s)' },
    ]);
    const { diagnostics } = await client.diagnostics(load.uri, (d) => d.length === 1);
    const quick = await actions(load, diagnostics[0].range, undefined, diagnostics);
    const preferred = quick.find((a) => a.isPreferred)!;
    assert.deepEqual(quick.map((a) => a.kind), ['quickfix', 'quickfix']);
    assert.deepEqual([...apply(preferred).values()], ['%time sd = torch.load(p, weights_only=True)\n']);
    const noqa = quick.find((a) => a.title.includes('# noqa: MLH110'))!;
    assert.deepEqual([...apply(noqa).values()], ['%time sd = torch.load(p)  # noqa: MLH110\n']);

    const cellOnly = await actions(yml, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll']);
    assert.deepEqual(cellOnly.map((a) => a.kind), ['source.fixAll.mlHygiene']);
    assert.deepEqual([...apply(cellOnly[0]).entries()], [[yml.uri, 'cfg = yaml.safe_load(s)']]);

    const whole = await actions(imports, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['notebook.source.fixAll']);
    assert.deepEqual(whole.map((a) => a.kind), ['notebook.source.fixAll.mlHygiene']);
    assert.deepEqual([...apply(whole[0]).entries()], [[load.uri, '%time sd = torch.load(p, weights_only=True)\n'], [yml.uri, 'cfg = yaml.safe_load(s)']]);
  });

  it('reports a !wget of a model file in a cell, with {name} resolved from an earlier cell, and offers # noqa', async () => {
    const [, shell] = await openNotebook([{ kind: 2, text: 'URL = "https://host.example/m.pt"\n' }, { kind: 2, text: 'import os\n!wget {URL}\n' }]);
    const { diagnostics } = await client.diagnostics(shell.uri, (d) => d.length === 1);
    assert.equal(diagnostics[0].code, 'MLH206');
    assert.deepEqual(diagnostics[0].range, { start: { line: 1, character: 6 }, end: { line: 1, character: 11 } });
    const [noqa] = await actions(shell, diagnostics[0].range, undefined, diagnostics);
    assert.deepEqual([...apply(noqa).values()], ['import os\n!wget {URL}  # noqa: MLH206\n']);
  });

  it('works in the Interactive Window, and clears every cell when the notebook closes', async () => {
    const [cell] = await openNotebook([{ kind: 2, text: 'import pickle\nm = pickle.loads(b)\n' }], 'interactive');
    assert.deepEqual(await codes(cell, (c) => c.length === 1), ['MLH101@1:4']);
    await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nbUri }, cellTextDocuments: [{ uri: cell.uri }] });
    await codes(cell, (c) => c.length === 0);
  });

  it('reports on a .ipynb file opened as text: MLH003 where it is broken, or the cells\' findings in the JSON', async () => {
    await client.initialize(pathToFileURL(dir).toString());
    const good = notebookJson(['import torch\n', 'sd = torch.load(p)\n']);
    const bad = '{\n "cells": [\n  {"cell_type": "code", "source": 7}\n ]\n}\n';
    const [goodUri, badUri] = ['good.ipynb', 'bad.ipynb'].map((f) => pathToFileURL(path.join(dir, f)).toString());
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: goodUri, languageId: 'json', version: 1, text: good } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: badUri, languageId: 'json', version: 1, text: bad } });
    const [finding] = (await client.diagnostics(goodUri, (d) => d.length === 1)).diagnostics;
    const line = good.split('\n')[finding.range.start.line];
    assert.equal(line.slice(finding.range.start.character, finding.range.end.character), 'torch.load');
    const [problem] = (await client.diagnostics(badUri, (d) => d.length === 1)).diagnostics;
    assert.equal(problem.code, 'MLH003');
    assert.equal(problem.range.start.line, 2);
    assert.match(problem.message, /cell 1: "source" must be a string or a list of strings/);
  });

  it('honours mlHygiene.notebooks.enable', async () => {
    client.settings = { enable: true, notebooks: { enable: false } };
    const [cell] = await openNotebook([{ kind: 2, text: 'import pickle\nm = pickle.loads(b)\n' }]);
    assert.deepEqual(await codes(cell), []);
    client.settings = { enable: true };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await codes(cell, (c) => c.length === 1), ['MLH101@1:4']);
  });

  it('greys the cells\' findings the baseline holds, as the CLI that wrote it leaves them out', async () => {
    const cells = ['import torch\n', 'sd = torch.load(p)\n'];
    fs.writeFileSync(path.join(dir, 'explore.ipynb'), notebookJson(cells));
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'ml-hygiene.js'), 'check', '--write-baseline', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const [, load, added] = await openNotebook([...cells.map((text): Cell => ({ kind: 2, text })), { kind: 2, text: 'x = 1\nagain = torch.load(q)\n' }]);
    const known = await client.diagnostics(load.uri, (d) => d.length === 1);
    assert.deepEqual(known.diagnostics.map((d) => [d.code, d.severity, d.tags]), [['MLH110', 3, [1]]]);
    assert.match(known.diagnostics[0].message, /^In the baseline \(\.ml-hygiene-baseline\.json\)/);
    const fresh = await client.diagnostics(added.uri, (d) => d.length === 1);
    assert.deepEqual(fresh.diagnostics.map((d) => [d.code, d.range.start.line, d.severity, d.tags ?? []]), [['MLH110', 1, 2, []]]);
  });
});
