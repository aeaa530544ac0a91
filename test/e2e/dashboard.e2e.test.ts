import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

const serious = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id);

describe('dashboard and live figures in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-dashboard-e2e-',
    admin: { name: 'Ada Admin', email: 'ada@kreis.example', password: 'sehr-geheim-789' },
    context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
  });
  const newContext = () => suite.newContext();

  it('a Reifegrad changed in the sheet updates the dashboard and the report without reload; others see no data', async () => {
    const ctx = await newContext();
    const sheet = await ctx.newPage();
    await signIn(sheet, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');

    // The prioritisation sheet, from the gallery.
    await sheet.goto(`${suite.server.url}/`);
    await sheet.getByRole('button', { name: 'Neu aus Vorlage …' }).click();
    const gallery = sheet.getByRole('dialog', { name: 'Neu anlegen' });
    await gallery.getByRole('radio', { name: /OZG-Leistungspriorisierung/ }).check();
    await gallery.getByLabel('Titel (optional)').fill('Priorisierung 2025');
    await gallery.getByRole('button', { name: 'Anlegen' }).click();
    await sheet.waitForURL(/\/s\//);
    const sheetId = new URL(sheet.url()).pathname.split('/')[2];
    await sheet.locator('.sheet-grid td').first().waitFor();

    // The dashboard, linked from the sheet and open beside it.
    expect(await sheet.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe(`/s/${sheetId}/dashboard`);
    const dash = await ctx.newPage();
    await dash.goto(`${suite.server.url}/s/${sheetId}/dashboard`);
    const figure = (name: string) => dash.locator(`[data-figure="${name}"]`);
    await waitFor(async () => (await figure('total').textContent()) === '49', { what: 'dashboard total', timeoutMs: 20_000 });
    expect(await figure('online').textContent()).toBe('0');
    await dash.locator('[data-table="history"] tbody tr').first().waitFor({ state: 'attached' });
    expect(await serious(dash)).toEqual([]);

    // The Quartalsbericht, its Kennzahlen taken live from that sheet.
    const reportId = await suite.createDocument(sheet, { template: 'quartalsbericht', title: 'Quartalsbericht Q1' });
    const report = await ctx.newPage();
    await report.goto(`${suite.server.url}/d/${reportId}`);
    await report.getByRole('button', { name: 'Quelltabelle wählen' }).first().click();
    const picker = report.getByRole('dialog', { name: 'Kennzahl/Tabelle aus Tabelle' });
    await picker.getByRole('combobox', { name: 'Quelltabelle' }).selectOption({ label: 'Priorisierung 2025' });
    await picker.getByRole('button', { name: 'Übernehmen' }).click();
    const levels = report.locator('[data-sheet-figure][data-ref="Auswertung!B6:B10"] [data-figure-value] td');
    const levelCounts = async () => (await levels.allTextContents()).join(',');
    await waitFor(async () => (await levelCounts()) === '0,0,0,0,0', { what: 'live Reifegrad counts', timeoutMs: 20_000 });
    await waitFor(async () => (await report.locator('[data-sheet-figure][data-ref="Leistungen gesamt"] [data-figure-value]').textContent()) === '49', { what: 'named figure' });
    expect(await serious(report)).toEqual([]);

    // A department head sets Reifegrad Ist 3 for the first service, in the grid (column L).
    await sheet.bringToFront();
    // Column L lies right of the first screen: scroll there, then click below its header cell.
    await sheet.locator('.sheet-grid .ht_master .wtHolder').evaluate((el) => el.scrollTo({ left: 900 }));
    const header = sheet.locator('.sheet-grid .ht_master tbody tr').first().locator('td', { hasText: /^Reifegrad Ist$/ });
    await header.waitFor();
    const below = await header.evaluateHandle((td) => (td.parentElement!.nextElementSibling as HTMLTableRowElement).cells[(td as HTMLTableCellElement).cellIndex]);
    await below.asElement()!.click();
    await sheet.keyboard.type('3');
    await sheet.keyboard.press('Enter');

    const l2 = async () => ((await (await sheet.request.get(`${suite.server.url}/api/v1/documents/${sheetId}/cells?range=L2:L2`)).json()) as { cells: Record<string, { value: unknown }> }).cells.L2?.value;
    await waitFor(async () => (await l2()) === 3, { what: 'Reifegrad Ist stored in L2' });
    await waitFor(async () => (await figure('online').textContent()) === '1', { what: 'dashboard follows the edit', timeoutMs: 20_000 });
    expect(await figure('share').textContent()).toMatch(/^100\s%$/);
    await waitFor(async () => (await dash.locator('[data-table="levels"] tbody tr').nth(3).locator('td').first().textContent()) === '1', { what: 'levels table' });
    await waitFor(async () => (await dash.locator('[data-table="history"] tbody tr').last().locator('td').first().textContent()) === '1', { what: 'this week in the history' });
    await waitFor(async () => (await levelCounts()) === '0,0,0,1,0', { what: 'report follows the edit', timeoutMs: 20_000 });

    // Charts download as SVG and PNG.
    const chart = dash.locator('[data-chart="levels"]');
    const [svg] = await Promise.all([dash.waitForEvent('download'), chart.getByRole('button', { name: 'Als SVG herunterladen' }).click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const [png] = await Promise.all([dash.waitForEvent('download'), chart.getByRole('button', { name: 'Als PNG herunterladen' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const pngPath = await png.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');

    // A reader of the report without access to the sheet sees the placeholder, never the numbers.
    const berndId = await suite.createUser(sheet, { name: 'Bernd Beispiel', email: 'bernd@kreis.example', password: 'auch-geheim-456' });
    const acl = await sheet.request.put(`${suite.server.url}/api/v1/documents/${reportId}/acl`, { data: { entries: [{ principal: 'user', id: berndId, role: 'viewer' }] } });
    expect(acl.status()).toBe(200);
    const other = await (await newContext()).newPage();
    await signIn(other, suite.server.url, 'bernd@kreis.example', 'auch-geheim-456');
    await other.goto(`${suite.server.url}/d/${reportId}`);
    const denied = other.locator('[data-sheet-figure] [data-figure-state="denied"]');
    await waitFor(async () => (await denied.count()) === 6, { what: 'placeholders for the reader without access', timeoutMs: 20_000 });
    expect(await denied.first().textContent()).toBe('Keine Berechtigung für die Quelltabelle');
    expect(await other.locator('[data-figure-value]').count()).toBe(0);
  });
});
