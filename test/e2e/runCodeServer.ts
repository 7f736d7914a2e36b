import * as path from 'path';
import * as util from 'util';

import { launchBrowser } from './launch/browser';
import { CodeServer, codeServerBinary, copyExample, REPO } from './launch/codeServer';

/**
 * Runs the end-to-end mocha suite inside code-server's extension host, through the workbench's
 * `payload` (extensionDevelopmentPath + extensionTestsPath), and exits with the suite's code.
 */
async function runSuite(bin: string): Promise<number> {
  const workspace = copyExample();
  const server = await CodeServer.start(bin, workspace);
  const browser = await launchBrowser();
  const started = Date.now();
  try {
    const remote = (p: string) => `vscode-remote://remote${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(path.join(REPO, 'out/test/e2e/index.js'))],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    let finish: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(args ?? []));
      if (/^\s|passing|failing|pending|e2e:|Error|assert|✔|✓|\d+\)|uriScheme|tab=/.test(line) || type === 'error') console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.goto(url);
    const timeout = new Promise<number>((r) => setTimeout(() => r(124), 5 * 60_000));
    const code = await Promise.race([exited, timeout]);
    if (code === 124) console.log(`the suite did not report within 5 minutes; code-server log:\n${server.log()}`);
    console.log(`end-to-end suite in code-server: exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const bin = codeServerBinary();
  if (!bin) throw new Error('code-server could not be installed');
  process.exitCode = await runSuite(bin);
}

main().catch((err: unknown) => {
  console.error(`end-to-end run failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
