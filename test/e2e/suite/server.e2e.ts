import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';

import { closeAll, open, ours, until } from './helpers';

/** PIDs of language servers started by this extension host. */
function serverPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes('out/server/server.js'))
    .map((l) => parseInt(l.trim(), 10));
}

describe('the language server process', () => {
  afterEach(closeAll);

  it('is restarted after it dies, and diagnostics keep coming', async () => {
    const editor = await open('forecasting/demand_forecast.py');
    const uri = editor.document.uri;
    await until('diagnostics', () => ours(uri).length === 2);
    const [before] = await until('the server process', () => serverPids().length === 1 && serverPids());
    process.kill(before, 'SIGKILL');
    const after = await until('a new server process', () => serverPids().find((p) => p !== before));
    assert.notEqual(after, before);
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), '\nextra = torch.load("x.pt")\n'));
    await until('diagnostics from the restarted server', () => ours(uri).length === 3, 45_000);
  });
});
