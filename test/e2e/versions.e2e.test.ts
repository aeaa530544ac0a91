import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { editorText, signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

describe('version history in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-versions-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1360, height: 1000 } },
  });
  const newPage = () => suite.newPage();

  it('saves named versions, compares them in authors’ colours, plays the timeline and restores', async () => {
    const anna = await suite.adminPage();
    const berndId = await suite.createUser(anna, { name: 'Bernd Beispiel', email: 'bernd@kreis.example', password: 'auch-geheim-456' });
    const id = await suite.createDocument(anna, { title: 'Digitalstrategie' });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/content?format=markdown`, { data: 'Ausgangslage des Kreises.', headers: { 'content-type': 'text/markdown' } });
    await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: berndId, role: 'editor' }] } });

    const bernd = await newPage();
    await signIn(bernd, suite.server.url, 'bernd@kreis.example', 'auch-geheim-456');
    await Promise.all([anna.goto(`${suite.server.url}/d/${id}`), bernd.goto(`${suite.server.url}/d/${id}`)]);
    const editorA = anna.getByRole('textbox', { name: 'Dokumentinhalt' });
    const editorB = bernd.getByRole('textbox', { name: 'Dokumentinhalt' });
    await editorA.getByText('Ausgangslage des Kreises.').waitFor();
    await editorB.getByText('Ausgangslage des Kreises.').waitFor();

    // Anna opens the history (keyboard) and saves a named version.
    const toggle = anna.getByRole('button', { name: 'Versionsverlauf' });
    await toggle.focus();
    await anna.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await anna.getByLabel('Name der neuen Version').fill('Entwurf für Kreistag');
    await anna.getByRole('button', { name: 'Version speichern' }).click();
    const list = anna.getByTestId('version-list');
    await list.getByText('Entwurf für Kreistag').waitFor();

    // Bernd adds a paragraph; Anna saves the next version.
    await editorB.click();
    await bernd.keyboard.press('End');
    await bernd.keyboard.press('Enter');
    await bernd.keyboard.type('Bernd ergänzt die Handlungsfelder.', { delay: 10 });
    await editorA.getByText('Bernd ergänzt die Handlungsfelder.').waitFor();
    await bernd.locator('[data-state="saved"]').waitFor();
    await anna.getByLabel('Name der neuen Version').fill('Mit Handlungsfeldern');
    await anna.getByRole('button', { name: 'Version speichern' }).click();
    await list.getByText('Mit Handlungsfeldern').waitFor();
    const newest = list.locator('li').first();
    await newest.getByText('Bernd Beispiel').waitFor();

    // "Who wrote what" colours the live text by author.
    const who = anna.getByRole('button', { name: 'Wer hat was geschrieben?' });
    await who.click();
    expect(await who.getAttribute('aria-pressed')).toBe('true');
    await waitFor(async () => (await anna.locator('[data-testid="editor-content"] .authorship[title="Bernd Beispiel"]').allInnerTexts()).join('') === 'Bernd ergänzt die Handlungsfelder.', { what: "Bernd's text coloured in Anna's editor" });
    expect((await anna.locator('[data-testid="editor-content"] .authorship[title="Anna Amtsleiterin"]').allInnerTexts()).join('')).toBe('Ausgangslage des Kreises.');
    await who.click();
    await waitFor(async () => (await anna.locator('[data-testid="editor-content"] .authorship').count()) === 0, { what: 'colours off' });

    // Compare: Bernd's paragraph is an insertion in his colour, with a legend naming him.
    await anna.getByRole('button', { name: /^Mit Handlungsfeldern vom .* mit der Version davor vergleichen$/ }).click();
    const diff = anna.getByTestId('version-diff');
    const inserted = diff.locator('ins', { hasText: 'Bernd ergänzt die Handlungsfelder.' });
    await inserted.waitFor();
    expect(await inserted.getAttribute('title')).toBe('eingefügt von Bernd Beispiel');
    const color = await inserted.evaluate((el) => getComputedStyle(el).borderBottomColor);
    const legend = diff.getByRole('list', { name: 'Autorinnen und Autoren der Änderungen' });
    await legend.getByText('Bernd Beispiel').waitFor();
    const swatch = await legend.locator('li', { hasText: 'Bernd Beispiel' }).locator('.diff-swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(color).toBe(swatch);
    expect(await diff.locator('del').count()).toBe(0);

    // No serious accessibility problem in the open history.
    const axe = await new AxeBuilder({ page: anna }).include('.history-panel').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The timeline steps back to the first version, shown read-only.
    const slider = anna.getByLabel('Zeitleiste');
    await slider.focus();
    await anna.keyboard.press('Home');
    const body = anna.getByTestId('version-content');
    await body.getByText('Ausgangslage des Kreises.').waitFor();
    expect(await body.getByText('Bernd ergänzt').count()).toBe(0);
    expect(await body.getAttribute('contenteditable')).toBe('false');
    // Playing runs forward to the newest version.
    await anna.getByRole('button', { name: 'Abspielen' }).click();
    await body.getByText('Bernd ergänzt die Handlungsfelder.').waitFor({ timeout: 10_000 });
    await anna.getByRole('button', { name: 'Abspielen' }).waitFor();

    // Restore the first version: both editors lose Bernd's paragraph, the history keeps it.
    anna.once('dialog', (d) => void d.accept());
    await anna.getByRole('button', { name: /^Entwurf für Kreistag vom .* wiederherstellen$/ }).click();
    await anna.getByText('„Entwurf für Kreistag“ wurde als neue Änderung wiederhergestellt.').waitFor();
    const restored = await waitFor(
      async () => {
        const [a, b] = await Promise.all([editorText(anna), editorText(bernd)]);
        return a === b && a === 'Ausgangslage des Kreises.' ? a : null;
      },
      { what: 'both editors show the restored version' },
    );
    expect(restored).toBe('Ausgangslage des Kreises.');
    const versions = await anna.request.get(`${suite.server.url}/api/v1/documents/${id}/versions`);
    const names = ((await versions.json()) as { versions: Array<{ name: string | null }> }).versions.map((v) => v.name);
    expect(names).toContain('Mit Handlungsfeldern');
    expect(names).toContain('Entwurf für Kreistag');
  });
});
