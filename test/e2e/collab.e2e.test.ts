import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { editorText, signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

/** What the screen-reader live region says, once it says `phrase` (it speaks every few seconds). */
function announced(page: Page, phrase: string, what: string): Promise<string> {
  return waitFor(
    async () => {
      const text = await page.getByTestId('announcer').innerText();
      return text.includes(phrase) ? text : null;
    },
    { what, timeoutMs: 15_000 },
  );
}

describe('two people editing one document in Chromium', () => {
  const suite = browserSuite({ prefix: 'werkraum-e2e-' });
  const newPage = () => suite.newPage();

  it('sets up, shares, types at the same time, converges, shows carets and saves', async () => {
    const base = suite.server.url;
    expect(suite.server.setupUrl).toBeTruthy();

    // First start: the one-time setup link creates the administrator.
    const anna = await newPage();
    await anna.goto(suite.server.setupUrl!);
    await anna.getByLabel('Name').fill('Anna Amtsleiterin');
    await anna.getByLabel('E-Mail-Adresse').fill('anna@kreis.example');
    await anna.getByLabel(/Passwort/).fill('geheim-genug-123');
    await anna.getByRole('button', { name: 'Administrator anlegen' }).click();
    await anna.getByRole('link', { name: 'Zur Anmeldung' }).waitFor();
    // The link is single-use.
    const again = await anna.request.post(`${base}/api/setup`, {
      data: { token: new URL(suite.server.setupUrl!).searchParams.get('token'), name: 'X', email: 'x@kreis.example', password: 'geheim-genug-123' },
    });
    expect(again.status()).toBe(403);

    await signIn(anna, base, 'anna@kreis.example', 'geheim-genug-123');

    // The administrator creates a colleague's account on the admin page.
    await anna.goto(`${base}/admin`);
    await anna.getByLabel('Name').fill('Bernd Beispiel');
    await anna.getByLabel('E-Mail-Adresse').fill('bernd@kreis.example');
    await anna.getByLabel(/Anfangspasswort/).fill('auch-geheim-456');
    await anna.getByRole('button', { name: 'Konto anlegen' }).click();
    await anna.getByRole('cell', { name: 'bernd@kreis.example' }).waitFor();

    // Create a document, then share it with Bernd from the document list.
    await anna.goto(`${base}/`);
    await anna.getByLabel('Titel des neuen Dokuments').fill('Digitalstrategie');
    await anna.getByRole('button', { name: 'Neues Dokument' }).click();
    await anna.waitForURL(/\/d\/[A-Za-z0-9_-]+$/);
    const docUrl = anna.url();
    await anna.goto(`${base}/`);
    await anna.getByRole('button', { name: 'Freigeben: Digitalstrategie' }).click();
    const dialog = anna.getByRole('dialog');
    await dialog.getByLabel('E-Mail-Adresse der Person').fill('bernd@kreis.example');
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
    await dialog.getByText('bernd@kreis.example').waitFor();
    await dialog.getByRole('button', { name: 'Schließen' }).click();

    // A wrong password gets the generic message.
    const bernd = await newPage();
    await bernd.goto(`${base}/login`);
    await bernd.getByLabel(/E-Mail/).fill('bernd@kreis.example');
    await bernd.getByLabel('Passwort').fill('falsch-falsch');
    await bernd.getByRole('button', { name: 'Anmelden' }).click();
    await bernd.locator('p[role="alert"]').waitFor();
    expect(await bernd.locator('p[role="alert"]').innerText()).toBe('E-Mail-Adresse oder Passwort ist falsch.');
    await signIn(bernd, base, 'bernd@kreis.example', 'auch-geheim-456');
    await bernd.getByRole('link', { name: 'Digitalstrategie' }).waitFor();

    await Promise.all([anna.goto(docUrl), bernd.goto(docUrl)]);
    const editorA = anna.getByRole('textbox', { name: 'Dokumentinhalt' });
    const editorB = bernd.getByRole('textbox', { name: 'Dokumentinhalt' });
    await Promise.all([editorA.waitFor(), editorB.waitFor()]);
    await Promise.all([anna.locator('[data-state="saved"]').waitFor(), bernd.locator('[data-state="saved"]').waitFor()]);

    await editorA.click();
    await editorB.click();
    await Promise.all([
      anna.keyboard.type('Anna schreibt den Abschnitt zur Ausgangslage. ', { delay: 15 }),
      bernd.keyboard.type('Bernd ergänzt die Handlungsfelder. ', { delay: 15 }),
    ]);

    const both = await waitFor(
      async () => {
        const [a, b] = await Promise.all([editorText(anna), editorText(bernd)]);
        return a === b && a.includes('Anna schreibt den Abschnitt zur Ausgangslage.') && a.includes('Bernd ergänzt die Handlungsfelder.') ? a : null;
      },
      { what: 'both editors converge', timeoutMs: 15_000 },
    );
    expect(both.length).toBeGreaterThan(60);
    // Screen readers hear a summary of who changed the document, never their own typing.
    const heard = await announced(anna, 'Bernd Beispiel hat das Dokument geändert.', "Bernd's edits announced to Anna");
    expect(heard).not.toContain('Anna Amtsleiterin hat');

    // Each sees the other's name on a caret.
    await waitFor(async () => (await anna.locator('.collaboration-carets__label').allInnerTexts()).includes('Bernd Beispiel'), { what: "Bernd's caret at Anna" });
    await waitFor(async () => (await bernd.locator('.collaboration-carets__label').allInnerTexts()).includes('Anna Amtsleiterin'), { what: "Anna's caret at Bernd" });
    // Both appear in the presence list.
    await anna.getByRole('list', { name: 'Anwesend' }).getByText('Bernd Beispiel').waitFor();

    // The status reaches "saved" only after the server confirmed storage.
    await Promise.all([
      anna.locator('[data-state="saved"]').waitFor({ timeout: 10_000 }),
      bernd.locator('[data-state="saved"]').waitFor({ timeout: 10_000 }),
    ]);
    await expect(anna.getByRole('status').filter({ hasText: 'Gespeichert' }).count()).resolves.toBeGreaterThan(0);

    // Undo takes back only the user's own typing, never the other person's.
    await editorA.click();
    await waitFor(
      async () => {
        const text = await editorText(anna);
        if (!text.includes('Anna schreibt')) return true;
        await anna.keyboard.press('Control+z');
        return false;
      },
      { what: "Anna's undo", intervalMs: 200 },
    );
    await waitFor(async () => !(await editorText(bernd)).includes('Anna schreibt'), { what: 'undo reaches Bernd' });
    expect(await editorText(anna)).toContain('Bernd ergänzt die Handlungsfelder.');
    expect(await editorText(bernd)).toContain('Bernd ergänzt die Handlungsfelder.');
    await anna.keyboard.press('Control+Shift+z');
    await waitFor(async () => (await editorText(bernd)).includes('Anna schreibt'), { what: 'redo reaches Bernd' });

    // Offline: edits are kept and counted, and merge when the connection returns.
    await bernd.context().setOffline(true);
    await bernd.locator('[data-state="offline"]').waitFor();
    await editorB.click();
    await bernd.keyboard.press('Control+End');
    await bernd.keyboard.type(' Offline-Notiz.');
    await waitFor(async () => /ungespeicherte Änderung/.test(await bernd.locator('[data-state="offline"]').innerText()), { what: 'pending count' });
    await bernd.context().setOffline(false);
    await bernd.locator('[data-state="saved"]').waitFor({ timeout: 15_000 });
    await waitFor(async () => (await editorText(anna)).includes('Offline-Notiz.'), { what: 'offline edit merged', timeoutMs: 15_000 });
    const final = await editorText(anna);
    await waitFor(async () => (await editorText(bernd)) === final, { what: 'converged after offline' });

    // After a reload the text is still there.
    await bernd.reload();
    await bernd.getByRole('textbox', { name: 'Dokumentinhalt' }).waitFor();
    await waitFor(async () => (await editorText(bernd)) === final, { what: 'text after reload' });
    // Opening the document in a browser that holds nothing of it yet announces who is there,
    // not the edits made before it was opened.
    const annaElsewhere = await newPage();
    await signIn(annaElsewhere, base, 'anna@kreis.example', 'geheim-genug-123');
    await annaElsewhere.goto(docUrl);
    await waitFor(async () => (await editorText(annaElsewhere)) === final, { what: 'text in a fresh browser' });
    const opened = await announced(annaElsewhere, 'Bernd Beispiel ist im Dokument.', 'presence announced on opening');
    expect(opened).not.toContain('geändert');
    expect(opened).not.toContain('beigetreten');
    await annaElsewhere.close();

    // The document list shows who edited last.
    await anna.goto(`${base}/`);
    await anna.getByRole('link', { name: 'Digitalstrategie' }).waitFor();
  });
});
