import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

/**
 * A page loaded before the server was upgraded. Rebuilding the app inside a test would take
 * minutes, so the page's socket is made to name an older build than the one it was built with
 * until the test lets it through: what the server then sees is exactly such a page.
 */
const AS_OLD_PAGE = `(() => {
  const Real = window.WebSocket;
  window.__werkraumSockets = [];
  window.WebSocket = class extends Real {
    constructor(url, protocols) {
      window.__werkraumSockets.push(String(url));
      const old = !sessionStorage.getItem('werkraum-test-current');
      super(old ? String(url).replace(/([?&]build=)[^&]*/, '$11000000000000-01d01d') : url, protocols);
    }
  };
})()`;

describe('a page older than the server in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-outdated-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
  });

  it('asks to reload, keeps what was typed meanwhile, and works after the reload', async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Digitalstrategie' });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/content?format=markdown`, { data: 'Ausgangslage des Kreises.', headers: { 'content-type': 'text/markdown' } });
    await anna.context().addInitScript({ content: AS_OLD_PAGE });
    await anna.goto(`${suite.server.url}/d/${id}`);

    const alert = anna.getByRole('alert').filter({ hasText: 'Werkraum wurde aktualisiert.' });
    await alert.waitFor();
    // The page names its build: the id this build was made with, its build time first.
    const sockets = await anna.evaluate(() => (window as unknown as { __werkraumSockets: string[] }).__werkraumSockets);
    expect(sockets.some((u) => /[?&]build=\d{13}-[0-9a-f]+/.test(u))).toBe(true);
    // Nothing of the document reached the old page, and it does not keep retrying.
    const editor = anna.getByRole('textbox', { name: 'Dokumentinhalt' });
    expect(await editor.innerText()).not.toContain('Ausgangslage');
    const tries = sockets.length;

    // Typed meanwhile: kept in the browser until the page is current.
    await editor.click();
    await anna.keyboard.type('Notiz aus der alten Seite.', { delay: 10 });
    expect(await anna.evaluate(() => (window as unknown as { __werkraumSockets: string[] }).__werkraumSockets.length)).toBe(tries);

    await anna.evaluate(() => sessionStorage.setItem('werkraum-test-current', '1'));
    await alert.getByRole('button', { name: 'Seite neu laden' }).click();
    await editor.getByText('Ausgangslage des Kreises.').waitFor();
    await editor.getByText('Notiz aus der alten Seite.', { exact: false }).waitFor();
    await anna.locator('[data-state="saved"]').waitFor();
    expect(await anna.getByText('Werkraum wurde aktualisiert.').count()).toBe(0);
    await waitFor(async () => {
      const res = await anna.request.get(`${suite.server.url}/api/v1/documents/${id}/content?format=markdown`);
      return (await res.text()).includes('Notiz aus der alten Seite.');
    }, { what: 'the note stored on the server' });
  });
});
