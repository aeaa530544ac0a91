import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browserSuite';
import { waitFor } from '../helpers/waitFor';

describe('the audit log in Chromium', () => {
  const suite = browserSuite({
    prefix: 'werkraum-audit-e2e-',
    admin: { name: 'Anna Amtsleiterin', email: 'anna@kreis.example', password: 'geheim-genug-123' },
    context: { viewport: { width: 1280, height: 800 } },
  });

  it('names actions, people and permissions in words, and filters by action', async () => {
    const anna = await suite.adminPage();
    const berndId = await suite.createUser(anna, { name: 'Bernd Beispiel', email: 'bernd@kreis.example', password: 'auch-geheim-456' });
    const id = await suite.createDocument(anna, { title: 'Digitalstrategie', kind: 'text' });
    const acl = await anna.request.put(`${suite.server.url}/api/v1/documents/${id}/acl`, { data: { entries: [{ principal: 'user', id: berndId, role: 'editor' }] } });
    expect(acl.status()).toBe(200);

    await anna.goto(`${suite.server.url}/admin/audit`);
    const shared = anna.locator('tbody tr', { hasText: 'Freigabe geändert' });
    await shared.waitFor();
    // Who got which permission, by name once the directory has loaded; no codes or JSON.
    const after = shared.locator('.audit-detail > div', { hasText: 'Nachher:' });
    await waitFor(async () => (await after.locator('dd').innerText()) === 'Bernd Beispiel: Bearbeiten', { what: 'the new permission in words' });
    expect(await shared.innerText()).toContain('Anna Amtsleiterin');
    expect(await shared.innerText()).not.toContain('document.share');
    expect(await shared.innerText()).not.toContain('{');
    expect(await shared.getByRole('link', { name: id }).getAttribute('href')).toBe(`/d/${id}`);

    await anna.getByLabel('Aktion').selectOption({ label: 'Dokument angelegt' });
    await anna.getByRole('button', { name: 'Filtern' }).click();
    await waitFor(async () => (await anna.locator('tbody tr', { hasText: 'Freigabe geändert' }).count()) === 0, { what: 'only creations after filtering' });
    const rows = anna.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Dokument angelegt');
    expect(await rows.first().innerText()).toContain('Titel:');
    expect(await rows.first().innerText()).toContain('Textdokument');
  });
});
