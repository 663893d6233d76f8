import { expect, test } from './fixtures';
import { serveDist } from './staticServer';

test.describe('an installable static build', () => {
  test('the same dist/ works from a sub-path of a static host, connects, and opens with the network cut', async ({ app, aedes, page, context }) => {
    const host = await serveDist('/tools/mqttscope/');
    try {
      await page.goto(`${host.url}?broker=${encodeURIComponent(aedes.wsUrl)}&connect=1`);
      await app.expectConnected();
      // installable: a manifest with icons, and a service worker in charge of the page
      const manifest = await page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
        return link ? ((await (await fetch(link.href)).json()) as { name: string; icons: Array<{ sizes: string }> }) : null;
      });
      expect(manifest?.name).toBe('mqttscope');
      expect(manifest?.icons.map((i) => i.sizes)).toEqual(['any', '192x192', '512x512']);
      await page.evaluate(() => navigator.serviceWorker.ready);
      // clients.claim(): the worker takes this page over once it is active
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      await context.setOffline(true);
      await page.reload();
      await expect(page.getByRole('banner')).toContainText('mqttscope');
      await expect(page.getByRole('navigation', { name: 'Connections' }).or(page.getByRole('button', { name: 'Connections' })).first()).toBeVisible();
      await context.setOffline(false);
    } finally {
      await host.close();
    }
  });

  test('a Content-Security-Policy allows only the app\'s own scripts and ws:/wss: connections', async ({ app, page }) => {
    await app.open();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src ws: wss:/);
    // an inline script is refused by the browser
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.head.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });
});
