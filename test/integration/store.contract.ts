import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DuplicateError, type Store } from '../../lib/store/types';

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
      d.on('update', (u: Uint8Array) => void store.appendUpdates([{ documentId: 'doc-log-0002', update: u, userId: null }]));
      d.getText('t').insert(0, 'abc');
      await expect(store.compact('doc-log-0002', () => { throw new Error('boom'); })).rejects.toThrow('boom');
      expect(await store.countLogEntries('doc-log-0002')).toBe(1);
    });

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
  });
}
