import Mocha from 'mocha';

/**
 * The test runner VS Code loads in its extension host (`extensionTestsPath`): mocha with the
 * suites bundled in. The same file serves code-server and @vscode/test-electron.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  await import('./suite/diagnostics.e2e');
  await import('./suite/fixes.e2e');
  await import('./suite/settings.e2e');
  await import('./suite/server.e2e');
  await import('./suite/notebooks.e2e');
  await import('./suite/sidebar.e2e');
  await import('./suite/catalogView.e2e');
  await import('./suite/baseline.e2e');
  await import('./suite/catalog.e2e');
  await import('./suite/declareForm.e2e');
  await import('./suite/modelFiles.e2e');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`e2e: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
