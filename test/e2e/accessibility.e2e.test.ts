import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { editorText, signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

/**
 * Third-party markup we cannot change, excluded with a reason:
 * - Handsontable's grid tables: its root carries role="treegrid"/"grid" while the rows it renders
 *   lazily sit in separate overlay tables, so axe reports `aria-required-children` there.
 */
const AXE_EXCLUDE: string[] = ['.sheet-grid .handsontable'];

describe('accessibility, languages and privacy in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-a11y-',
    admin: { name: 'Ada Admin', email: 'ada@kreis.example', password: 'sehr-geheim-789' },
  });
  let docId: string;
  let sheetId: string;
  const foreign: string[] = [];

  async function newPage(locale: 'de' | 'en'): Promise<Page> {
    const ctx = await suite.newContext({ locale: locale === 'de' ? 'de-DE' : 'en-GB' });
    if (locale === 'en') await ctx.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: suite.server.url }]);
    const origin = new URL(suite.server.url).origin;
    ctx.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
    });
    return ctx.newPage();
  }

  async function axe(page: Page, what: string) {
    let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    for (const sel of AXE_EXCLUDE) builder = builder.exclude(sel);
    const result = await builder.analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  for (const locale of ['de', 'en'] as const) {
    it(`has no serious or critical axe violation on any page (${locale})`, async () => {
      const anon = await newPage(locale);
      for (const path of ['/login', '/setup?token=invalid', '/impressum', '/datenschutz', '/barrierefreiheit']) {
        await anon.goto(suite.server.url + path);
        await anon.locator('main h1').waitFor();
        await axe(anon, `${locale} ${path}`);
      }
      const page = await newPage(locale);
      await page.goto(`${suite.server.url}/login`);
      await page.locator('input[name=email]').fill('ada@kreis.example');
      await page.locator('input[name=password]').fill('sehr-geheim-789');
      await page.locator('button[type=submit]').click();
      await page.waitForURL(`${suite.server.url}/`);
      if (!docId) {
        const r = await page.request.post(`${suite.server.url}/api/v1/documents`, { data: { title: 'Barrierefreiheit', kind: 'text' } });
        docId = ((await r.json()) as { id: string }).id;
        await page.request.put(`${suite.server.url}/api/v1/documents/${docId}/content?format=markdown`, { data: '- [ ] Haushalt prüfen', headers: { 'content-type': 'text/markdown' } });
        const s = await page.request.post(`${suite.server.url}/api/v1/documents`, { data: { title: 'Tabelle', kind: 'sheet' } });
        sheetId = ((await s.json()) as { id: string }).id;
        // A group with a member, so the groups page shows its tables and forms.
        const me = ((await (await page.request.get(`${suite.server.url}/api/v1/admin/users`)).json()) as { users: Array<{ id: string }> }).users[0];
        await page.request.post(`${suite.server.url}/api/v1/admin/groups`, { data: { name: 'Bauamt', members: [{ userId: me.id, isHead: true }] } });
      }
      for (const path of ['/', `/d/${docId}`, `/s/${sheetId}`, '/admin', '/admin/groups', '/admin/audit', '/admin/legal', '/admin/feedback', '/impressum', '/does-not-exist']) {
        await page.goto(suite.server.url + path);
        await page.locator('main h1, main [role="textbox"]').first().waitFor();
        if (path.startsWith('/d/') || path.startsWith('/s/')) await page.locator('[data-state="saved"]').waitFor();
        if (path.startsWith('/s/')) await page.locator('.sheet-grid td').first().waitFor();
        // A task's checkbox is named in the page's language (Tiptap's own label is English).
        if (path.startsWith('/d/')) await page.getByRole('checkbox', { name: locale === 'de' ? 'Aufgabe: Haushalt prüfen' : 'Task: Haushalt prüfen', exact: true }).waitFor();
        await axe(page, `${locale} ${path}`);
      }
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    }, 240_000);
  }

  it('switches the language and remembers the choice', async () => {
    const page = await newPage('de');
    await page.goto(`${suite.server.url}/login`);
    expect(await page.locator('main h1').innerText()).toBe('Anmelden');
    await page.getByRole('button', { name: 'English' }).click();
    await waitFor(async () => (await page.locator('main h1').innerText()) === 'Sign in', { what: 'English heading' });
    await page.reload();
    expect(await page.locator('main h1').innerText()).toBe('Sign in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('works by keyboard alone: skip link, create, format, share, feedback', async () => {
    const page = await newPage('de');
    await signIn(page, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}|${el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.textContent?.trim()}` : '';
    });
    const tabTo = async (match: RegExp, max = 40) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (match.test(await focused())) return;
      }
      throw new Error(`never reached ${match} by Tab; last focus ${await focused()}`);
    };

    // The first Tab reaches the skip link, which moves focus past the header.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a\|Zum Inhalt springen/);
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);

    // Create a document.
    await tabTo(/^input\|title$/);
    await page.keyboard.type('Tastaturdokument');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/d\//);
    const id = page.url().split('/d/')[1];

    // Reach the editor by Tab, write and format.
    await tabTo(/^div\|Dokumentinhalt$/);
    await page.keyboard.press('Control+Alt+1');
    await page.keyboard.type('Überschrift');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Normaler Text und ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('fett');
    await page.keyboard.press('Control+b');
    // Alt+F10 reaches the toolbar; arrow keys move within it; Enter presses a button.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+F10');
    expect(await focused()).toMatch(/^select\|/);
    for (let i = 0; i < 20 && !/Aufzählung/.test(await focused()); i++) await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatch(/Aufzählung/);
    await page.keyboard.press('Enter');
    // The button hands the focus back to the text in the next frame; type once it is there.
    await waitFor(async () => /^div\|Dokumentinhalt$/.test(await focused()), { what: 'focus back in the text' });
    await page.keyboard.type('Punkt');
    await page.locator('[data-state="saved"]').waitFor();
    const html = await (await page.request.get(`${suite.server.url}/api/v1/documents/${id}/content?format=html`)).text();
    expect(html).toContain('<h1>Überschrift</h1>');
    expect(html).toContain('<strong>fett</strong>');
    expect(html).toMatch(/<ul><li><p>Punkt<\/p><\/li><\/ul>/);
    expect(await editorText(page)).toContain('Punkt');

    // Share dialog by keyboard from the document list.
    const other = await page.request.post(`${suite.server.url}/api/v1/admin/users`, { data: { name: 'Kai Kollege', email: 'kai@kreis.example', password: 'kai-passwort-1' } });
    expect(other.status()).toBe(201);
    await page.goto(`${suite.server.url}/`);
    // The list is fetched after the page loads: tab through it once it is there.
    await page.getByRole('button', { name: 'Freigeben: Tastaturdokument' }).waitFor();
    await tabTo(/^button\|Freigeben: Tastaturdokument$/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('kai@kreis.example');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByText('kai@kreis.example').waitFor();
    await page.keyboard.press('Escape');
    const acl = (await (await page.request.get(`${suite.server.url}/api/v1/documents/${id}/acl`)).json()) as { entries: Array<{ email: string; role: string }> };
    expect(acl.entries.find((e) => e.email === 'kai@kreis.example')?.role).toBe('editor');

    // The accessibility statement's feedback form, then the administrators' list.
    await page.goto(`${suite.server.url}/barrierefreiheit`);
    await tabTo(/^textarea\|message$/);
    await page.keyboard.type('Der Kontrast im Menü ist zu gering.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Vielen Dank' }).waitFor();
    await page.goto(`${suite.server.url}/admin/feedback`);
    await page.getByText('Der Kontrast im Menü ist zu gering.').waitFor();
  });

  it('edits the grid by keyboard alone', async () => {
    const page = await newPage('de');
    await signIn(page, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');
    await page.goto(`${suite.server.url}/s/${sheetId}`);
    await page.locator('.sheet-grid td').first().waitFor();
    // Tab into the grid; the grid takes the focus on its first cell.
    let inGrid = false;
    for (let i = 0; i < 60 && !inGrid; i++) {
      await page.keyboard.press('Tab');
      inGrid = await page.evaluate(() => !!document.activeElement?.closest('.sheet-grid'));
    }
    expect(inGrid).toBe(true);
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await page.keyboard.type('=A1*3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('Text');
    await page.keyboard.press('Tab');
    const cell = (r: number, c: number) => page.locator('.sheet-grid .ht_master tbody tr').nth(r).locator('td').nth(c).innerText();
    await waitFor(async () => (await cell(1, 0)) === '36', { what: 'formula typed by keyboard' });
    expect(await cell(2, 1)).toBe('Text');
    await page.locator('[data-state="saved"]').waitFor();
  });

  it('edits the legal pages as an administrator', async () => {
    const page = await newPage('de');
    await signIn(page, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');
    await page.goto(`${suite.server.url}/admin/legal`);
    await page.getByLabel('Impressum').fill('Landkreis Musterkreis\nKreishaus, Musterstraße 1');
    await page.getByRole('button', { name: '„Impressum“ speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'gespeichert' }).waitFor();
    await page.goto(`${suite.server.url}/impressum`);
    await page.getByText('Kreishaus, Musterstraße 1').waitFor();
    // Footer links on every page.
    for (const name of ['Impressum', 'Datenschutzerklärung', 'Erklärung zur Barrierefreiheit']) {
      expect(await page.getByRole('contentinfo').getByRole('link', { name }).count()).toBe(1);
    }
  });

  it('reflows at 200% zoom without horizontal scrolling', async () => {
    // 200% zoom of a 1280 px wide window is a 640 px wide CSS viewport (WCAG 1.4.10 / 1.4.4).
    const page = await newPage('de');
    await page.setViewportSize({ width: 640, height: 480 });
    await signIn(page, suite.server.url, 'ada@kreis.example', 'sehr-geheim-789');
    for (const path of ['/', `/d/${docId}`, '/admin', '/barrierefreiheit']) {
      await page.goto(suite.server.url + path);
      await page.locator('main h1, main [role="textbox"]').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });

  it('never made a request to another origin', () => {
    expect(foreign).toEqual([]);
  });
});
