import { type ChildProcess, spawn } from 'child_process';

import { INVENTORY_CHANGED, INVENTORY_REQUEST, type Inventory } from '../../server/src/lsp/inventoryProtocol';
import * as path from 'path';
import {
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const SERVER = path.join(__dirname, '..', '..', 'out', 'server', 'server.js');

/** The bundled server over stdio, as an editor drives it, with helpers to wait for diagnostics. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Array<() => void> = [];
  /** What the client answers to `workspace/configuration` for `mlHygiene`. */
  settings: Record<string, unknown> = { enable: true };
  stderr = '';

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(rootUri: string, initializationOptions: unknown = { trusted: true }) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, any> };
  }

  /** Waits until a publish for `uri` satisfies `predicate` (polling each publish, with a deadline). */
  async diagnostics(uri: string, predicate: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = [...this.published].reverse().find((p) => p.uri === uri);
      if (hit && predicate(hit.diagnostics, hit)) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(hit)}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}

/** Asks for the inventory after each change notification until `ready` holds (with a deadline). */
export async function inventoryWhen(client: LspClient, ready: (inv: Inventory) => boolean, timeoutMs = 20_000): Promise<Inventory> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inv = await client.connection.sendRequest<Inventory>(INVENTORY_REQUEST);
    if (ready(inv)) return inv;
    if (Date.now() > deadline) throw new Error(`inventory never ready: ${JSON.stringify(inv)}\n${client.stderr}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      const sub = client.connection.onNotification(INVENTORY_CHANGED, () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }
}
