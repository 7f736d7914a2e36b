import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

/** Where the screenshots of a run go (the README's pictures are taken from such a run). */
export function screenshotDir(repo: string): string {
  const dir = process.env.ML_HYGIENE_SCREENSHOTS ? path.resolve(process.env.ML_HYGIENE_SCREENSHOTS) : path.join(repo, 'out', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

const problemRows = (page: Page, code: string) => page.locator('.markers-panel .monaco-list-row', { hasText: code });

/**
 * A person's path through the real workbench: open a file from the explorer, see the squiggle,
 * open the Problems panel, apply the quick fix from the light bulb, see the diagnostic go, and
 * follow the rule's link to its page. Each end state is saved as a screenshot.
 */
export async function lightBulbScenario(page: Page, shots: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const explorer = page.locator('.explorer-folders-view .monaco-list-row');
  await explorer.filter({ hasText: 'forecasting' }).first().click();
  await explorer.filter({ hasText: 'demand_forecast.py' }).first().click();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: 60_000 });

  await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  await problemRows(page, 'MLH110').first().waitFor({ timeout: 30_000 });
  const before = await problemRows(page, 'MLH110').count();
  if (before !== 2) throw new Error(`expected 2 MLH110 rows in the Problems panel, saw ${before}`);
  await page.screenshot({ path: path.join(shots, '01-squiggle-and-problems.png') });

  // The warning on line 19: go to it from the Problems panel, then open the light bulb menu.
  await problemRows(page, 'without `weights_only=True`').first().click();
  await page.locator('.monaco-editor .view-line', { hasText: 'state = torch.load(' }).first().locator('span', { hasText: 'torch' }).first().click();
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Set `weights_only=True`' }).first();
  await fix.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, '02-light-bulb.png') });
  // The preferred fix comes first and is selected; a person presses Enter.
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Set `weights_only=True`' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: 'map_location=device, weights_only=True' }).first().waitFor();
  const deadline = Date.now() + 30_000;
  while ((await problemRows(page, 'MLH110').count()) !== 1) {
    if (Date.now() > deadline) throw new Error('the fixed diagnostic did not leave the Problems panel');
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: path.join(shots, '03-fixed.png') });

  // The rule code in the Problems panel links to the rule's page, opened offline.
  await problemRows(page, 'MLH110').first().locator('.code-link, a.monaco-link').first().click();
  await page.locator('.tab', { hasText: 'Preview MLH110.md' }).first().waitFor({ timeout: 30_000 });
  const preview = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await preview.locator('h2', { hasText: 'Why is this bad?' }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, '04-rule-page.png') });
}
