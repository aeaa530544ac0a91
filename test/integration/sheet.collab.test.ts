import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../../lib/ids';
import { cleanupOrphans } from '../../lib/sheet/cleanup';
import { SheetEngine } from '../../lib/sheet/SheetEngine';
import { SheetModel } from '../../lib/sheet/SheetModel';
import type { User } from '../../lib/store/types';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

interface SheetClient {
  client: TestClient;
  model: SheetModel;
  engine: SheetEngine;
}

describe('spreadsheets through the real server', () => {
  let app: TestApp;
  let owner: { user: User; token: string };
  let docId: string;
  const opened: SheetClient[] = [];

  /** A stock y-websocket client with the sheet model and engine on top, once synced. */
  const open = async (name: string): Promise<SheetClient> => {
    const client = connectClient(app.wsUrl, docId, owner.token);
    await waitSynced(client);
    const model = new SheetModel(client.doc, { origin: { client: name } });
    await waitFor(() => model.sheetIds().length === 1, { what: `${name} sees the sheet` });
    const c = { client, model, engine: new SheetEngine(model) };
    opened.push(c);
    return c;
  };

  beforeEach(async () => {
    app = await startTestApp();
    owner = await createUserWithToken(app.services.store, 'amt@kreis.example', 'Amtsleitung');
    docId = newId();
    // The document service does not create sheets yet; the row is made directly and the model
    // initialised on the server, where documents are created.
    await app.services.store.createDocument({ id: docId, kind: 'sheet', title: 'OZG-Priorisierung', ownerId: owner.user.id });
    await app.services.liveDocs.change(docId, owner.user.id, (doc) => new SheetModel(doc).initialize({ title: 'OZG-Priorisierung', rows: 10, cols: 4 }));
  });

  afterEach(async () => {
    for (const c of opened.splice(0)) {
      c.engine.destroy();
      c.model.destroy();
      c.client.destroy();
    }
    await app.dispose();
  });

  it('a row inserted above row 3 while another user types =A3*2: both see the formula pointing at the old A3', async () => {
    const a = await open('A');
    const b = await open('B');
    const sheet = a.model.sheetIds()[0];
    a.model.setValues(sheet, 0, 0, [[10], [20], [30], [40]]);
    await waitFor(() => b.model.getValue(sheet, 3, 0) === 40, { what: 'values reach B' });

    // Both edits happen before either client hears of the other's: same turn of the event loop.
    a.model.insertRows(sheet, 2, 1);
    expect(b.model.rowCount(sheet)).toBe(10);
    b.model.setInput(sheet, 0, 1, '=A3*2', 'en');
    expect(b.engine.getValue(sheet, 0, 1)).toBe(60);

    await waitFor(() => a.model.getValue(sheet, 0, 1) !== null && b.model.rowCount(sheet) === 11, { what: 'both edits everywhere' });
    for (const c of [a, b]) {
      expect(c.model.getInput(sheet, 0, 1, 'en')).toBe('=A4*2');
      expect(c.model.getInput(sheet, 0, 1, 'de-DE')).toBe('=A4*2');
      expect(c.model.getValue(sheet, 3, 0)).toBe(30);
      expect(c.engine.getValue(sheet, 0, 1)).toBe(60);
    }
    expect(Y.encodeStateVector(a.client.doc)).toEqual(Y.encodeStateVector(b.client.doc));

    // The server evaluates the same document with the same code (exports, API).
    await a.client.tracker.whenSaved();
    await b.client.tracker.whenSaved();
    const onServer = await app.services.liveDocs.read(docId, (doc) => {
      const model = new SheetModel(doc);
      const engine = new SheetEngine(model);
      try {
        return { formula: model.getInput(sheet, 0, 1, 'en'), value: engine.getValuesA1('B1', sheet)[0][0] };
      } finally {
        engine.destroy();
        model.destroy();
      }
    });
    expect(onServer).toEqual({ formula: '=A4*2', value: 60 });

    // A late joiner gets the same picture from the server's state.
    const late = await open('C');
    expect(late.model.getInput(sheet, 0, 1, 'en')).toBe('=A4*2');
    expect(late.engine.getValue(sheet, 0, 1)).toBe(60);
  });

  it('a value typed into a row deleted at the same time is cleaned up everywhere; the formula on it shows #REF!', async () => {
    const a = await open('A');
    const b = await open('B');
    const sheet = a.model.sheetIds()[0];
    a.model.setInput(sheet, 4, 0, '5', 'de-DE');
    a.model.setInput(sheet, 0, 2, '=SUMME(A5;1)+A5', 'de-DE');
    await waitFor(() => b.engine.getValue(sheet, 0, 2) === 11, { what: 'formula reaches B' });

    a.model.deleteRows(sheet, 4, 1);
    b.model.setInput(sheet, 4, 1, 'zu spät', 'de-DE');

    await waitFor(() => b.model.rowCount(sheet) === 9 && a.model.parts(sheet)!.cells.size === 2, { what: 'both edits everywhere' });
    for (const c of [a, b]) {
      expect(c.model.getInput(sheet, 0, 2, 'de-DE')).toBe('=SUMME(#BEZUG!;1)+#BEZUG!');
      expect(c.engine.getValue(sheet, 0, 2)).toBe('#REF!');
      expect(c.model.getSheetValues(sheet).flat().filter((v) => v === 'zu spät')).toEqual([]);
    }
    expect(cleanupOrphans(b.model).orphans).toBe(1);
    await waitFor(() => a.model.parts(sheet)!.cells.size === 1, { what: 'cleanup reaches A' });
    expect(JSON.stringify(a.model.toJSON())).toBe(JSON.stringify(b.model.toJSON()));
  });
});
