import * as path from 'path';
import * as util from 'util';

import { launchBrowser } from './launch/browser';
import * as fs from 'fs';
import * as os from 'os';

import { CodeServer, codeServerBinary, copyExample, REPO } from './launch/codeServer';
import { declareFormScenario, restrictedFindingsScenario, restrictedFormScenario } from './ui/declareForm';
import { lightBulbScenario, screenshotDir } from './ui/lightBulb';
import { sidebarScenario } from './ui/sidebar';

/**
 * Runs the end-to-end mocha suite inside code-server's extension host, through the workbench's
 * `payload` (extensionDevelopmentPath + extensionTestsPath), and exits with the suite's code.
 */
async function runSuite(bin: string): Promise<{ code: number; passed: number; failed: number }> {
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
    let counts = { passed: 0, failed: 0 };
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(args ?? []));
      const summary = /^e2e: (\d+) passed, (\d+) failed/.exec(line);
      if (summary) counts = { passed: Number(summary[1]), failed: Number(summary[2]) };
      if (/^\s|passing|failing|pending|e2e:|Error|assert|✔|✓|\d+\)|uriScheme|tab=/.test(line) || type === 'error') console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.goto(url);
    // NOTE: unref'd, so the timer does not keep this process alive once the suite has reported.
    const timeout = new Promise<number>((r) => setTimeout(() => r(124), 5 * 60_000).unref());
    const code = await Promise.race([exited, timeout]);
    if (code === 124) console.log(`the suite did not report within 5 minutes; code-server log:\n${server.log()}`);
    console.log(`end-to-end suite in code-server: exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { code, ...counts, failed: code !== 0 && counts.failed === 0 ? 1 : counts.failed };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * Installs the packaged .vsix into a fresh code-server (no development path: the shipped
 * package is what runs) and walks a person's path through the UI with Chromium.
 */
async function runPackaged(bin: string): Promise<void> {
  const vsix = path.join(REPO, 'out', 'ml-hygiene.vsix');
  if (!fs.existsSync(vsix)) throw new Error('out/ml-hygiene.vsix is missing: run `npm run package` first');
  const extensions = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-extensions-'));
  CodeServer.installVsix(bin, vsix, extensions);
  const workspace = copyExample();
  const server = await CodeServer.start(bin, workspace, { extensionsDir: extensions });
  const browser = await launchBrowser();
  const started = Date.now();
  const shots = screenshotDir(REPO);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await lightBulbScenario(page, shots);
    await sidebarScenario(page, shots);
    await declareFormScenario(page, shots, workspace);
    console.log(`packaged extension, UI scenario in Chromium: passed after ${((Date.now() - started) / 1000).toFixed(1)} s (screenshots in ${path.relative(process.cwd(), shots)})`);
  } catch (err) {
    await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(extensions, { recursive: true, force: true });
  }
}

/** The packaged extension in Restricted Mode (workspace trust on, the folder untrusted). */
async function runRestricted(bin: string): Promise<void> {
  const vsix = path.join(REPO, 'out', 'ml-hygiene.vsix');
  const extensions = fs.mkdtempSync(path.join(os.tmpdir(), 'mlh-extensions-'));
  CodeServer.installVsix(bin, vsix, extensions);
  const workspace = copyExample();
  const server = await CodeServer.start(bin, workspace, { extensionsDir: extensions, restricted: true });
  const browser = await launchBrowser();
  const shots = screenshotDir(REPO);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await restrictedFormScenario(page, shots, workspace);
    await restrictedFindingsScenario(page, shots);
    console.log('packaged extension in Restricted Mode, UI scenario in Chromium: passed');
  } catch (err) {
    await page.screenshot({ path: path.join(shots, 'failure-restricted.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(extensions, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const bin = codeServerBinary();
  if (!bin) throw new Error('code-server could not be installed');
  const suite = await runSuite(bin);
  let ui = 0;
  try {
    await runPackaged(bin);
  } catch (err) {
    console.error(`packaged extension, UI scenario failed: ${(err as Error).stack ?? err}`);
    ui = 1;
  }
  let restricted = 0;
  try {
    await runRestricted(bin);
  } catch (err) {
    console.error(`packaged extension in Restricted Mode, UI scenario failed: ${(err as Error).stack ?? err}`);
    restricted = 1;
  }
  // NOTE: one plain closing line for CI: the suite's tests plus the two UI scenarios.
  console.log(`\ne2e: ${suite.passed + 2 - ui - restricted} passed, ${suite.failed + ui + restricted} failed`);
  process.exitCode = suite.code !== 0 || ui !== 0 || restricted !== 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(`end-to-end run failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
