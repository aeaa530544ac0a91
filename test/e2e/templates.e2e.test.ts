import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

describe('template gallery in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-templates-e2e-',
    admin: { name: 'Ada Admin', email: 'ada@kreis.example', password: 'sehr-geheim-789' },
    context: { viewport: { width: 1280, height: 900 } },
  });

  let session: Page | undefined;
  /** One sign-in for the file; each test starts from the home page. */
  async function signedIn(): Promise<Page> {
    if (!session) {
      session = await suite.newPage();
      await signIn(session, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');
    }
    return session;
  }

  async function openGallery(page: Page) {
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('button', { name: 'Neu aus Vorlage …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neu anlegen' });
    await dialog.getByRole('radio', { name: /OZG-Leistungspriorisierung/ }).waitFor();
    return dialog;
  }

  it('creates the Digitalstrategie from the gallery, with its outline and removable guidance', async () => {
    const page = await signedIn();
    const dialog = await openGallery(page);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    // Descriptions and previews are shown for each template.
    await dialog.getByText('Maßnahmen-Steckbriefe mit Ampel', { exact: false }).waitFor();
    await dialog.getByText('Blatt „Priorisierung“: 32 Spalten, 49 Zeilen').waitFor();

    // By keyboard: the first radio has focus after a Tab into the group; arrows move between choices.
    await dialog.getByRole('radio', { name: /Digitalstrategie/ }).check();
    await dialog.getByLabel('Titel (optional)').fill('Digitalstrategie 2030');
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.waitForURL(/\/d\//);
    const editor = page.getByRole('textbox', { name: 'Dokumentinhalt' });
    await editor.getByRole('heading', { name: '4 Zielbild' }).waitFor();
    await editor.getByRole('heading', { name: 'HF8 Interkommunale Zusammenarbeit' }).waitFor();
    expect(await editor.locator('aside.guidance').count()).toBeGreaterThan(10);
    expect(await editor.getByText('Status (Ampel)', { exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: 'Hinweise entfernen' }).click();
    await waitFor(async () => (await editor.locator('aside.guidance').count()) === 0, { what: 'guidance removed' });
    await editor.getByRole('heading', { name: '4 Zielbild' }).waitFor();
    await page.locator('[data-state="saved"]').waitFor();
    expect(await page.getByRole('button', { name: 'Hinweise entfernen' }).count()).toBe(0);
  });

  it('creates the prioritisation sheet from the gallery with its columns and the Auswertung tab', async () => {
    const page = await signedIn();
    const dialog = await openGallery(page);
    const radio = dialog.getByRole('radio', { name: /OZG-Leistungspriorisierung/ });
    await radio.focus();
    await page.keyboard.press('Space');
    expect(await radio.isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.waitForURL(/\/s\//);
    await page.locator('.sheet-grid td').first().waitFor();
    // The first four columns are frozen, so the grid draws them in its own overlay: read the whole grid.
    const grid = page.locator('.sheet-grid');
    const gridText = async () => (await grid.innerText()).split(/\s*\n\s*|\t/);
    await waitFor(async () => {
      const cells = await gridText();
      return ['Nr', 'Leistung', 'Themenfeld', 'Zuständiges Amt'].every((h) => cells.includes(h));
    }, { what: 'header row' });
    expect(await grid.innerText()).toMatch(/Kfz-Zulassung \(Neu-\/Um-\/Abmeldung/);
    // A LeiKa key that is not 14 digits is marked invalid; the heading above it is not.
    const id = page.url().split('/s/')[1];
    const put = (value: string) => page.request.put(`${suite.server.url}/api/v1/documents/${id}/cells`, { data: { sheet: 'Priorisierung', cells: { C2: value } } });
    expect((await put('12345')).status()).toBe(200);
    const invalid = grid.locator('td.htInvalid');
    await waitFor(async () => (await invalid.allInnerTexts()).includes('12345'), { what: 'invalid key marked' });
    expect(await invalid.allInnerTexts()).not.toContain('LeiKa-Schlüssel');
    // Screen readers hear it too.
    expect(await grid.locator('td[aria-invalid="true"]').allInnerTexts()).toContain('12345');
    expect((await put('99107005000000')).status()).toBe(200);
    await waitFor(async () => (await invalid.count()) === 0, { what: 'valid key unmarked' });
    await page.getByRole('tab', { name: 'Auswertung' }).click();
    await page.getByRole('tab', { name: 'Auswertung', selected: true }).waitFor();
    await waitFor(async () => (await page.locator('.sheet-grid').innerText()).includes('Leistungen gesamt'), { what: 'Auswertung tab' });
  });

  it('highlights disputed rows of the Zuständigkeitsmatrix wherever the value stands', async () => {
    const page = await signedIn();
    const id = await suite.createDocument(page, { template: 'zustaendigkeitsmatrix' });
    await page.request.put(`${suite.server.url}/api/v1/documents/${id}/cells`, { data: { cells: { Q3: 'strittig', Q4: 'bestätigt' } } });
    await page.goto(`${suite.server.url}/s/${id}`);
    await page.locator('.sheet-grid td').first().waitFor();
    // Klärungsstatus is column Q, right of the first screen.
    await page.locator('.sheet-grid .ht_master .wtHolder').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    const disputed = page.locator('.sheet-grid .ht_master td', { hasText: /^strittig$/ });
    await disputed.first().waitFor();
    expect(await disputed.first().evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(244, 199, 195)');
    const open = page.locator('.sheet-grid .ht_master td', { hasText: /^offen$/ }).first();
    expect(await open.evaluate((td) => getComputedStyle(td).backgroundColor)).not.toBe('rgb(244, 199, 195)');
  });

  it('lets an administrator save a document as a template, use it and retire it', async () => {
    const page = await signedIn();
    const created = await page.request.post(`${suite.server.url}/api/v1/documents`, { data: { template: 'ergebnisprotokoll', title: 'Protokoll Lenkungskreis' } });
    expect(created.status()).toBe(201);
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('button', { name: 'Als Vorlage speichern: Protokoll Lenkungskreis' }).click();
    const save = page.getByRole('dialog', { name: '„Protokoll Lenkungskreis“ als Vorlage speichern' });
    await save.getByLabel('Beschreibung').fill('Mit den festen TOPs des Lenkungskreises.');
    await save.getByRole('button', { name: 'Vorlage speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Vorlage „Protokoll Lenkungskreis“ gespeichert.' }).waitFor();

    const dialog = await openGallery(page);
    const card = dialog.getByRole('radio', { name: /Protokoll Lenkungskreis/ });
    await card.waitFor();
    await dialog.getByText('Mit den festen TOPs des Lenkungskreises.').waitFor();
    await dialog.getByRole('button', { name: 'Vorlage „Protokoll Lenkungskreis“ zurückziehen' }).click();
    await dialog.getByRole('status').filter({ hasText: 'wird nicht mehr angeboten' }).waitFor();
    await waitFor(async () => (await card.count()) === 0, { what: 'retired template gone from the gallery' });
  });
});
