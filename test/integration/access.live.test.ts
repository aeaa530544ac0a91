import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, setAcl } from '../../lib/documents/service';
import { createShareLink, redeemShareLink, revokeShareLink } from '../../lib/access/shareLinks';
import { CloseCode, CloseReason } from '../../lib/collab/protocol';
import { encodeChunk } from '../../lib/sheet/cellChunks';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { startTestApp, createUserWithToken, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import type { User } from '../../lib/store/types';
import { deleteUser } from '../../lib/userDeletion';
import { readThreads } from '../../lib/comments/model';

type Account = { user: User; token: string };
const as = (a: Account) => ({ user: a.user, via: 'token' as const });

describe('access on live connections', () => {
  let app: TestApp;
  let owner: Account;
  const clients: TestClient[] = [];
  const client = (token: string, id: string) => {
    const c = connectClient(app.wsUrl, id, token);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    app = await startTestApp();
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example', 'Olga Owner');
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await app.dispose();
  });

  it.each(['viewer', 'commenter'] as const)("a raw client with %s rights sends updates: nothing is stored, nobody sees them", async (role) => {
    const docId = (await createDocument(app.services, as(owner), { title: 'Strategie', kind: 'text' })).id;
    const reader = await createUserWithToken(app.services.store, `${role}@kreis.example`);
    // Through a group, so the group path is enforced too.
    const group = await app.services.store.createGroup({ name: 'Lesende' });
    await app.services.store.setGroupMembers(group.id, [{ userId: reader.user.id, isHead: false }]);
    await setAcl(app.services, as(owner), docId, { entries: [{ principal: 'group', id: group.id, role }] });
    const o = client(owner.token, docId);
    const r = client(reader.token, docId);
    await Promise.all([waitSynced(o), waitSynced(r)]);

    r.text.insert(0, 'FORGED');
    r.doc.getMap('meta').set('title', 'Übernommen');
    o.text.insert(0, 'echt');
    await o.tracker.whenSaved();
    await waitFor(() => r.text.toString().includes('echt'), { what: 'reader still receives' });
    expect(o.text.toString()).toBe('echt');
    expect(o.doc.getMap('meta').get('title')).toBe('Strategie');
    // The server holds nothing of it, and neither does a client that joins now.
    expect(await app.services.liveDocs.read(docId, (d) => d.getText('t').toString())).toBe('echt');
    const late = client(owner.token, docId);
    await waitSynced(late);
    expect(late.text.toString()).toBe('echt');
    const stored = await app.services.store.loadDocState(docId);
    const fromStore = new Y.Doc();
    for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(fromStore, u);
    expect(fromStore.getText('t').toString()).toBe('echt');
  });

  it("closes a revoked link's connections within a second and keeps other access", async () => {
    const docId = (await createDocument(app.services, as(owner), { title: 'Protokoll', kind: 'text' })).id;
    const guest = await createUserWithToken(app.services.store, 'guest@kreis.example');
    const named = await createUserWithToken(app.services.store, 'named@kreis.example');
    await setAcl(app.services, as(owner), docId, { entries: [{ principal: 'user', id: named.user.id, role: 'viewer' }] });
    const { id: linkId, url } = await createShareLink(app.services, as(owner), docId, { role: 'editor' });
    const token = url.split('/l/')[1];
    expect(await app.services.store.getRole(docId, guest.user.id)).toBeNull();
    await redeemShareLink(app.services, as(guest), token);
    await redeemShareLink(app.services, as(named), token);
    expect(await app.services.store.getRole(docId, guest.user.id)).toBe('editor');
    // The stored hash is not the token.
    expect(JSON.stringify(await app.services.store.listShareLinks(docId))).not.toContain(token);

    const g = client(guest.token, docId);
    const n = client(named.token, docId);
    await Promise.all([waitSynced(g), waitSynced(n)]);
    g.text.insert(0, 'über den Link ');
    await g.tracker.whenSaved();

    const revokedAt = Date.now();
    await revokeShareLink(app.services, as(owner), docId, linkId);
    await waitFor(() => g.closes.some((e) => e.code === CloseCode.Forbidden && e.reason === CloseReason.AccessRevoked), { what: 'link connection closed', timeoutMs: 1000 });
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(g.provider.shouldConnect).toBe(false);
    // The named viewer stays connected, now read-only.
    expect(n.closes).toEqual([]);
    expect(await app.services.store.getRole(docId, named.user.id)).toBe('viewer');
    expect(await app.services.store.getRole(docId, guest.user.id)).toBeNull();
    await expect(redeemShareLink(app.services, as(guest), token)).rejects.toMatchObject({ status: 404 });
  });

  it('closes the connection of a link that expires while it is open', async () => {
    await app.dispose();
    app = await startTestApp({ env: { ACCESS_RECHECK_MS: '200' } });
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example', 'Olga Owner');
    const docId = (await createDocument(app.services, as(owner), { title: 'Befristet', kind: 'text' })).id;
    const guest = await createUserWithToken(app.services.store, 'guest@kreis.example');
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const { url } = await createShareLink(app.services, as(owner), docId, { role: 'viewer', expiresAt });
    await redeemShareLink(app.services, as(guest), url.split('/l/')[1]);
    const g = client(guest.token, docId);
    await waitSynced(g);
    expect(g.closes).toEqual([]);
    await waitFor(() => g.closes.some((e) => e.code === CloseCode.Forbidden && e.reason === CloseReason.AccessRevoked), { what: 'expired link closed', timeoutMs: 5000 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  });

  it('deletes an account: pseudonymised everywhere, content kept, connections closed', async () => {
    const docId = (await createDocument(app.services, as(owner), { title: 'Protokoll', kind: 'text' })).id;
    const leaver = await createUserWithToken(app.services.store, 'leaver@kreis.example', 'Lea Leaver');
    const ownDoc = (await createDocument(app.services, as(leaver), { title: 'Eigenes', kind: 'text' })).id;
    await setAcl(app.services, as(owner), docId, { entries: [{ principal: 'user', id: leaver.user.id, role: 'editor' }] });
    const c = client(leaver.token, docId);
    await waitSynced(c);
    c.text.insert(0, 'Text von Lea');
    await c.tracker.whenSaved();
    // A comment thread as the comments service writes it, with the author's name copied in.
    await app.services.liveDocs.change(docId, null, (doc) => {
      const thread = new Y.Map<unknown>();
      const replies = new Y.Map<unknown>();
      thread.set('anchor', { start: 'a', end: 'b', quote: 'Text' });
      thread.set('createdBy', leaver.user.id);
      thread.set('createdAt', 1);
      thread.set('resolved', null);
      thread.set('replies', replies);
      doc.getMap('comments').set('t1', thread);
      replies.set('r1', { id: 'r1', authorId: leaver.user.id, authorName: 'Lea Leaver', body: 'Bitte prüfen', mentions: [], createdAt: 1, editedAt: null, deleted: false });
      replies.set('r2', { id: 'r2', authorId: owner.user.id, authorName: 'Olga Owner', body: '@Lea', mentions: [{ id: leaver.user.id, name: 'Lea Leaver' }], createdAt: 2, editedAt: null, deleted: false });
    });

    await deleteUser(app.services, owner.user.id, leaver.user.id);
    await waitFor(() => c.closes.some((e) => e.code === CloseCode.Forbidden), { what: 'leaver disconnected' });
    const gone = (await app.services.store.getUserById(leaver.user.id))!;
    expect(gone.name).toMatch(/^Gelöschte Person /);
    expect(gone.email).not.toContain('leaver');
    expect(await app.services.store.getUserByEmail('leaver@kreis.example')).toBeNull();
    expect((await app.services.store.getDocument(ownDoc))?.ownerId).toBe(owner.user.id);
    const { text, threads } = await app.services.liveDocs.read(docId, (d) => ({ text: d.getText('t').toString(), threads: readThreads(d) }));
    expect(text).toBe('Text von Lea');
    expect(JSON.stringify(threads)).not.toContain('Lea Leaver');
    expect(threads[0].replies[0]).toMatchObject({ authorId: leaver.user.id, authorName: gone.name, body: 'Bitte prüfen' });
    expect(threads[0].replies[1].mentions).toEqual([{ id: leaver.user.id, name: gone.name }]);
    expect((await app.services.store.listAudit({ action: 'user.delete' }))[0]).toMatchObject({ actor: owner.user.id });
    await expect(deleteUser(app.services, owner.user.id, owner.user.id)).rejects.toMatchObject({ status: 400 });
  });

  describe('row ownership in sheets', () => {
    let docId: string;
    let member: Account;
    let outsider: Account;
    let groupId: string;
    let sheetId: string;
    let ownedRow: string;
    let freeRow: string;
    let colId: string;

    beforeEach(async () => {
      docId = (await createDocument(app.services, as(owner), { title: 'Zuständigkeiten', kind: 'sheet' })).id;
      member = await createUserWithToken(app.services.store, 'bau@kreis.example', 'Berta Bauamt');
      outsider = await createUserWithToken(app.services.store, 'ord@kreis.example', 'Otto Ordnungsamt');
      groupId = (await app.services.store.createGroup({ name: 'Bauamt' })).id;
      await app.services.store.setGroupMembers(groupId, [{ userId: member.user.id, isHead: true }]);
      await setAcl(app.services, as(owner), docId, {
        entries: [{ principal: 'user', id: member.user.id, role: 'editor' }, { principal: 'user', id: outsider.user.id, role: 'editor' }],
      });
      await app.services.liveDocs.change(docId, owner.user.id, (doc) => {
        const model = new SheetModel(doc);
        sheetId = model.sheetIds()[0];
        model.setValue(sheetId, 0, 0, 'Bauaufsicht');
        model.setRowMeta(sheetId, 0, { owner: groupId });
        model.destroy();
      });
      const read = await app.services.liveDocs.read(docId, (doc) => {
        const sheet = doc.getMap('sheets').get(sheetId) as Y.Map<unknown>;
        return { rows: (sheet.get('rows') as Y.Array<string>).toArray(), cols: (sheet.get('cols') as Y.Array<string>).toArray() };
      });
      [ownedRow, freeRow] = read.rows;
      colId = read.cols[0];
    });

    const cells = (c: TestClient) => ((c.doc.getMap('sheets').get(sheetId) as Y.Map<unknown>).get('cells') as Y.Map<{ v: unknown }>);
    const rowMeta = (c: TestClient) => ((c.doc.getMap('sheets').get(sheetId) as Y.Map<unknown>).get('rowMeta') as Y.Map<unknown>);

    it("refuses an outsider's write into an owned row: not stored, never relayed, the sender resyncs to the server state", async () => {
      const observer = client(owner.token, docId);
      const out = client(outsider.token, docId);
      await Promise.all([waitSynced(observer), waitSynced(out)]);
      const seen: unknown[] = [];
      cells(observer).observe(() => seen.push(cells(observer).get(`${ownedRow}:${colId}`)?.v));

      cells(out).set(`${ownedRow}:${colId}`, { v: 'GEKAPERT' });
      await waitFor(() => out.closes.some((e) => e.code === CloseCode.UpdateRefused && e.reason === CloseReason.RowOwned), { what: 'refusal' });

      // What the browser does on this refusal: drop the local state and load the server's.
      out.destroy();
      const fresh = client(outsider.token, docId);
      await waitSynced(fresh);
      await waitFor(() => cells(fresh).get(`${ownedRow}:${colId}`)?.v === 'Bauaufsicht', { what: 'sender back on the server state' });

      // Writes into free rows still go through, and the observer never saw the forged value.
      cells(fresh).set(`${freeRow}:${colId}`, { v: 'frei' });
      await waitFor(() => cells(observer).get(`${freeRow}:${colId}`)?.v === 'frei', { what: 'free row relayed' });
      expect(seen).not.toContain('GEKAPERT');
      expect(cells(observer).get(`${ownedRow}:${colId}`)?.v).toBe('Bauaufsicht');
      const server = await app.services.liveDocs.read(docId, (d) => {
        const model = new SheetModel(d);
        const v = model.getValue(sheetId, 0, 0);
        model.destroy();
        return v;
      });
      expect(server).toBe('Bauaufsicht');
    });

    it('refuses packed cells written into an owned row, and takes them in free rows', async () => {
      const base = (c: TestClient) => (c.doc.getMap('sheets').get(sheetId) as Y.Map<unknown>).get('base') as Y.Map<unknown>;
      const out = client(outsider.token, docId);
      await waitSynced(out);
      base(out).set('forged', encodeChunk([colId], [[freeRow, [{ v: 'frei' }]], [ownedRow, [{ v: 'GEKAPERT' }]]]));
      await waitFor(() => out.closes.some((e) => e.reason === CloseReason.RowOwned), { what: 'packed write refused' });
      out.destroy();

      const out2 = client(outsider.token, docId);
      const observer = client(owner.token, docId);
      await Promise.all([waitSynced(out2), waitSynced(observer)]);
      base(out2).set('free', encodeChunk([colId], [[freeRow, [{ v: 'frei' }]]]));
      const model = new SheetModel(observer.doc);
      await waitFor(() => model.getValue(sheetId, 1, 0) === 'frei', { what: 'packed write into a free row relayed' });
      expect(model.getValue(sheetId, 0, 0)).toBe('Bauaufsicht');
      expect([...base(observer).keys()]).toEqual(['free']);
      model.destroy();
    });

    it("lets members write their rows, and refuses deleting an owned row's cell or taking over its owner", async () => {
      const m = client(member.token, docId);
      const observer = client(owner.token, docId);
      await Promise.all([waitSynced(m), waitSynced(observer)]);
      cells(m).set(`${ownedRow}:${colId}`, { v: 'Bauamt, Sachgebiet 2' });
      await waitFor(() => cells(observer).get(`${ownedRow}:${colId}`)?.v === 'Bauamt, Sachgebiet 2', { what: 'member write relayed' });

      const out = client(outsider.token, docId);
      await waitSynced(out);
      cells(out).delete(`${ownedRow}:${colId}`);
      await waitFor(() => out.closes.some((e) => e.reason === CloseReason.RowOwned), { what: 'delete refused' });
      out.destroy();

      const out2 = client(outsider.token, docId);
      await waitSynced(out2);
      rowMeta(out2).set(freeRow, { owner: 'someone-else' });
      await waitFor(() => out2.closes.some((e) => e.reason === CloseReason.RowOwned), { what: 'owner change refused' });
      out2.destroy();

      const check = client(owner.token, docId);
      await waitSynced(check);
      expect(cells(check).get(`${ownedRow}:${colId}`)?.v).toBe('Bauamt, Sachgebiet 2');
      expect(rowMeta(check).get(freeRow)).toBeUndefined();
    });
  });
});
