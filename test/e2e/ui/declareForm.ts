import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The webview frame that holds the form (webviews nest two iframes; poll until one has it). */
async function formFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('#f-id').catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error('the Declare model form did not appear');
    await page.waitForTimeout(200);
  }
}

/**
 * A lead declares a model through the form: opens it from the Command Palette, types into the
 * fields (an owner that is not a principal is flagged next to its field), picks a criticality
 * and a tier, sees what the policy then requires, and saves; the new file opens in the editor
 * and is on disk. The filled form is saved as declare-form.png (the README's picture).
 */
export async function declareFormScenario(page: Page, shots: string, workspace: string): Promise<void> {
  // The ML Hygiene container in the activity bar, then the command, as a person finds them.
  await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="ML Hygiene"]') }).first().click();
  await palette(page, 'ML Hygiene: Declare Model');
  const form = await formFrame(page);
  // Room for the picture: the Shadow ML view folded, the panel hidden, the sidebar wider.
  await page.locator('.pane-header', { hasText: 'Shadow ML' }).first().click();
  await palette(page, 'View: Hide Panel');
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 200);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + 620, sidebar.y + 200, { steps: 5 });
    await page.mouse.up();
  }
  await form.locator('#f-id').fill('');
  await form.locator('#f-id').pressSequentially('fraud-detector');
  await form.locator('#f-title').fill('Card fraud detector');
  await form.locator('#f-businessUse').fill('Blocks card payments that are likely fraudulent before they are authorised.');
  await form.locator('#f-ownerBusiness').pressSequentially('risk-lead');
  await form.locator('#err-ownerBusiness', { hasText: 'expected a principal' }).waitFor({ timeout: 30_000 });
  await form.locator('#f-ownerBusiness').fill('risk-lead@retail-demo.example');
  await form.locator('#err-ownerBusiness:empty').waitFor({ state: 'attached', timeout: 30_000 });
  await form.locator('#f-ownerTechnical').fill('group:forecasting');
  await form.locator('#f-criticality').selectOption('high');
  await form.locator('[id="f-environments.0.tier"]').selectOption('production');
  await form.locator('#f-format').selectOption('onnx');
  await form.locator('#f-limitations').fill('Not validated for corporate cards.');
  await form.locator('#f-matchPaths').fill('models/fraud_*.onnx');
  await form.locator('label[for="f-limitations"] .mark', { hasText: 'required: criticality high, production tier' }).waitFor({ timeout: 30_000 });
  await form.locator('pre.preview', { hasText: 'id: fraud-detector' }).waitFor({ timeout: 30_000 });
  await form.locator('#target').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'declare-form.png') });

  // Keyboard: focus the Save button and press Enter, as a person without a mouse would.
  await form.locator('#save').focus();
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'fraud-detector.yaml' }).first().waitFor({ timeout: 30_000 });
  await form.locator('#status', { hasText: 'Saved .mlcatalog/models/fraud-detector.yaml' }).waitFor({ timeout: 30_000 });
  const file = path.join(workspace, '.mlcatalog', 'models', 'fraud-detector.yaml');
  const text = fs.readFileSync(file, 'utf8');
  for (const line of ['id: fraud-detector', 'business: risk-lead@retail-demo.example', 'criticality: high', '  - Not validated for corporate cards.']) {
    if (!text.includes(line)) throw new Error(`the saved entry lacks "${line}":\n${text}`);
  }
  await page.screenshot({ path: path.join(shots, 'declare-form-saved.png') });
}

/**
 * In Restricted Mode the form still opens and checks what is typed, but Save is disabled with
 * the reason next to it, and nothing is written.
 */
export async function restrictedFormScenario(page: Page, shots: string, workspace: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The ML Hygiene container shows the form as its second view.
  await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="ML Hygiene"]') }).first().click({ timeout: 60_000 });
  const form = await formFrame(page);
  await form.locator('#restricted', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
  if (!(await form.locator('#save').isDisabled())) throw new Error('Save is enabled in Restricted Mode');
  await form.locator('#f-ownerBusiness').pressSequentially('nobody');
  await form.locator('#err-ownerBusiness', { hasText: 'expected a principal' }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'declare-form-restricted.png') });
  const models = path.join(workspace, '.mlcatalog', 'models');
  const before = fs.readdirSync(models).length;
  await form.locator('#save').click({ force: true }).catch(() => undefined);
  if (fs.readdirSync(models).length !== before) throw new Error('a file was written in Restricted Mode');
}

/**
 * In Restricted Mode the repository cannot hide findings: pricing/features.py's `pd.read_pickle`,
 * ignored by the example's per-file-ignores, shows in the Problems panel as suppressed by this
 * repository, and the Shadow ML view counts it.
 */
export async function restrictedFindingsScenario(page: Page, shots: string): Promise<void> {
  await palette(page, 'Go to File');
  await page.keyboard.type('features.py');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'features.py' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'features.py' }).first().waitFor({ timeout: 30_000 });
  await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Suppressed by this repository' }).first();
  await row.waitFor({ timeout: 60_000 });
  const text = (await row.textContent()) ?? '';
  if (!/per-file-ignores/.test(text) || !/read_pickle/.test(text)) throw new Error(`unexpected Problems row: ${text}`);
  await page.screenshot({ path: path.join(shots, 'restricted-suppressed.png') });
}
