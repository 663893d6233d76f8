import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const VIEWS = ['Messages', 'Topics', 'Charts', 'Devices', 'Inspector'] as const;

/** Serious and critical WCAG 2 A/AA violations on the page as it is now, as "rule: target" lines. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? ''})`));
}

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test.describe(`accessibility at ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });

    for (const scheme of ['light', 'dark'] as const) {
      test(`axe finds no serious or critical violation in any view, ${scheme}`, async ({ app, aedes, simulator, prefix, page }) => {
        test.setTimeout(90_000); // axe walks the whole page five times
        expect(simulator.devices.length).toBeGreaterThan(0);
        await page.emulateMedia({ colorScheme: scheme });
        await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
        await expect(app.messageRows(`${prefix}/tele/livingroom/SENSOR`).first()).toBeVisible();
        const found: string[] = [];
        for (const view of VIEWS) {
          await app.showView(view);
          await expect(page.getByRole('tab', { name: view, selected: true })).toBeVisible();
          if (view === 'Messages') await app.messageRows().first().click(); // with a message's detail open
          if (view === 'Topics') await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem').first().click();
          if (view === 'Devices') await expect(page.getByRole('list', { name: 'Device list' })).toBeVisible();
          found.push(...(await violations(page)).map((v) => `${scheme} ${view}: ${v}`));
        }
        expect(found).toEqual([]);
      });
    }
  });
}
