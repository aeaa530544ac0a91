import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

/** Text of the grid cell at (row, col), 0-based, as rendered in the main pane. */
function cellText(page: Page, row: number, col: number): Promise<string> {
  return page.locator('.sheet-grid .ht_master tbody tr').nth(row).locator('td').nth(col).innerText();
}

describe('two people editing one spreadsheet in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-sheet-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1280, height: 800 } },
  });
  const newPage = () => suite.newPage();

  it('keeps a formula on its cell while the other person inserts a row above it', async () => {
    const anna = await suite.adminPage();
    const berndId = await suite.createUser(anna, { name: 'Bernd Beispiel', email: 'bernd@kreis.example', password: 'auch-geheim-456' });
    const id = await suite.createDocument(anna, { title: 'Priorisierung', kind: 'sheet' });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: berndId, role: 'editor' }] } });

    const b = await newPage();
    await signIn(b, suite.server.url, 'bernd@kreis.example', 'auch-geheim-456');
    await Promise.all([anna.goto(`${suite.server.url}/s/${id}`), b.goto(`${suite.server.url}/s/${id}`)]);
    await Promise.all([anna.locator('.sheet-grid td').first().waitFor(), b.locator('.sheet-grid td').first().waitFor()]);

    // Anna fills A1:A3 with German number input.
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(0).click();
    for (const v of ['10', '20,5', '30']) {
      await anna.keyboard.type(v);
      await anna.keyboard.press('Enter');
    }
    await waitFor(async () => (await cellText(b, 2, 0)) === '30', { what: 'Bernd sees A3' });
    expect(await cellText(b, 1, 0)).toBe('20,5');
    // A number typed as a percentage keeps showing as one (Intl puts a no-break space before %).
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(2).click();
    await anna.keyboard.type('12 %');
    await anna.keyboard.press('Enter');
    await waitFor(async () => (await cellText(b, 0, 2)).replace(/[\u00a0\u202f]/g, ' ') === '12 %', { what: 'Bernd sees C1 as 12 %' });
    // A date computed by a formula shows as a date, not as the serial number the engine holds.
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(3).click();
    await anna.keyboard.type('=DATUM(2025;3;1)+7');
    await anna.keyboard.press('Enter');
    await waitFor(async () => (await cellText(b, 0, 3)) === '08.03.2025', { what: 'Bernd sees D1 as 08.03.2025' });
    expect(await cellText(anna, 0, 3)).toBe('08.03.2025');

    // Bernd goes offline and writes a formula that means "A3 times two".
    await b.context().setOffline(true);
    await b.locator('[data-state="offline"]').waitFor();
    await b.locator('.sheet-grid .ht_master tbody tr').nth(2).locator('td').nth(1).click();
    await b.keyboard.type('=A3*2');
    await b.keyboard.press('Enter');
    await waitFor(async () => (await cellText(b, 2, 1)) === '60', { what: "Bernd's own result" });

    // Meanwhile Anna inserts a row above row 1: A3 moves to A4.
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(0).click({ button: 'right' });
    await anna.getByText('Zeile oberhalb einfügen').click();
    await waitFor(async () => (await cellText(anna, 3, 0)) === '30', { what: 'row inserted at Anna' });

    await b.context().setOffline(false);
    await b.locator('[data-state="saved"]').waitFor({ timeout: 15_000 });
    await anna.locator('[data-state="saved"]').waitFor();
    // Both grids: the formula moved with its row and still points at the 30.
    for (const page of [anna, b]) {
      await waitFor(async () => (await cellText(page, 3, 1)) === '60', { what: 'formula result at B4', timeoutMs: 15_000 });
      expect(await cellText(page, 3, 0)).toBe('30');
      expect(await cellText(page, 0, 0)).toBe('');
    }
    // The formula itself now reads =A4*2: open the editor on B4 in Anna's grid.
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(3).locator('td').nth(1).dblclick();
    await waitFor(async () => (await anna.locator('.handsontableInputHolder textarea').inputValue()) === '=A4*2', { what: 'formula rewritten to A4' });
    await anna.keyboard.press('Escape');

    // Per-user undo: Anna's undo removes her inserted row, never Bernd's formula.
    await anna.keyboard.press('Control+z');
    for (const page of [anna, b]) {
      await waitFor(async () => (await cellText(page, 2, 1)) === '60' && (await cellText(page, 2, 0)) === '30', { what: 'undo of the row insert', timeoutMs: 15_000 });
    }
  });

  it('paints the first screen from the server before the document has synced', async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Vorschau', kind: 'sheet' });
    await anna.goto(`${suite.server.url}/s/${id}`);
    await anna.locator('.sheet-grid td').first().waitFor();
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(0).click();
    await anna.keyboard.type('Wohngeld');
    await anna.keyboard.press('Tab');
    await anna.keyboard.type('1234,5');
    await anna.keyboard.press('Enter');
    await anna.locator('[data-state="saved"]').waitFor();

    // A second tab whose live connection never reaches the server: what it shows is the
    // server's preview alone (the document is in memory while Anna has it open).
    const held = await suite.adminPage();
    await held.routeWebSocket(/\/collab\//, () => undefined);
    await held.goto(`${suite.server.url}/s/${id}`);
    const preview = held.getByTestId('sheet-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-busy')).toBe('true');
    const firstRow = preview.locator('tbody tr').first().locator('td');
    expect(await firstRow.nth(0).innerText()).toBe('Wohngeld');
    expect(await firstRow.nth(1).innerText()).toBe('1.234,5');
    expect(await held.locator('.sheet-grid').count()).toBe(0);

    // With its connection, the live grid replaces the preview.
    const live = await suite.adminPage();
    await live.goto(`${suite.server.url}/s/${id}`);
    await waitFor(async () => (await live.locator('.sheet-grid .ht_master tbody tr td').count()) > 0 && (await live.getByTestId('sheet-preview').count()) === 0, { what: 'live grid instead of the preview' });
    expect(await cellText(live, 0, 1)).toBe('1.234,5');
  });

  it('edits an imported sheet together, cell by cell in the same imported row', async () => {
    const anna = await suite.adminPage();
    const carlaId = await suite.createUser(anna, { name: 'Carla Controlling', email: 'carla@kreis.example', password: 'carla-geheim-789' });
    // An imported sheet's cells are stored packed (docs/design.md, "Packed cells").
    const imported = await anna.request.post(`${suite.server.url}/api/v1/documents/import`, {
      multipart: { file: { name: 'leistungen.csv', mimeType: 'text/csv', buffer: Buffer.from('Leistung,Amt,Reifegrad\nWohngeld,Sozialamt,2\nElterngeld,Jugendamt,3\n') } },
    });
    expect(imported.status()).toBe(201);
    const { id } = (await imported.json()) as { id: string };
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: carlaId, role: 'editor' }] } });
    const carla = await newPage();
    await signIn(carla, suite.server.url, 'carla@kreis.example', 'carla-geheim-789');
    await Promise.all([anna.goto(`${suite.server.url}/s/${id}`), carla.goto(`${suite.server.url}/s/${id}`)]);
    for (const page of [anna, carla]) await waitFor(async () => (await cellText(page, 1, 0)) === 'Wohngeld', { what: 'imported cells in the grid' });

    // Both type into the same imported row at once, each into another cell.
    const typeInto = async (page: Page, row: number, col: number, text: string) => {
      await page.locator('.sheet-grid .ht_master tbody tr').nth(row).locator('td').nth(col).click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    await Promise.all([typeInto(anna, 1, 1, 'Sozialamt Nord'), typeInto(carla, 1, 2, '4')]);
    for (const page of [anna, carla]) {
      await waitFor(async () => (await cellText(page, 1, 1)) === 'Sozialamt Nord' && (await cellText(page, 1, 2)) === '4', { what: 'both edits in both grids' });
      expect(await cellText(page, 1, 0)).toBe('Wohngeld');
    }

    // Clearing an imported cell empties it for everyone, and for good.
    await carla.locator('.sheet-grid .ht_master tbody tr').nth(2).locator('td').nth(0).click();
    await carla.keyboard.press('Delete');
    await waitFor(async () => (await cellText(anna, 2, 0)) === '', { what: 'cleared cell at Anna' });
    await Promise.all([anna.locator('[data-state="saved"]').waitFor(), carla.locator('[data-state="saved"]').waitFor()]);
    const later = await suite.adminPage();
    await later.goto(`${suite.server.url}/s/${id}`);
    await waitFor(async () => (await cellText(later, 1, 1)) === 'Sozialamt Nord', { what: 'edits kept' });
    expect([await cellText(later, 1, 2), await cellText(later, 2, 0), await cellText(later, 2, 1)]).toEqual(['4', '', 'Jugendamt']);
  });

  /** Links of the open filter menu that reach past the menu's edge (the menu clips them). */
  const CUT_OFF_MENU_LINKS = `(() => {
    const controls = document.querySelector('.htDropdownMenu .htUISelectionControls');
    const edge = controls.closest('td').getBoundingClientRect().right;
    return [...controls.querySelectorAll('a')].filter((a) => a.getBoundingClientRect().right > edge + 0.5).map((a) => a.textContent);
  })()`;

  it('sorts a column by what its cells show, umlauts with their letters', async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Sortierung', kind: 'sheet' });
    const put = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/cells`, { data: { cells: { A1: 'Zander', A2: 'Ämter', A3: 'Müller', A4: 100, A5: 20.5, A6: '=A5/5' } } });
    expect(put.status()).toBe(200);
    await anna.goto(`${suite.server.url}/s/${id}`);
    const column = async () => (await Promise.all([0, 1, 2, 3, 4, 5].map((r) => cellText(anna, r, 0)))).join('|');
    await waitFor(async () => (await column()) === 'Zander|Ämter|Müller|100|20,5|4,1', { what: 'the cells as put' });
    await anna.locator('.sheet-grid .ht_clone_top th').nth(1).locator('.columnSorting').click();
    // Numbers by value (a formula by its result), then text in German order.
    await waitFor(async () => (await column()) === '4,1|20,5|100|Ämter|Müller|Zander', { what: 'sorted ascending' });
  });

  it("shows where the other person is, with a name tag that gives the cell above back after a moment", async () => {
    const anna = await suite.adminPage();
    const doraId = await suite.createUser(anna, { name: 'Dora Dietrich', email: 'dora@kreis.example', password: 'dora-geheim-789' });
    const id = await suite.createDocument(anna, { title: 'Zuständigkeiten', kind: 'sheet' });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: doraId, role: 'editor' }] } });
    const dora = await newPage();
    await signIn(dora, suite.server.url, 'dora@kreis.example', 'dora-geheim-789');
    await Promise.all([anna.goto(`${suite.server.url}/s/${id}`), dora.goto(`${suite.server.url}/s/${id}`)]);
    await Promise.all([anna.locator('.sheet-grid td').first().waitFor(), dora.locator('.sheet-grid td').first().waitFor()]);

    await dora.locator('.sheet-grid .ht_master tbody tr').nth(2).locator('td').nth(1).click();
    const tagged = anna.locator('.sheet-grid .ht_master td[data-remote-name="Dora Dietrich"]');
    await tagged.waitFor();
    expect(await anna.locator('.sheet-grid .ht_master tbody tr').nth(2).locator('td').nth(1).getAttribute('data-remote-name')).toBe('Dora Dietrich');
    const tagOpacity = () => tagged.evaluate((td) => getComputedStyle(td, '::after').opacity);
    await waitFor(async () => (await tagOpacity()) === '0', { what: 'the name tag fades', timeoutMs: 10_000 });
    // The coloured frame stays; the name comes back under the pointer.
    expect(await tagged.evaluate((td) => td.classList.contains('remote-sel'))).toBe(true);
    await tagged.hover();
    await waitFor(async () => (await tagOpacity()) === '1', { what: 'the name tag on hover' });
  });

  it('filters a column by what its cells show: formula results, in German notation', async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Filtern', kind: 'sheet' });
    const put = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/cells`, { data: { cells: { A1: 1234.5, A2: 20, A3: 20, B1: '=A1*2', B2: '=A2*2', B3: '=A3*2' } } });
    expect(put.status()).toBe(200);
    await anna.goto(`${suite.server.url}/s/${id}`);
    await waitFor(async () => (await cellText(anna, 0, 1)) === '2.469', { what: 'the results' });
    await anna.locator('.sheet-grid .ht_clone_top th').nth(2).hover();
    await anna.locator('.sheet-grid .ht_clone_top th').nth(2).locator('button.changeType').click();
    const menu = anna.locator('.htDropdownMenu');
    await menu.waitFor();
    const values = menu.locator('.htUIMultipleSelectHot td');
    await waitFor(async () => (await values.allInnerTexts()).some((t) => t.includes('2.469')), { what: 'the results in the list of values' });
    const listed = (await values.allInnerTexts()).join('|');
    expect(listed).toContain('40');
    expect(listed).not.toContain('=');
    // Leave out the 40s: their rows go, the other stays.
    await menu.locator('.htUIMultipleSelectHot td', { hasText: /^40$/ }).locator('input[type="checkbox"]').click();
    await menu.getByRole('button', { name: 'OK' }).click();
    const firstRows = async () => (await Promise.all([0, 1, 2].map(async (r) => `${await cellText(anna, r, 0)}/${await cellText(anna, r, 1)}`))).join('|');
    // The rows holding 20/40 are hidden; empty rows (still checked) follow the one that stays.
    await waitFor(async () => (await firstRows()) === '1.234,5/2.469|/|/', { what: 'rows with 40 filtered out' });
    // Editing still starts from what was typed, the formula.
    await anna.locator('.sheet-grid .ht_master tbody tr').nth(0).locator('td').nth(1).dblclick();
    await waitFor(async () => (await anna.locator('.handsontableInputHolder textarea').inputValue()) === '=A1*2', { what: 'the formula in the editor' });
    await anna.keyboard.press('Escape');
  });

  it('keeps every toolbar control inside the toolbar on a phone-sized screen', async () => {
    const anna = await suite.adminPage();
    await anna.setViewportSize({ width: 390, height: 800 });
    const id = await suite.createDocument(anna, { title: 'Schmal', kind: 'sheet' });
    await anna.goto(`${suite.server.url}/s/${id}`);
    await anna.locator('.sheet-grid td').first().waitFor();
    const outside = await anna.evaluate(() => {
      const bar = document.querySelector('.sheet-toolbar')!.getBoundingClientRect();
      return [...document.querySelectorAll('.sheet-toolbar button, .sheet-toolbar select, .sheet-toolbar input')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > bar.right + 0.5 || r.left < bar.left - 0.5;
        })
        .map((el) => el.getAttribute('aria-label') ?? el.closest('label')?.title ?? el.tagName);
    });
    expect(outside).toEqual([]);
  });

  it("speaks the interface's language in the grid's own menus", async () => {
    const anna = await suite.adminPage();
    const id = await suite.createDocument(anna, { title: 'Filter', kind: 'sheet' });
    const menuText = async (page: Page) => {
      await page.goto(`${suite.server.url}/s/${id}`);
      await page.locator('.sheet-grid td').first().waitFor();
      await page.locator('.sheet-grid .ht_clone_top th').nth(1).hover();
      await page.locator('.sheet-grid .ht_clone_top th button.changeType').first().click();
      const menu = page.locator('.htDropdownMenu');
      await menu.waitFor();
      return menu.innerText();
    };
    const german = await menuText(anna);
    expect(german).toContain('Per Bedingung filtern');
    expect(german).toContain('Nach Werten filtern');
    // The longer German labels are shown whole, not cut off at the menu's edge.
    expect(await anna.evaluate(CUT_OFF_MENU_LINKS)).toEqual([]);
    expect(german).not.toContain('Filter by');

    // The same person, having switched the interface to English.
    await anna.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: suite.server.url }]);
    expect(await menuText(anna)).toContain('Filter by condition');
  });
});
