import { type ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.join(__dirname, '..', '..', '..');

/** Quiet user settings: no welcome page, trust prompt, update or telemetry traffic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Installs code-server into the user cache once (scripts/vscode/install-code-server.sh). */
export function codeServerBinary(): string {
  const out = execFileSync('bash', [path.join(REPO, 'scripts/vscode/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop() ?? '';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A code-server on 127.0.0.1 with a fresh user-data and extensions folder. */
export class CodeServer {
  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
    readonly log: () => string,
  ) {}

  /** `restricted`: workspace trust on and the folder not trusted (Restricted Mode), with no prompt. */
  static async start(bin: string, folder: string, opts: { port?: number; extensionsDir?: string; restricted?: boolean } = {}): Promise<CodeServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-code-server-'));
    fs.mkdirSync(path.join(dataDir, 'user/User'), { recursive: true });
    const settings = opts.restricted ? { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : USER_SETTINGS;
    fs.writeFileSync(path.join(dataDir, 'user/User/settings.json'), JSON.stringify(settings, null, 2));
    fs.writeFileSync(path.join(dataDir, 'config.yaml'), '');
    const extensionsDir = opts.extensionsDir ?? path.join(dataDir, 'extensions');
    const port = opts.port ?? (await freePort());
    const args = ['--config', path.join(dataDir, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', ...(opts.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
      '--user-data-dir', path.join(dataDir, 'user'), '--extensions-dir', extensionsDir, folder];
    let log = '';
    const child = spawn(bin, args, {
      detached: true,
      env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', XDG_DATA_HOME: path.join(dataDir, 'xdg-data'), XDG_CONFIG_HOME: path.join(dataDir, 'xdg-config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const server = new CodeServer(`http://127.0.0.1:${port}`, dataDir, child, () => log);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log}`);
      const ok = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
      if (ok) return server;
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.stop();
    throw new Error(`code-server did not answer /healthz within 60 s:\n${log}`);
  }

  /** Installs a packaged .vsix into an extensions folder with the same binary. */
  static installVsix(bin: string, vsix: string, extensionsDir: string): void {
    execFileSync(bin, ['--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'inherit', env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' } });
  }

  async stop(): Promise<void> {
    if (this.child.pid && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        this.child.kill('SIGTERM');
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A copy of the example workspace, so tests may edit settings and files freely. */
export function copyExample(name = 'retail-demo'): string {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-ws-'));
  const target = path.join(dest, name);
  fs.cpSync(path.join(REPO, 'examples', name), target, { recursive: true });
  return target;
}
