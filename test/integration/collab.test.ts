import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { createDocument, setAcl, trashDocument } from '../../lib/documents/service';
import { CloseCode } from '../../lib/collab/protocol';
import { startTestApp, createUserWithToken, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import type { User } from '../../lib/store/types';

describe('collaboration server', () => {
  let app: TestApp;
  let owner: { user: User; token: string };
  let docId: string;
  const clients: TestClient[] = [];
  const client = (token: string, id = docId) => {
    const c = connectClient(app.wsUrl, id, token);
    clients.push(c);
    return c;
  };
  /** The owner's client, once `text` is in the document and stored. */
  const withStoredText = async (text: string) => {
    const a = client(owner.token);
    await waitSynced(a);
    a.text.insert(0, text);
    await a.tracker.whenSaved();
    return a;
  };

  beforeEach(async () => {
    app = await startTestApp();
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example', 'Olga Owner');
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Strategie', kind: 'text' })).id;
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await app.dispose();
  });

  it('three clients converge and a late joiner receives the state', async () => {
    const [a, b, c] = [client(owner.token), client(owner.token), client(owner.token)];
    await Promise.all([a, b, c].map(waitSynced));
    a.text.insert(0, 'Alpha ');
    b.text.insert(0, 'Beta ');
    c.text.insert(0, 'Gamma ');
    await waitFor(() => a.text.length === 17 && b.text.length === 17 && c.text.length === 17, { what: 'convergence' });
    expect(b.text.toString()).toBe(a.text.toString());
    expect(c.text.toString()).toBe(a.text.toString());
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc));

    const late = client(owner.token);
    await waitSynced(late);
    await waitFor(() => late.text.toString() === a.text.toString(), { what: 'late joiner state' });
    expect(late.doc.getMap('meta').get('title')).toBe('Strategie');
  });

  it('answers fresh clients opening together with the same state, and one after a change with the change', async () => {
    // Large enough for the server to keep its answer for the next fresh client (see the next test).
    const agenda = 'Tagesordnung' + ' Punkt'.repeat(12_000);
    const a = client(owner.token);
    await waitSynced(a);
    a.text.insert(0, agenda);
    await waitFor(() => app.services.liveDocs.peek(docId, (d) => d.getText('t').toString()) === agenda, { what: 'server has the text' });
    const [b, c] = [client(owner.token), client(owner.token)];
    await Promise.all([b, c].map(waitSynced));
    expect(b.text.toString()).toBe(agenda);
    expect(c.text.toString()).toBe(agenda);
    a.text.insert(0, 'Neue ');
    await waitFor(() => b.text.toString() === 'Neue ' + agenda, { what: 'relay' });
    // A client opening right after the change must not get the state kept from before it.
    const d = client(owner.token);
    await waitSynced(d);
    expect(d.text.toString()).toBe('Neue ' + agenda);
    expect(Y.encodeStateVector(d.doc)).toEqual(Y.encodeStateVector(a.doc));
  });

  it('keeps the answer to fresh clients of a large document for the next one, not of a small one', async () => {
    const a = await withStoredText('Kurz');
    const reads = vi.spyOn(app.services.store, 'loadDocState');
    const readsOfDoc = () => reads.mock.calls.filter(([id]) => id === docId).length;
    try {
      // A small document is read again for each: cheaper than keeping its answer in memory.
      for (let i = 0; i < 2; i++) await waitSynced(client(owner.token));
      expect(readsOfDoc()).toBe(2);

      const long = ' lang'.repeat(15_000);
      a.text.insert(4, long);
      await a.tracker.whenSaved();
      reads.mockClear();
      const b = client(owner.token);
      await waitSynced(b);
      const c = client(owner.token);
      await waitSynced(c);
      expect(readsOfDoc()).toBe(1);
      expect(c.text.toString()).toBe('Kurz' + long);
    } finally {
      reads.mockRestore();
    }
  });

  it('answers a fresh client from the store when everything is stored, and by encoding otherwise', async () => {
    const a = await withStoredText('Gespeichert');
    const reads = vi.spyOn(app.services.store, 'loadDocState');
    try {
      const b = client(owner.token);
      await waitSynced(b);
      expect(b.text.toString()).toBe('Gespeichert');
      expect(reads).toHaveBeenCalledWith(docId);

      // A change not stored yet is not in the store: the answer is encoded from the document.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const append = app.services.store.appendUpdates.bind(app.services.store);
      const appends = vi.spyOn(app.services.store, 'appendUpdates').mockImplementation(async (batch) => {
        await held;
        return append(batch);
      });
      try {
        a.text.insert(0, 'Noch nicht ');
        await waitFor(() => appends.mock.calls.length > 0, { what: 'the change is being stored' });
        reads.mockClear();
        const c = client(owner.token);
        await waitSynced(c);
        expect(c.text.toString()).toBe('Noch nicht Gespeichert');
        expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc));
        expect(reads).not.toHaveBeenCalled();
      } finally {
        release();
        appends.mockRestore();
      }

      // A store that cannot be read costs the new client nothing: it gets the encoded state.
      await a.tracker.whenSaved();
      a.text.insert(0, '! ');
      await a.tracker.whenSaved();
      reads.mockClear();
      reads.mockRejectedValueOnce(new Error('disk error'));
      const d = client(owner.token);
      await waitSynced(d);
      expect(d.text.toString()).toBe('! Noch nicht Gespeichert');
      expect(reads).toHaveBeenCalledTimes(1);
      await expect(reads.mock.results[0].value).rejects.toThrow('disk error');
    } finally {
      reads.mockRestore();
    }
  });

  it('writes a title typed in the document to the document list', async () => {
    const a = client(owner.token);
    await waitSynced(a);
    // The document has been loaded with its title already; typing changes it key by key.
    for (const title of ['S', 'Strategie 2', 'Strategie 2027']) a.doc.getMap('meta').set('title', title);
    a.text.insert(0, 'Inhalt');
    await waitFor(async () => (await app.services.store.getDocument(docId))?.title === 'Strategie 2027', { what: 'title in the table' });
    // A change elsewhere in the document leaves the title alone.
    a.text.insert(0, 'Mehr ');
    await waitFor(async () => (await app.services.store.loadDocState(docId)).updates.length > 0, { what: 'content stored' });
    expect((await app.services.store.getDocument(docId))?.title).toBe('Strategie 2027');
  });

  it('tells the author when an edit is stored, and the content survives a restart', async () => {
    const a = client(owner.token);
    await waitSynced(a);
    a.text.insert(0, 'dauerhaft');
    expect(a.tracker.status.pending).toBeGreaterThan(0);
    await a.tracker.whenSaved();
    await waitFor(() => a.tracker.status.state === 'saved', { what: 'saved state' });

    a.destroy();
    const dataDir = app.dataDir;
    await app.close();
    app = { ...(await startTestApp({ dataDir })), dataDir };
    const b = client(owner.token);
    await waitSynced(b);
    expect(b.text.toString()).toBe('dauerhaft');
  });

  it('refuses upgrades without authentication or without access before any sync', async () => {
    const status = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('upgrade was accepted')));
        ws.on('error', () => undefined);
      });
    expect(await status(`${app.wsUrl}/${docId}`)).toBe(401);
    expect(await status(`${app.wsUrl}/${docId}?token=wrk_not-a-real-token-at-all-000000`)).toBe(401);
    const stranger = await createUserWithToken(app.services.store, 'stranger@kreis.example');
    expect(await status(`${app.wsUrl}/${docId}?token=${stranger.token}`)).toBe(403);
    expect(await status(`${app.wsUrl}/nonexistent-doc-id?token=${owner.token}`)).toBe(404);
  });

  it("drops a viewer's updates: not applied, not relayed, not stored", async () => {
    const viewer = await createUserWithToken(app.services.store, 'viewer@kreis.example');
    await app.services.store.setAcl(docId, [{ principal: 'user', principalId: viewer.user.id, role: 'viewer' }]);
    const editor = client(owner.token);
    const v = client(viewer.token);
    await Promise.all([waitSynced(editor), waitSynced(v)]);

    v.text.insert(0, 'VIEWER');
    editor.text.insert(0, 'editor');
    await editor.tracker.whenSaved();
    // The viewer still receives the editor's change, proving the connection is alive.
    await waitFor(() => v.text.toString().includes('editor'), { what: 'viewer receives edits' });
    expect(editor.text.toString()).toBe('editor');
    const serverText = await app.services.liveDocs.read(docId, (d) => d.getText('t').toString());
    expect(serverText).toBe('editor');

    // Nothing of the viewer's reached storage: a fresh client after a restart sees only the edit.
    const dataDir = app.dataDir;
    for (const c of clients.splice(0)) c.destroy();
    await app.close();
    app = { ...(await startTestApp({ dataDir })), dataDir };
    const fresh = client(owner.token);
    await waitSynced(fresh);
    expect(fresh.text.toString()).toBe('editor');
  });

  it('closes only the offending connection on an oversized or a garbage message', async () => {
    await app.dispose();
    app = await startTestApp({ env: { MAX_MESSAGE_BYTES: '4096' } });
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example');
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Limits', kind: 'text' })).id;

    const good = client(owner.token);
    await waitSynced(good);

    const raw = (payload: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${app.wsUrl}/${docId}?token=${owner.token}`);
        ws.on('open', () => ws.send(payload));
        ws.on('close', (code) => resolve(code));
        ws.on('error', (err) => reject(err));
      });
    expect(await raw(Buffer.alloc(10_000, 7))).toBe(CloseCode.MessageTooBig);
    expect(await raw(Buffer.from([0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]))).toBe(CloseCode.MalformedMessage);
    expect(await raw(Buffer.from([0xc8, 0x05]))).toBe(CloseCode.MalformedMessage);

    good.text.insert(0, 'still editing');
    await good.tracker.whenSaved();
    const other = client(owner.token);
    await waitSynced(other);
    await waitFor(() => other.text.toString() === 'still editing', { what: 'server still serving' });
    expect(good.provider.wsconnected).toBe(true);
  });

  it('unloads a document after its last client leaves', async () => {
    const a = client(owner.token);
    const b = client(owner.token);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    expect(app.registry.loadedCount()).toBe(1);
    a.text.insert(0, 'x');
    await a.tracker.whenSaved();
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => app.registry.loadedCount() === 0, { what: 'document unloaded' });
    expect(app.registry.connectionCount()).toBe(0);
  });

  it('serves messages sent while the document is still loading, in order', async () => {
    const a = client(owner.token);
    // Edit before the first sync: the update is queued client- and server-side.
    a.text.insert(0, 'early');
    await waitSynced(a);
    await a.tracker.whenSaved();
    const b = client(owner.token);
    await waitSynced(b);
    await waitFor(() => b.text.toString() === 'early', { what: 'early edit delivered' });
  });

  it('compacts the update log into a snapshot and loads snapshot plus tail', async () => {
    await app.dispose();
    app = await startTestApp({ env: { COMPACTION_THRESHOLD: '10' } });
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example');
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Log', kind: 'text' })).id;
    const a = client(owner.token);
    await waitSynced(a);
    for (let i = 0; i < 40; i++) {
      a.text.insert(a.text.length, `${i},`);
      await a.tracker.whenSaved();
    }
    await waitFor(async () => (await app.services.store.countLogEntries(docId)) < 10, { what: 'compaction' });
    const state = await app.services.store.loadDocState(docId);
    expect(state.snapshot).not.toBeNull();

    const expected = a.text.toString();
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => app.registry.loadedCount() === 0, { what: 'unload' });
    const b = client(owner.token);
    await waitSynced(b);
    expect(b.text.toString()).toBe(expected);
  });

  it('compacts a log that holds a large update at once, long before the entry count', async () => {
    const a = client(owner.token);
    await waitSynced(a);
    // About 1.5 MiB in one transaction: a pasted or imported document.
    a.doc.transact(() => {
      for (let i = 0; i < 1500; i++) a.text.insert(a.text.length, `${'x'.repeat(1000)}\n`);
    });
    await a.tracker.whenSaved();
    await waitFor(async () => (await app.services.store.countLogEntries(docId)) === 0, { what: 'compaction of the large log' });
    const state = await app.services.store.loadDocState(docId);
    expect(state.snapshot).not.toBeNull();
    a.text.insert(0, 'klein');
    await a.tracker.whenSaved();
    // A small edit after it does not compact again.
    expect(await app.services.store.countLogEntries(docId)).toBe(1);
  });

  it('answers a fresh client with the stored state as stored, then only what changed while loading', async () => {
    const a = client(owner.token);
    await waitSynced(a);
    // Large enough (≥ 256 KiB) for the load to wait for the client's first message.
    const big = `${'x'.repeat(300_000)}\n`;
    a.text.insert(0, big);
    await a.tracker.whenSaved();
    a.text.insert(0, 'und mehr ');
    await a.tracker.whenSaved();
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => app.registry.loadedCount() === 0, { what: 'unload' });
    const stored = await app.services.store.loadDocState(docId);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;

    // A raw client that holds nothing: sync step 1 with an empty state vector.
    const ws = new WebSocket(`${app.wsUrl}/${docId}?token=${owner.token}`);
    const received: Uint8Array[] = [];
    ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    await new Promise((resolve) => ws.once('open', resolve));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    encoding.writeVarUint(step1, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(step1, Y.encodeStateVector(new Y.Doc()));
    ws.send(encoding.toUint8Array(step1));
    await waitFor(() => received.length >= parts.length + 2, { what: 'stored parts, step 1 and the rest' });
    ws.close();
    const doc = new Y.Doc();
    received.forEach((m, i) => {
      const d = decoding.createDecoder(m);
      expect(decoding.readVarUint(d)).toBe(0);
      const type = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (i < parts.length) {
        // First the stored parts byte for byte, the last as step 2.
        expect(type).toBe(i === parts.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
        expect(Buffer.from(payload).equals(Buffer.from(parts[i]))).toBe(true);
      }
      if (type !== syncProtocol.messageYjsSyncStep1) Y.applyUpdate(doc, payload);
    });
    expect(doc.getText('t').toString()).toBe(`und mehr ${big}`);
  });

  it('drops a connection that stops answering pings', async () => {
    await app.dispose();
    app = await startTestApp({ env: { PING_INTERVAL_MS: '100' } });
    owner = await createUserWithToken(app.services.store, 'owner@kreis.example');
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Ping', kind: 'text' })).id;
    const healthy = client(owner.token);
    await waitSynced(healthy);
    // autoPong: false makes this socket look like a peer that vanished without closing.
    const dead = new WebSocket(`${app.wsUrl}/${docId}?token=${owner.token}`, { autoPong: false });
    await new Promise((r) => dead.once('open', r));
    await waitFor(() => app.registry.connectionCount() === 2, { what: 'both connected' });
    const closed = new Promise<number>((r) => dead.once('close', (code) => r(code)));
    await closed;
    await waitFor(() => app.registry.connectionCount() === 1, { what: 'dead connection dropped' });
    expect(healthy.provider.wsconnected).toBe(true);
  });

  it('applies sharing changes to live connections at once', async () => {
    const colleague = await createUserWithToken(app.services.store, 'colleague@kreis.example');
    const ownerP = { user: owner.user, via: 'token' as const };
    await setAcl(app.services, ownerP, docId, { entries: [{ principal: 'user', id: colleague.user.id, role: 'editor' }] });
    const o = client(owner.token);
    const c = client(colleague.token);
    await Promise.all([waitSynced(o), waitSynced(c)]);
    c.text.insert(0, 'als Bearbeiter ');
    await c.tracker.whenSaved();
    await waitFor(() => o.text.toString() === 'als Bearbeiter ', { what: 'editor change relayed' });

    // Downgrade to viewer: further updates are dropped.
    await setAcl(app.services, ownerP, docId, { entries: [{ principal: 'user', id: colleague.user.id, role: 'viewer' }] });
    c.text.insert(0, 'IGNORED ');
    o.text.insert(o.text.length, 'Ende');
    await o.tracker.whenSaved();
    await waitFor(() => c.text.toString().endsWith('Ende'), { what: 'viewer still receives' });
    expect(o.text.toString()).toBe('als Bearbeiter Ende');

    // Revoke: the connection is closed with a named code and the client stops retrying.
    await setAcl(app.services, ownerP, docId, { entries: [] });
    await waitFor(() => c.closes.some((e) => e.code === CloseCode.Forbidden), { what: 'revoked connection closed' });
    expect(c.provider.shouldConnect).toBe(false);

    // Trash: everyone is disconnected with "document deleted".
    await trashDocument(app.services, ownerP, docId);
    await waitFor(() => o.closes.some((e) => e.code === CloseCode.DocumentDeleted), { what: 'trash closes connections' });
  });
});
