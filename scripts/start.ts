import { execFileSync, spawn, spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

import { CodeServer, codeServerBinary, REPO } from '../test/e2e/launch/codeServer';

/**
 * `npm start`: opens the example workspace in a real VS Code with the extension loaded from this
 * checkout. With a desktop `code` on the PATH it uses `--extensionDevelopmentPath`; otherwise it
 * runs code-server on 127.0.0.1 and prints the URL to open (Ctrl+C stops it).
 */
const EXAMPLE = path.join(REPO, 'examples', 'retail-demo');

function hasDesktopCode(): boolean {
  if (process.env.ML_HYGIENE_USE_CODE_SERVER) return false;
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  if (hasDesktopCode()) {
    spawn('code', [`--extensionDevelopmentPath=${REPO}`, EXAMPLE], { stdio: 'inherit', detached: true }).unref();
    console.log('Opened examples/retail-demo in VS Code with ML Hygiene loaded from this checkout.');
    return;
  }
  if (os.userInfo().uid === 0) execFileSync('bash', [path.join(REPO, 'scripts/vscode/system-deps.sh')], { stdio: 'inherit' });
  const bin = codeServerBinary();
  const port = Number(process.env.PORT ?? 8080);
  const server = await CodeServer.start(bin, EXAMPLE, { port });
  const payload = [['extensionDevelopmentPath', `vscode-remote://remote${REPO}`], ['skipWelcome', 'true']];
  const url = `${server.url}/?folder=${encodeURIComponent(EXAMPLE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log('\nThe example workspace is open in code-server (VS Code from npm), with ML Hygiene loaded from this checkout.');
  console.log(`Open this URL in a browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${(err as Error).message ?? err}`);
  process.exitCode = 1;
});
