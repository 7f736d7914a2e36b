import * as path from 'path';
import type { Page } from 'playwright-core';

import { palette } from './lightBulb';

/**
 * The ML Hygiene sidebar as a person opens it: the Catalog view from the Command Palette, a
 * declared model expanded down to where the code saves it, and the Shadow ML view below.
 * The end state is the README's picture of the sidebar.
 */
export async function sidebarScenario(page: Page, shots: string): Promise<void> {
  await palette(page, 'ML Hygiene: Open Model Catalog');
  const rows = page.locator('.pane', { hasText: 'Catalog' }).locator('.monaco-list-row');
  const forecaster = rows.filter({ hasText: 'Weekly demand forecaster' }).first();
  await forecaster.waitFor({ timeout: 60_000 });
  await rows.filter({ hasText: 'Price elasticity estimator' }).first().waitFor();
  await forecaster.click();
  const saved = rows.filter({ hasText: 'Saved at' }).first();
  await saved.waitFor({ timeout: 30_000 });
  await saved.click();
  await rows.filter({ hasText: 'forecasting/train.py:33' }).first().waitFor({ timeout: 60_000 });
  await page.locator('.pane-header', { hasText: 'Shadow ML' }).first().waitFor();
  await page.screenshot({ path: path.join(shots, 'sidebar.png') });
}
