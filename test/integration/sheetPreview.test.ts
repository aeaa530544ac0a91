import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocument } from '../../lib/documents/service';
import { putCells } from '../../lib/documents/sheetService';
import { decodeStoredPreview } from '../../lib/sheet/storedPreview';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

describe('sheet preview kept while the sheet is out of memory', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.dispose();
  });

  const inMemory = (docId: string) => app.services.liveDocs.peek(docId, () => true) === true;

  it('stores the first screen of a sheet when it leaves memory, and nothing for a text', async () => {
    const owner = await createUserWithToken(app.services.store, 'olga@kreis.example', 'Olga');
    const principal = { user: owner.user, via: 'token' as const };
    const sheetId = (await createDocument(app.services, principal, { title: 'Priorisierung', kind: 'sheet' })).id;
    const textId = (await createDocument(app.services, principal, { title: 'Protokoll', kind: 'text' })).id;
    await putCells(app.services, principal, sheetId, { cells: { A1: 'Wohngeld', B1: 1234.5, B2: '=B1*2' } });

    // A browser had the sheet open, then left.
    const c = connectClient(app.wsUrl, sheetId, owner.token);
    await waitSynced(c);
    c.provider.destroy();
    await waitFor(() => !inMemory(sheetId), { what: 'sheet unloaded' });
    const stored = await waitFor(() => app.services.store.getDocumentPreview(sheetId), { what: 'stored preview' });
    const de = decodeStoredPreview(stored, 'de')!;
    expect(de.rows[0].cells.slice(0, 2).map((cell) => cell.text)).toEqual(['Wohngeld', '1.234,5']);
    expect(de.rows[1].cells[1]).toMatchObject({ text: '…', pending: true });
    expect(decodeStoredPreview(stored, 'en')!.rows[0].cells[1].text).toBe('1,234.5');

    // Opened and left without a change: the kept preview stays as it is, unwritten.
    const writes = vi.spyOn(app.services.store, 'setDocumentPreview');
    const reader = connectClient(app.wsUrl, sheetId, owner.token);
    await waitSynced(reader);
    reader.provider.destroy();
    await waitFor(() => !inMemory(sheetId), { what: 'sheet unloaded after reading' });
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();

    // Changed again through the API: the next unload brings the kept preview up to date.
    await putCells(app.services, principal, sheetId, { cells: { A1: 'Elterngeld' } });
    await waitFor(async () => decodeStoredPreview((await app.services.store.getDocumentPreview(sheetId))!, 'de')?.rows[0].cells[0].text === 'Elterngeld', {
      what: 'preview after the second unload',
    });

    const t = connectClient(app.wsUrl, textId, owner.token);
    await waitSynced(t);
    t.provider.destroy();
    await waitFor(() => !inMemory(textId), { what: 'text unloaded' });
    expect(await app.services.store.getDocumentPreview(textId)).toBeNull();
  });
});
