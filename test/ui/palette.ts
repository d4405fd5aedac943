// The command palette, used as a person does, shared by the UI tests.
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/processes';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs a command by its exact palette title (clicked, so a longer title that also matches is
 * never taken; `exact: false` takes the first title starting with `title`, for workbench commands
 * whose label carries an ellipsis or varies by version). The palette lists what was registered when it was filled, and the extension's
 * commands appear a few seconds after the workbench: so it is reopened until the title is there.
 */
export async function runCommand(page: Page, title: string, options: { exact?: boolean } = {}): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}${options.exact === false ? '' : '$'}`) }) })
    .first();
  await waitFor(
    `the command "${title}" in the palette`,
    async () => {
      if (!(await input.isVisible())) await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const found = await row.waitFor({ timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (!found) await page.keyboard.press('Escape');
      return found;
    },
    60_000,
    200,
  );
  await row.click();
}
