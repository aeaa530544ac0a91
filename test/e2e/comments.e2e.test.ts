import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { editorText, signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

/** Texts of the highlighted comment anchors in the editor. */
function anchors(page: Page): Promise<string[]> {
  return page.locator('[data-testid="editor-content"] .comment-anchor').allInnerTexts();
}

/** Double-clicks a word of the editor's text, as a person selects it with the mouse. */
async function dblclickWord(page: Page, word: string) {
  const box = await page.evaluate((w) => {
    const root = document.querySelector('[data-testid="editor-content"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  }, word);
  if (!box) throw new Error(`word not found: ${word}`);
  await page.mouse.dblclick(box.x, box.y);
}

/** No serious or critical WCAG 2.1 A/AA violation, as in accessibility.e2e.test.ts. */
async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

describe('comment threads in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-comments-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1360, height: 900 } },
  });
  const newPage = () => suite.newPage();

  it('A comments a selection, B (commenter) replies and resolves, A sees it live and reopens', async () => {
    const anna = await suite.adminPage();
    const berndId = await suite.createUser(anna, { name: 'Bernd Beispiel', email: 'bernd@kreis.example', password: 'auch-geheim-456' });
    const id = await suite.createDocument(anna, { title: 'Digitalstrategie' });
    const put = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/content?format=markdown`, { data: 'Wir digitalisieren alle Verfahren.', headers: { 'content-type': 'text/markdown' } });
    expect(put.status()).toBe(200);
    const acl = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: berndId, role: 'commenter' }] } });
    expect(acl.status()).toBe(200);

    const bernd = await newPage();
    await signIn(bernd, suite.server.url, 'bernd@kreis.example', 'auch-geheim-456');
    await Promise.all([anna.goto(`${suite.server.url}/d/${id}`), bernd.goto(`${suite.server.url}/d/${id}`)]);
    const editorA = anna.getByRole('textbox', { name: 'Dokumentinhalt' });
    await editorA.getByText('Wir digitalisieren').waitFor();
    await bernd.getByRole('textbox', { name: 'Dokumentinhalt' }).getByText('Wir digitalisieren').waitFor();
    // Bernd comments but cannot edit.
    const editorB = bernd.getByRole('textbox', { name: 'Dokumentinhalt' });
    expect(await editorB.getAttribute('aria-readonly')).toBe('true');
    // He has a caret for selecting, but typing, deleting and pasting change nothing.
    await editorB.click();
    await bernd.keyboard.press('End');
    await bernd.keyboard.type('XYZ');
    await bernd.keyboard.press('Backspace');
    await bernd.keyboard.press('Enter');
    expect(await editorText(bernd)).toBe('Wir digitalisieren alle Verfahren.');

    // Anna selects "Verfahren" with the keyboard and comments it with the shortcut.
    await editorA.click();
    await anna.keyboard.press('Control+End');
    await anna.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'Verfahren'.length; i++) await anna.keyboard.press('Shift+ArrowLeft');
    await anna.keyboard.press('Control+Alt+KeyM');
    const box = anna.getByRole('combobox', { name: 'Neuer Kommentar' });
    await box.waitFor();
    expect(await anna.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await anna.keyboard.type('Bitte prüfen, @Ber');
    await anna.getByRole('option', { name: /Bernd Beispiel/ }).waitFor();
    await axe(anna, 'new comment with mention suggestions');
    await anna.keyboard.press('Enter');
    await anna.keyboard.type('danke.');
    expect(await box.inputValue()).toBe('Bitte prüfen, @Bernd Beispiel danke.');
    await anna.getByRole('button', { name: 'Kommentieren', exact: true }).click();
    await waitFor(async () => (await anchors(anna)).join() === 'Verfahren', { what: 'highlight at Anna' });

    // Bernd sees the thread, the highlighted words and the mention.
    const threadB = bernd.getByTestId('comment-thread');
    await threadB.getByText('Bitte prüfen').waitFor();
    await waitFor(async () => (await anchors(bernd)).join() === 'Verfahren', { what: 'highlight at Bernd' });
    expect(await threadB.locator('mark.mention').innerText()).toBe('@Bernd Beispiel');

    // Anna types in front of the commented words; the highlight stays on them for both.
    await editorA.locator('p').first().click({ position: { x: 2, y: 8 } });
    await anna.keyboard.press('Home');
    await anna.keyboard.type('Neu: ');
    await waitFor(async () => (await editorText(bernd)).startsWith('Neu: Wir'), { what: 'edit at Bernd' });
    await waitFor(async () => (await anchors(bernd)).join() === 'Verfahren' && (await anchors(anna)).join() === 'Verfahren', { what: 'highlights after the edit' });

    // Bernd replies and resolves.
    await threadB.getByRole('button', { name: 'Antworten' }).click();
    await bernd.getByRole('combobox', { name: 'Antwort' }).fill('Erledige ich bis Freitag.');
    await threadB.getByRole('button', { name: 'Antworten' }).click();
    const threadA = anna.getByTestId('comment-thread');
    await threadA.getByText('Erledige ich bis Freitag.').waitFor();
    await waitFor(async () => (await anna.getByTestId('comment-announcer').innerText()).includes('Bernd Beispiel hat kommentiert: Erledige ich bis Freitag.'), { what: 'reply announced to Anna' });
    await threadB.getByRole('button', { name: 'Erledigt' }).click();
    // The resolved thread leaves Bernd's list; focus goes to the panel heading, not to nowhere.
    await waitFor(async () => (await bernd.evaluate(() => document.activeElement?.id)) === 'comments-heading', { what: 'focus after resolving' });

    // Anna sees it resolved live: gone from the open list and from the text.
    await waitFor(async () => (await threadA.count()) === 0 && (await anchors(anna)).length === 0, { what: 'resolved at Anna' });
    await anna.getByRole('heading', { name: /Kommentare \(keine offenen\)/ }).waitFor();
    await anna.getByLabel('Erledigte anzeigen').check();
    await threadA.getByText('Erledigt von Bernd Beispiel').waitFor();

    // Anna reopens; Bernd sees it open again.
    await threadA.getByRole('button', { name: 'Wieder öffnen' }).click();
    await threadB.getByRole('button', { name: 'Erledigt' }).waitFor();
    await waitFor(async () => (await anchors(bernd)).join() === 'Verfahren', { what: 'highlight back at Bernd' });
    await bernd.getByRole('heading', { name: /Kommentare \(1 offen\)/ }).waitFor();
    // Bernd's thread is still the active one, with its reply box open.
    await bernd.getByRole('combobox', { name: 'Antwort' }).waitFor();
    await axe(bernd, 'thread with replies and reply box');
    await axe(anna, 'resolved threads shown');

    // Bernd cannot edit, but selects a word with the mouse and comments it from the panel.
    await dblclickWord(bernd, 'digitalisieren');
    const add = bernd.getByRole('button', { name: 'Kommentar hinzufügen' });
    await waitFor(() => add.isEnabled(), { what: 'add button enabled for the selection' });
    await add.click();
    await bernd.getByRole('combobox', { name: 'Neuer Kommentar' }).fill('Welche genau?');
    await bernd.getByRole('button', { name: 'Kommentieren', exact: true }).click();
    await waitFor(async () => (await anchors(anna)).sort().join() === 'Verfahren,digitalisieren', { what: "Bernd's comment highlighted at Anna" });
    await threadA.getByText('Welche genau?').waitFor();

    // And with the keyboard alone: caret to the start, Shift+arrows over "Neu", the shortcut.
    // The editor takes a native selection change a moment later; Anna seeing Bernd's selection
    // shows it has arrived. The panel re-rendering after the previous comment can take the focus
    // back while the keys are pressed, so the selection is made again until it arrives.
    const annaSees = async () => (await anna.locator('.ProseMirror-yjs-selection').allInnerTexts()).join('') === 'Neu';
    await waitFor(
      async () => {
        await editorB.focus();
        await bernd.keyboard.press('Control+Home');
        for (let i = 0; i < 'Neu'.length; i++) await bernd.keyboard.press('Shift+ArrowRight');
        return waitFor(annaSees, { what: "Bernd's selection at Anna", timeoutMs: 5_000 }).then(() => true, () => false);
      },
      { what: "Bernd's keyboard selection at Anna", timeoutMs: 30_000 },
    );
    await bernd.keyboard.press('Control+Alt+KeyM');
    await bernd.getByRole('combobox', { name: 'Neuer Kommentar' }).fill('Was ist neu?');
    await bernd.getByRole('button', { name: 'Kommentieren', exact: true }).click();
    await waitFor(async () => (await anchors(anna)).sort().join() === 'Neu,Verfahren,digitalisieren', { what: "Bernd's keyboard comment at Anna" });
    expect(await editorText(anna)).toBe('Neu: Wir digitalisieren alle Verfahren.');
    expect(await editorText(bernd)).toBe('Neu: Wir digitalisieren alle Verfahren.');
  });
});
