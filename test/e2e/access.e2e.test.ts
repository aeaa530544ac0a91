import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

describe('sharing and row ownership in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-access-e2e-',
    admin: { name: 'Anna Admin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1280, height: 800 } },
  });
  const newPage = () => suite.newPage();
  let anna: Page;

  beforeAll(async () => {
    anna = await suite.adminPage();
    for (const [name, email] of [['Bernd Bauamt', 'bernd@kreis.example'], ['Carla Gast', 'carla@kreis.example']]) {
      const r = await anna.request.post(`${suite.server.url}/api/v1/admin/users`, { data: { name, email, password: 'auch-geheim-456' } });
      expect(r.status()).toBe(201);
    }
  }, 300_000);

  it('answers a taken email with 409, though the store that refuses it runs outside the built routes', async () => {
    const again = await anna.request.post(`${suite.server.url}/api/v1/admin/users`, { data: { name: 'Bernd Zwei', email: 'Bernd@kreis.example', password: 'auch-geheim-456' } });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('duplicate_email');
  });

  it('opens a share link after signing in and lands in the document', async () => {
    const id = await suite.createDocument(anna, { title: 'Protokoll', kind: 'text' });
    const link = await anna.request.post(`${suite.server.url}/api/v1/documents/${id}/links`, { data: { role: 'viewer' } });
    const { url } = (await link.json()) as { url: string };

    const carla = await newPage();
    await carla.goto(url);
    await carla.waitForURL(/\/login/);
    await carla.locator('input[name=email]').fill('carla@kreis.example');
    await carla.locator('input[name=password]').fill('auch-geheim-456');
    await carla.locator('button[type=submit]').click();
    await carla.waitForURL(`${suite.server.url}/d/${id}`);
    await carla.locator('[data-state="saved"]').waitFor();
    // A viewer through the link: the editor says it is read-only.
    expect(await carla.locator('main').innerText()).toContain('Nur lesen');
  });

  it("shows another department's rows as locked and keeps them unchanged; own rows stay editable", async () => {
    const users = ((await (await anna.request.get(`${suite.server.url}/api/v1/admin/users`)).json()) as { users: Array<{ id: string; email: string }> }).users;
    const bernd = users.find((u) => u.email === 'bernd@kreis.example')!;
    // Bernd heads the Fahrerlaubnisbehörde; the Zulassungsbehörde's rows belong to a group without him.
    await anna.request.post(`${suite.server.url}/api/v1/admin/groups`, { data: { name: 'Fahrerlaubnisbehörde', members: [{ userId: bernd.id, isHead: true }] } });
    await anna.request.post(`${suite.server.url}/api/v1/admin/groups`, { data: { name: 'Zulassungsbehörde' } });
    const id = await suite.createDocument(anna, { template: 'zustaendigkeitsmatrix' });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: bernd.id, role: 'editor' }] } });

    // Wide enough that the cells used below are on screen: clicking one that has to be scrolled to
    // first races the grid, which re-renders its columns while scrolling.
    const b = await suite.newPage({ viewport: { width: 1920, height: 900 } });
    await signIn(b, suite.server.url, 'bernd@kreis.example', 'auch-geheim-456');
    await b.goto(`${suite.server.url}/s/${id}`);
    await b.locator('.sheet-grid td').first().waitFor();
    // Data row 1 is the vehicle registration (Zulassungsbehörde): locked for Bernd.
    // Handsontable renders row headers more than once (frozen panes); one of them is enough.
    await b.locator('.sheet-grid th', { hasText: '2 (gesperrt)' }).first().waitFor({ state: 'attached' });
    const lockedCell = b.locator('.sheet-grid .ht_master tbody tr').nth(1).locator('td').nth(7);
    expect(await lockedCell.getAttribute('class')).toContain('row-locked');
    const before = await lockedCell.innerText();
    await lockedCell.click();
    await b.keyboard.type('Gekapert');
    await b.keyboard.press('Enter');
    await b.locator('[data-state="saved"]').waitFor();
    expect(await lockedCell.innerText()).toBe(before);
    // The grid kept the change from being made at all, so the server never had to refuse one.
    expect(await b.locator('main').innerText()).not.toContain('gehört einem anderen Amt');
    // Data row 2 (driving licences) is Bernd's department's: it takes input.
    const ownCell = b.locator('.sheet-grid .ht_master tbody tr').nth(2).locator('td').nth(7);
    expect(await ownCell.getAttribute('class')).not.toContain('row-locked');
    await ownCell.click();
    await b.keyboard.type('Sachgebiet 32.1');
    await b.keyboard.press('Enter');
    await waitFor(async () => {
      const r = await anna.request.get(`${suite.server.url}/api/v1/documents/${id}/cells?range=A3:S3`);
      return JSON.stringify(await r.json()).includes('Sachgebiet 32.1');
    }, { what: 'own row stored' });
  }, 120_000);
});
