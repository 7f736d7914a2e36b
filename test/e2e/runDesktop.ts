import * as path from 'path';
import { runTests } from '@vscode/test-electron';

import { copyExample, REPO } from './launch/codeServer';

/**
 * The same suite in a desktop VS Code, through @vscode/test-electron: it downloads VS Code
 * from Microsoft (or uses VSCODE_EXECUTABLE), so it needs a machine that can reach it.
 */
async function main(): Promise<void> {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out/test/e2e/index.js'),
    launchArgs: [copyExample(), '--disable-workspace-trust', '--skip-welcome'],
  });
}

main().catch((err: unknown) => {
  console.error(`desktop end-to-end run failed: ${(err as Error).message ?? err}`);
  process.exitCode = 1;
});
