import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';
import { readMetric } from '../helpers/metrics';

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

describe('opening a sheet nobody has open in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-sheet-preview-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1280, height: 800 } },
    env: { METRICS_TOKEN },
  });

  const loadedDocuments = () => readMetric(suite.server.url, METRICS_TOKEN, 'werkraum_documents_loaded');

  it('paints the first screen kept from when the sheet last left memory', async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Priorisierung', kind: 'sheet' });
    const put = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/cells`, { data: { cells: { A1: 'Wohngeld', B1: 1234.5 } } });
    expect(put.status()).toBe(200);
    await waitFor(async () => (await loadedDocuments()) === 0, { what: 'the sheet left memory', timeoutMs: 30_000 });

    // The live connection never reaches the server: the page shows what the server kept, at once.
    const held = await suite.adminPage();
    await held.routeWebSocket(/\/collab\//, () => undefined);
    await held.goto(`${suite.server.url}/s/${id}`);
    const preview = held.getByTestId('sheet-preview');
    await preview.waitFor();
    const firstRow = preview.locator('tbody tr').first().locator('td');
    expect(await firstRow.nth(0).innerText()).toBe('Wohngeld');
    expect(await firstRow.nth(1).innerText()).toBe('1.234,5');
    // Rendering the page did not load the sheet.
    expect(await loadedDocuments()).toBe(0);

    // A normal tab replaces the preview with the live grid holding the same values.
    const live = await suite.adminPage();
    await live.goto(`${suite.server.url}/s/${id}`);
    await waitFor(async () => (await live.locator('.sheet-grid .ht_master tbody tr td').count()) > 0 && (await live.getByTestId('sheet-preview').count()) === 0, {
      what: 'live grid instead of the preview',
    });
    expect(await live.locator('.sheet-grid .ht_master tbody tr').first().locator('td').nth(1).innerText()).toBe('1.234,5');

    // Formatting survives the grid's re-renders (it clears every cell's style before drawing it).
    const cell = (row: number, col: number) => live.locator('.sheet-grid .ht_master tbody tr').nth(row).locator('td').nth(col);
    await cell(0, 0).click();
    await live.getByRole('button', { name: 'Fett' }).click();
    await cell(2, 2).click();
    await live.keyboard.type('neu');
    await live.keyboard.press('Enter');
    await live.locator('[data-state="saved"]').waitFor();
    await waitFor(async () => (await cell(2, 2).innerText()) === 'neu', { what: 'typed cell' });
    expect(await cell(0, 0).evaluate((td) => getComputedStyle(td).fontWeight)).toBe('700');
    expect(await cell(0, 1).evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');
  });
});
