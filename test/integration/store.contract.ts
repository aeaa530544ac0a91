import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DuplicateError, NotEmptyError, type DumpRecord, type Store } from '../../lib/store/types';

/**
 * The storage contract: every adapter must pass these tests unchanged.
 * `factory` returns a fresh, empty, migrated store and a cleanup function.
 */
export function storeContract(name: string, factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const user = (email: string, extra: Partial<{ isAdmin: boolean }> = {}) =>
      store.createUser({ email, name: email.split('@')[0], passwordHash: 'hash', ...extra });

    it('creates, finds and updates users; emails are unique regardless of case', async () => {
      expect(await store.countUsers()).toBe(0);
      const u = await user('Anna@Kreis.example', { isAdmin: true });
      expect(u).toMatchObject({ email: 'Anna@Kreis.example', isAdmin: true, disabled: false, passwordHash: 'hash' });
      expect((await store.getUserByEmail('anna@kreis.example'))?.id).toBe(u.id);
      expect((await store.getUserById(u.id))?.email).toBe('Anna@Kreis.example');
      await expect(user('anna@kreis.example')).rejects.toBeInstanceOf(DuplicateError);
      const updated = await store.updateUser(u.id, { disabled: true, name: 'Anna A.', isAdmin: false });
      expect(updated).toMatchObject({ disabled: true, name: 'Anna A.', isAdmin: false });
      expect(await store.countUsers()).toBe(1);
      expect((await store.listUsers()).map((x) => x.id)).toEqual([u.id]);
      expect(await store.getUserById('missing')).toBeNull();
    });

    it('finds and links accounts by their OpenID subject', async () => {
      const sso = await store.createUser({ email: 'sso@kreis.example', name: 'SSO', passwordHash: null, oidcSubject: 'kc-1' });
      expect((await store.getUserByOidcSubject('kc-1'))?.id).toBe(sso.id);
      expect(await store.getUserByOidcSubject('kc-2')).toBeNull();
      await expect(store.createUser({ email: 'other@kreis.example', name: 'O', passwordHash: null, oidcSubject: 'kc-1' })).rejects.toBeInstanceOf(DuplicateError);
      const local = await user('local@kreis.example');
      await store.updateUser(local.id, { oidcSubject: 'kc-2' });
      expect((await store.getUserByOidcSubject('kc-2'))?.id).toBe(local.id);
      await store.updateUser(local.id, { oidcSubject: null });
      expect(await store.getUserByOidcSubject('kc-2')).toBeNull();
    });

    it('lists documents by owner and ACL, with trash and title search', async () => {
      const a = await user('a@kreis.example');
      const b = await user('b@kreis.example');
      await store.createDocument({ id: 'doc-aaaaaaaa', kind: 'text', title: 'Digitalstrategie 2026', ownerId: a.id });
      await store.createDocument({ id: 'doc-bbbbbbbb', kind: 'text', title: 'Protokoll Amtsleiterrunde', ownerId: a.id });
      await expect(store.createDocument({ id: 'doc-aaaaaaaa', kind: 'text', title: 'x', ownerId: a.id })).rejects.toBeInstanceOf(DuplicateError);

      expect((await store.listDocumentsForUser(a.id)).map((d) => d.id).sort()).toEqual(['doc-aaaaaaaa', 'doc-bbbbbbbb']);
      expect(await store.listDocumentsForUser(b.id)).toEqual([]);
      expect(await store.getRole('doc-aaaaaaaa', a.id)).toBe('owner');
      expect(await store.getRole('doc-aaaaaaaa', b.id)).toBeNull();

      await store.setAcl('doc-aaaaaaaa', [{ principal: 'user', principalId: b.id, role: 'viewer' }]);
      expect(await store.getRole('doc-aaaaaaaa', b.id)).toBe('viewer');
      const listed = await store.listDocumentsForUser(b.id);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id: 'doc-aaaaaaaa', role: 'viewer', ownerName: 'a' });
      expect(await store.getAcl('doc-aaaaaaaa')).toEqual([{ principal: 'user', principalId: b.id, role: 'viewer' }]);
      await store.setAcl('doc-aaaaaaaa', [{ principal: 'user', principalId: b.id, role: 'editor' }]);
      expect(await store.getRole('doc-aaaaaaaa', b.id)).toBe('editor');
      await store.setAcl('doc-aaaaaaaa', []);
      expect(await store.getRole('doc-aaaaaaaa', b.id)).toBeNull();

      expect((await store.listDocumentsForUser(a.id, { query: 'STRATEGIE' })).map((d) => d.id)).toEqual(['doc-aaaaaaaa']);
      await store.updateDocument('doc-bbbbbbbb', { deletedAt: Date.now(), title: 'Protokoll (alt)' });
      expect((await store.listDocumentsForUser(a.id)).map((d) => d.id)).toEqual(['doc-aaaaaaaa']);
      const trash = await store.listDocumentsForUser(a.id, { trashed: true });
      expect(trash.map((d) => [d.id, d.title])).toEqual([['doc-bbbbbbbb', 'Protokoll (alt)']]);
      await store.updateDocument('doc-bbbbbbbb', { deletedAt: null });
      expect(await store.listDocumentsForUser(a.id, { trashed: true })).toEqual([]);
    });

    it('appends updates, loads them in order, and compacts into a snapshot', async () => {
      const a = await user('a@kreis.example');
      const b = await user('b@kreis.example');
      await store.createDocument({ id: 'doc-log-0001', kind: 'text', title: 'Log', ownerId: a.id });
      const source = new Y.Doc();
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 20; i++) source.getText('t').insert(i, String.fromCharCode(97 + i));
      await store.appendUpdates(updates.slice(0, 10).map((update) => ({ documentId: 'doc-log-0001', update, userId: a.id })));
      await store.appendUpdates(updates.slice(10).map((update) => ({ documentId: 'doc-log-0001', update, userId: b.id })));
      expect((await store.getDocument('doc-log-0001'))?.lastEditorId).toBe(b.id);

      const rebuild = async () => {
        const state = await store.loadDocState('doc-log-0001');
        const d = new Y.Doc();
        if (state.snapshot) Y.applyUpdate(d, state.snapshot);
        for (const u of state.updates) Y.applyUpdate(d, u);
        return { text: d.getText('t').toString(), state };
      };
      let r = await rebuild();
      expect(r.text).toBe(source.getText('t').toString());
      expect(r.state.snapshot).toBeNull();
      expect(r.state.updates).toHaveLength(20);
      expect(await store.countLogEntries('doc-log-0001')).toBe(20);

      expect(await store.compact('doc-log-0001', (parts) => Y.mergeUpdates(parts))).toEqual({ merged: 20 });
      expect(await store.countLogEntries('doc-log-0001')).toBe(0);
      source.getText('t').insert(0, 'Z');
      await store.appendUpdates([{ documentId: 'doc-log-0001', update: updates[updates.length - 1], userId: a.id }]);
      r = await rebuild();
      expect(r.state.snapshot).not.toBeNull();
      expect(r.state.updates).toHaveLength(1);
      expect(r.text).toBe(source.getText('t').toString());
      expect(r.state.lastSeq).toBeGreaterThan(0);
      expect(await store.compact('doc-log-0001', (parts) => Y.mergeUpdates(parts))).toEqual({ merged: 1 });
      expect(await store.compact('doc-log-0001', (parts) => Y.mergeUpdates(parts))).toEqual({ merged: 0 });
      expect((await rebuild()).text).toBe(source.getText('t').toString());
      expect((await store.loadDocState('doc-unknown')).updates).toEqual([]);
    });

    it('keeps a failed compaction from losing the log', async () => {
      const a = await user('a@kreis.example');
      await store.createDocument({ id: 'doc-log-0002', kind: 'text', title: 'Log', ownerId: a.id });
      const d = new Y.Doc();
      const appends: Promise<void>[] = [];
      d.on('update', (u: Uint8Array) => appends.push(store.appendUpdates([{ documentId: 'doc-log-0002', update: u, userId: null }])));
      d.getText('t').insert(0, 'abc');
      await Promise.all(appends);
      await expect(store.compact('doc-log-0002', () => { throw new Error('boom'); })).rejects.toThrow('boom');
      expect(await store.countLogEntries('doc-log-0002')).toBe(1);
    });

    it('compacts a log longer than a function call takes arguments', async () => {
      const a = await user('a@kreis.example');
      await store.createDocument({ id: 'doc-log-0004', kind: 'text', title: 'Log', ownerId: a.id });
      // Spreading this many numbers into one call overflows the stack (Math.max(...seqs)).
      const n = 160_000;
      // The store keeps updates as bytes; what they hold does not matter here.
      const updates = Array.from({ length: n }, (_, i) => new Uint8Array([i & 255, i >> 8, i >> 16]));
      for (let i = 0; i < n; i += 20_000) await store.appendUpdates(updates.slice(i, i + 20_000).map((update) => ({ documentId: 'doc-log-0004', update, userId: null })));
      // Not a real merge, which is not what is tested: the last update stands for the state.
      expect(await store.compact('doc-log-0004', (parts) => parts[parts.length - 1])).toEqual({ merged: n });
      expect(await store.countLogEntries('doc-log-0004')).toBe(0);
      expect((await store.loadDocState('doc-log-0004')).snapshot).toEqual(updates[n - 1]);
    }, 120_000);

    it('stores API tokens by hash, honours expiry and records use', async () => {
      const a = await user('a@kreis.example');
      const t = await store.createApiToken({ userId: a.id, name: 'CI', tokenHash: 'h1' });
      await store.createApiToken({ userId: a.id, name: 'old', tokenHash: 'h2', expiresAt: Date.now() - 1000 });
      expect((await store.useApiToken('h1'))?.id).toBe(t.id);
      expect(await store.useApiToken('h2')).toBeNull();
      expect(await store.useApiToken('nope')).toBeNull();
      expect((await store.listApiTokens(a.id)).find((x) => x.id === t.id)?.lastUsedAt).not.toBeNull();
      expect(await store.deleteApiToken(t.id)).toBe(true);
      expect(await store.useApiToken('h1')).toBeNull();
    });

    it('writes, filters and prunes the audit log', async () => {
      await store.audit({ actor: 'u1', action: 'document.create', documentId: 'd1', detail: { title: 'x' } });
      await store.audit({ actor: 'u1', action: 'auth.failed' });
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['auth.failed', 'document.create']);
      const [entry] = await store.listAudit({ documentId: 'd1' });
      expect(entry).toMatchObject({ actor: 'u1', action: 'document.create', documentId: 'd1', detail: { title: 'x' } });
      expect(await store.pruneAudit(Date.now() + 1)).toBe(2);
      expect(await store.listAudit()).toEqual([]);
    });

    it('keeps the latest preview of a document, and none for a document that does not exist', async () => {
      const u = await store.createUser({ email: 'p@kreis.example', name: 'P', passwordHash: null });
      await store.createDocument({ id: 'doc-preview-01', kind: 'sheet', title: 'T', ownerId: u.id });
      expect(await store.getDocumentPreview('doc-preview-01')).toBeNull();
      await store.setDocumentPreview('doc-preview-01', new Uint8Array([1, 2, 3]));
      await store.setDocumentPreview('doc-preview-01', new Uint8Array([4, 5]));
      expect(await store.getDocumentPreview('doc-preview-01')).toEqual(new Uint8Array([4, 5]));
      await store.setDocumentPreview('doc-preview-gone', new Uint8Array([6]));
      expect(await store.getDocumentPreview('doc-preview-gone')).toBeNull();
    });

    it('keeps settings and accessibility feedback', async () => {
      expect(await store.getSetting('legal.impressum')).toBeNull();
      await store.setSetting('legal.impressum', 'Landkreis Beispiel');
      await store.setSetting('legal.impressum', 'Landkreis Beispiel, Kreishaus');
      expect(await store.getSetting('legal.impressum')).toBe('Landkreis Beispiel, Kreishaus');
      const f1 = await store.addFeedback({ message: 'Kontrast zu gering', page: '/login' });
      const f2 = await store.addFeedback({ name: 'Eva', email: 'eva@kreis.example', message: 'Tastatur' });
      expect(f2.id).toBeGreaterThan(f1.id);
      const list = await store.listFeedback();
      expect(list.map((f) => f.message)).toEqual(['Tastatur', 'Kontrast zu gering']);
      expect(list[1]).toMatchObject({ name: null, email: null, page: '/login' });
      expect(list[0]).toMatchObject({ name: 'Eva', email: 'eva@kreis.example', page: null });
    });

    const textOf = async (s: Store, docId: string) => {
      const state = await s.loadDocState(docId);
      const d = new Y.Doc();
      for (const u of [...(state.snapshot ? [state.snapshot] : []), ...state.updates]) Y.applyUpdate(d, u);
      return d.getText('t').toString();
    };
    const collect = async (it: AsyncIterable<DumpRecord>) => {
      const out: DumpRecord[] = [];
      for await (const r of it) out.push(r);
      return out;
    };

    it('compacts concurrently with appends and with itself without losing an update', async () => {
      const a = await user('a@kreis.example');
      await store.createDocument({ id: 'doc-log-0003', kind: 'text', title: 'Busy', ownerId: a.id });
      const source = new Y.Doc();
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 60; i++) source.getText('t').insert(i, String.fromCharCode(65 + (i % 26)));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i += 5) {
        work.push(store.appendUpdates(updates.slice(i, i + 5).map((update) => ({ documentId: 'doc-log-0003', update, userId: a.id }))));
        if (i % 15 === 0) work.push(store.compact('doc-log-0003', (parts) => Y.mergeUpdates(parts)), store.compact('doc-log-0003', (parts) => Y.mergeUpdates(parts)));
      }
      await Promise.all(work);
      expect(await textOf(store, 'doc-log-0003')).toBe(source.getText('t').toString());
      await store.compact('doc-log-0003', (parts) => Y.mergeUpdates(parts));
      expect(await store.countLogEntries('doc-log-0003')).toBe(0);
      expect(await textOf(store, 'doc-log-0003')).toBe(source.getText('t').toString());
    });

    it('keeps versions in order with their state, attribution and name', async () => {
      const a = await user('a@kreis.example');
      await store.createDocument({ id: 'doc-ver-0001', kind: 'text', title: 'Bericht', ownerId: a.id });
      await store.createDocument({ id: 'doc-ver-0002', kind: 'sheet', title: 'Tabelle', ownerId: a.id });
      expect(await store.listVersions('doc-ver-0001')).toEqual([]);
      expect(await store.latestVersion('doc-ver-0001')).toBeNull();
      const ydoc = new Y.Doc();
      ydoc.getText('t').insert(0, 'eins');
      const first = await store.createVersion({
        documentId: 'doc-ver-0001', name: null, auto: true, createdBy: null, authors: [a.id],
        state: Y.encodeStateAsUpdate(ydoc), attribution: '{"v":1}',
      });
      expect(first).toMatchObject({ documentId: 'doc-ver-0001', name: null, auto: true, createdBy: null, authors: [a.id] });
      ydoc.getText('t').insert(4, ' zwei');
      const second = await store.createVersion({
        documentId: 'doc-ver-0001', name: 'Entwurf für Kreistag', auto: false, createdBy: a.id, authors: [],
        state: Y.encodeStateAsUpdate(ydoc), attribution: '{"v":2}',
      });
      await store.createVersion({ documentId: 'doc-ver-0002', name: null, auto: true, createdBy: null, authors: [], state: new Uint8Array([0, 0]), attribution: '{}' });
      expect((await store.listVersions('doc-ver-0001')).map((v) => v.id)).toEqual([first.id, second.id]);
      expect((await store.listVersions('doc-ver-0001'))[1]).toEqual(second);
      const latest = (await store.latestVersion('doc-ver-0001'))!;
      expect(latest).toMatchObject({ ...second, attribution: '{"v":2}' });
      const restored = new Y.Doc();
      Y.applyUpdate(restored, latest.state);
      expect(restored.getText('t').toString()).toBe('eins zwei');
      expect((await store.getVersion('doc-ver-0001', first.id))?.attribution).toBe('{"v":1}');
      // A version belongs to its document: another document's id finds nothing.
      expect(await store.getVersion('doc-ver-0002', first.id)).toBeNull();
      expect(await store.renameVersion('doc-ver-0001', first.id, 'Erste Fassung')).toEqual({ ...first, name: 'Erste Fassung' });
      expect(await store.renameVersion('doc-ver-0002', first.id, 'x')).toBeNull();
      expect((await store.listVersions('doc-ver-0001'))[0].name).toBe('Erste Fassung');
    });

    it('dumps a consistent snapshot while writes go on, and restores it only into an empty store', async () => {
      expect(await store.isEmpty()).toBe(true);
      const a = await user('Anna@Kreis.example', { isAdmin: true });
      const b = await user('b@kreis.example');
      await store.updateUser(b.id, { disabled: true });
      await store.createDocument({ id: 'doc-dump-0001', kind: 'text', title: 'Strategie', ownerId: a.id });
      await store.createDocument({ id: 'doc-dump-0002', kind: 'text', title: 'Papierkorb', ownerId: a.id });
      await store.updateDocument('doc-dump-0002', { deletedAt: 1_700_000_000_000 });
      await store.setAcl('doc-dump-0001', [{ principal: 'user', principalId: b.id, role: 'editor' }]);
      const source = new Y.Doc();
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 6; i++) source.getText('t').insert(i, String(i));
      await store.appendUpdates(updates.slice(0, 3).map((update) => ({ documentId: 'doc-dump-0001', update, userId: a.id })));
      await store.compact('doc-dump-0001', (parts) => Y.mergeUpdates(parts));
      await store.appendUpdates(updates.slice(3).map((update) => ({ documentId: 'doc-dump-0001', update, userId: b.id })));
      await store.createApiToken({ userId: a.id, name: 'first', tokenHash: 'hash-1', scopes: ['read'] });
      await store.createApiToken({ userId: a.id, name: 'second', tokenHash: 'hash-2', expiresAt: 4_000_000_000_000 });
      await store.audit({ actor: a.id, action: 'document.create', documentId: 'doc-dump-0001', detail: { title: 'Strategie', n: [1, 2] } });
      await store.setSetting('legal.impressum', 'Landkreis Beispiel');
      await store.addFeedback({ name: 'Eva', message: 'Kontrast', page: '/login' });
      const version = await store.createVersion({
        documentId: 'doc-dump-0001', name: 'Stand', auto: false, createdBy: a.id, authors: [a.id, b.id],
        state: Y.encodeStateAsUpdate(source), attribution: '{"marks":{}}',
      });
      expect(await store.isEmpty()).toBe(false);
      const expectedText = source.getText('t').toString();

      // Writes made after the dump has started are not part of it.
      const iterator = store.dump()[Symbol.asyncIterator]();
      const first = await iterator.next();
      await user('late@kreis.example');
      const late = new Y.Doc();
      late.getText('t').insert(0, 'late');
      await store.appendUpdates([{ documentId: 'doc-dump-0001', update: Y.encodeStateAsUpdate(late), userId: a.id }]);
      const records: DumpRecord[] = [first.value as DumpRecord];
      await store.createVersion({ documentId: 'doc-dump-0001', name: 'late', auto: true, createdBy: null, authors: [], state: new Uint8Array([0, 0]), attribution: '{}' });
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) records.push(r.value);
      expect(records.map((r) => r.type)).toEqual(['user', 'user', 'document', 'document', 'version', 'apiToken', 'apiToken', 'audit', 'setting', 'feedback']);

      const target = await factory();
      try {
        const counts = await target.store.restore((async function* () { yield* records; })());
        expect(counts).toEqual({ user: 2, group: 0, document: 2, shareLink: 0, version: 1, apiToken: 2, audit: 1, setting: 1, feedback: 1 });
        const t = target.store;
        expect(await t.listUsers()).toEqual((await store.listUsers()).filter((u) => u.email !== 'late@kreis.example'));
        expect((await t.getUserByEmail('anna@kreis.example'))?.passwordHash).toBe('hash');
        const dumped = records.flatMap((r) => (r.type === 'document' ? [r.document] : []));
        expect(dumped.map((d) => d.id)).toEqual(['doc-dump-0001', 'doc-dump-0002']);
        expect(dumped[0].lastEditorId).toBe(b.id);
        expect(await t.getDocument('doc-dump-0001')).toEqual(dumped[0]);
        expect(await t.getDocument('doc-dump-0002')).toEqual({ ...(await store.getDocument('doc-dump-0002')), deletedAt: 1_700_000_000_000 });
        expect(await t.getAcl('doc-dump-0001')).toEqual(await store.getAcl('doc-dump-0001'));
        expect(await textOf(t, 'doc-dump-0001')).toBe(expectedText);
        expect(await t.listVersions('doc-dump-0001')).toEqual([version]);
        const restoredVersion = (await t.getVersion('doc-dump-0001', version.id))!;
        expect(restoredVersion.attribution).toBe('{"marks":{}}');
        expect(Buffer.from(restoredVersion.state).equals(Buffer.from(Y.encodeStateAsUpdate(source)))).toBe(true);
        expect(await t.listApiTokens(a.id)).toEqual(await store.listApiTokens(a.id));
        expect((await t.useApiToken('hash-1'))?.scopes).toEqual(['read']);
        expect(await t.listAudit()).toEqual(await store.listAudit());
        expect(await t.getSetting('legal.impressum')).toBe('Landkreis Beispiel');
        expect(await t.listFeedback()).toEqual(await store.listFeedback());
        // Restored stores keep working: new rows get fresh ids after the restored ones.
        await t.audit({ actor: null, action: 'auth.failed' });
        expect((await t.listAudit())[0].id).toBeGreaterThan(records.filter((r) => r.type === 'audit').length);
        const f = await t.addFeedback({ message: 'neu' });
        expect(f.id).toBeGreaterThan(1);
        await t.appendUpdates([{ documentId: 'doc-dump-0001', update: Y.encodeStateAsUpdate(late), userId: a.id }]);
        expect(await textOf(t, 'doc-dump-0001')).toContain('late');

        // A store with data is refused and left as it was.
        const before = await collect(t.dump());
        await expect(t.restore((async function* () { yield* records; })())).rejects.toBeInstanceOf(NotEmptyError);
        expect(await collect(t.dump())).toEqual(before);
      } finally {
        await target.store.close();
        await target.cleanup();
      }
    });

    it('rolls a failed restore back completely', async () => {
      async function* broken(): AsyncIterable<DumpRecord> {
        yield { type: 'user', user: { id: 'u-1', email: 'x@kreis.example', name: 'X', passwordHash: null, isAdmin: false, disabled: false, createdAt: 1, oidcSubject: null, deletedAt: null } };
        // The owner does not exist: the foreign key fails.
        yield {
          type: 'document',
          document: { id: 'doc-broken-01', kind: 'text', title: 'x', ownerId: 'nobody', templateId: null, createdAt: 1, updatedAt: 1, lastEditorId: null, deletedAt: null },
          acl: [],
          state: [],
        };
      }
      await expect(store.restore(broken())).rejects.toThrow();
      expect(await store.isEmpty()).toBe(true);
    });
  });
}
