import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DumpRecord, Store } from '../../lib/store/types';

/**
 * The access part of the storage contract: groups, ACL principals, share links and account
 * deletion. Every adapter must pass it unchanged.
 */
export function accessStoreContract(name: string, factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store access contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const user = (email: string) => store.createUser({ email, name: email.split('@')[0], passwordHash: 'hash' });

    it('creates, lists, renames and deletes groups with members and heads', async () => {
      const a = await user('a@kreis.example');
      const b = await user('b@kreis.example');
      const bau = await store.createGroup({ name: 'Bauamt' });
      const ord = await store.createGroup({ name: 'ordnungsamt', externalName: 'kc-ordnung' });
      expect(bau).toMatchObject({ name: 'Bauamt', externalName: null });
      expect((await store.listGroups()).map((g) => g.name)).toEqual(['Bauamt', 'ordnungsamt']);
      expect(await store.getGroup(ord.id)).toEqual(ord);
      await store.setGroupMembers(bau.id, [{ userId: a.id, isHead: true }, { userId: b.id, isHead: false }]);
      expect(await store.listGroupMembers(bau.id)).toEqual([{ userId: a.id, isHead: true }, { userId: b.id, isHead: false }]);
      await store.setGroupMembers(bau.id, [{ userId: b.id, isHead: true }]);
      expect(await store.listGroupMembers(bau.id)).toEqual([{ userId: b.id, isHead: true }]);
      expect((await store.listUserGroups(b.id)).map((g) => g.id)).toEqual([bau.id]);
      expect(await store.updateGroup(bau.id, { name: 'Bauaufsicht', externalName: 'kc-bau' })).toMatchObject({ name: 'Bauaufsicht', externalName: 'kc-bau' });
      expect(await store.updateGroup('missing', { name: 'x' })).toBeNull();

      await store.createDocument({ id: 'doc-group-01', kind: 'text', title: 'T', ownerId: a.id });
      await store.setAcl('doc-group-01', [{ principal: 'group', principalId: bau.id, role: 'editor' }]);
      expect(await store.deleteGroup(bau.id)).toBe(true);
      expect(await store.deleteGroup(bau.id)).toBe(false);
      expect(await store.getGroup(bau.id)).toBeNull();
      expect(await store.listUserGroups(b.id)).toEqual([]);
      // A deleted group's grants go with it.
      expect(await store.getAcl('doc-group-01')).toEqual([]);
    });

    it('syncs external groups: creates missing ones, leaves other external ones, keeps local ones', async () => {
      const u = await user('u@kreis.example');
      const local = await store.createGroup({ name: 'Projektgruppe' });
      await store.setGroupMembers(local.id, [{ userId: u.id, isHead: false }]);
      await store.syncUserExternalGroups(u.id, ['Bauamt', 'Kämmerei', 'Bauamt']);
      expect((await store.listUserGroups(u.id)).map((g) => [g.name, g.externalName])).toEqual([
        ['Bauamt', 'Bauamt'], ['Kämmerei', 'Kämmerei'], ['Projektgruppe', null],
      ]);
      const bau = (await store.listGroups()).find((g) => g.externalName === 'Bauamt')!;
      await store.syncUserExternalGroups(u.id, ['Bauamt']);
      expect((await store.listUserGroups(u.id)).map((g) => g.name)).toEqual(['Bauamt', 'Projektgruppe']);
      // The group stays (others may belong to it); only the membership ends.
      expect((await store.listGroups()).map((g) => g.name)).toEqual(['Bauamt', 'Kämmerei', 'Projektgruppe']);
      const other = await user('o@kreis.example');
      await store.syncUserExternalGroups(other.id, ['Bauamt']);
      expect((await store.listGroupMembers(bau.id)).map((m) => m.userId).sort()).toEqual([u.id, other.id].sort());
      await store.syncUserExternalGroups(u.id, []);
      expect((await store.listUserGroups(u.id)).map((g) => g.name)).toEqual(['Projektgruppe']);
    });

    it('resolves the strongest role through user, group, everyone and link grants', async () => {
      const owner = await user('owner@kreis.example');
      const u = await user('u@kreis.example');
      const other = await user('other@kreis.example');
      await store.createDocument({ id: 'doc-role-001', kind: 'sheet', title: 'Matrix', ownerId: owner.id });
      const g = await store.createGroup({ name: 'Bauamt' });
      await store.setGroupMembers(g.id, [{ userId: u.id, isHead: false }]);
      expect(await store.getRole('doc-role-001', u.id)).toBeNull();

      await store.setAcl('doc-role-001', [{ principal: 'everyone', principalId: '', role: 'viewer' }]);
      expect(await store.getRole('doc-role-001', other.id)).toBe('viewer');
      expect((await store.listDocumentsForUser(other.id)).map((d) => [d.id, d.role])).toEqual([['doc-role-001', 'viewer']]);

      await store.setAcl('doc-role-001', [
        { principal: 'everyone', principalId: '', role: 'viewer' },
        { principal: 'group', principalId: g.id, role: 'commenter' },
        { principal: 'user', principalId: u.id, role: 'viewer' },
      ]);
      expect(await store.getRole('doc-role-001', u.id)).toBe('commenter');
      expect(await store.getRole('doc-role-001', other.id)).toBe('viewer');
      expect(await store.getAcl('doc-role-001')).toEqual([
        { principal: 'everyone', principalId: '', role: 'viewer' },
        { principal: 'group', principalId: g.id, role: 'commenter' },
        { principal: 'user', principalId: u.id, role: 'viewer' },
      ]);
      await store.setAcl('doc-role-001', [{ principal: 'user', principalId: u.id, role: 'owner' }]);
      expect(await store.getRole('doc-role-001', u.id)).toBe('owner');
      expect(await store.getRole('doc-role-001', other.id)).toBeNull();
      expect(await store.getRole('doc-role-001', owner.id)).toBe('owner');

      const link = await store.createShareLink({ documentId: 'doc-role-001', tokenHash: 'h-1', role: 'editor', expiresAt: null, createdBy: owner.id });
      expect(link).toMatchObject({ documentId: 'doc-role-001', role: 'editor', expiresAt: null, createdBy: owner.id });
      expect(await store.findShareLink('h-1')).toEqual(link);
      expect(await store.findShareLink('h-2')).toBeNull();
      await store.grantShareLink(link.id, other.id);
      await store.grantShareLink(link.id, other.id);
      expect(await store.getRole('doc-role-001', other.id)).toBe('editor');
      expect((await store.listDocumentsForUser(other.id)).map((d) => d.role)).toEqual(['editor']);
      expect(await store.listShareLinks('doc-role-001')).toEqual([link]);
      expect(await store.deleteShareLink('doc-other', link.id)).toBe(false);
      expect(await store.deleteShareLink('doc-role-001', link.id)).toBe(true);
      expect(await store.getRole('doc-role-001', other.id)).toBeNull();

      const expired = await store.createShareLink({ documentId: 'doc-role-001', tokenHash: 'h-3', role: 'viewer', expiresAt: Date.now() - 1, createdBy: owner.id });
      expect(await store.findShareLink('h-3')).toBeNull();
      await store.grantShareLink(expired.id, other.id);
      expect(await store.getRole('doc-role-001', other.id)).toBeNull();
    });

    it('pseudonymises a deleted account and hands its documents over', async () => {
      const admin = await user('admin@kreis.example');
      const gone = await user('gone@kreis.example');
      await store.createDocument({ id: 'doc-gone-001', kind: 'text', title: 'T', ownerId: gone.id });
      await store.createDocument({ id: 'doc-gone-002', kind: 'text', title: 'U', ownerId: admin.id });
      await store.setAcl('doc-gone-002', [{ principal: 'user', principalId: gone.id, role: 'editor' }]);
      await store.appendUpdates([{ documentId: 'doc-gone-002', update: new Uint8Array([0, 0]), userId: gone.id }]);
      const g = await store.createGroup({ name: 'Bauamt' });
      await store.setGroupMembers(g.id, [{ userId: gone.id, isHead: true }]);
      await store.createApiToken({ userId: gone.id, name: 't', tokenHash: 'tok' });

      const after = await store.pseudonymizeUser(gone.id, { name: 'Gelöschte Person 1', transferTo: admin.id });
      expect(after).toMatchObject({ id: gone.id, name: 'Gelöschte Person 1', disabled: true, isAdmin: false, passwordHash: null });
      expect(after!.deletedAt).toBeGreaterThan(0);
      expect(after!.email).not.toContain('gone');
      expect(await store.getUserByEmail('gone@kreis.example')).toBeNull();
      expect((await store.getDocument('doc-gone-001'))?.ownerId).toBe(admin.id);
      expect((await store.getDocument('doc-gone-002'))?.lastEditorId).toBe(gone.id);
      expect(await store.getAcl('doc-gone-002')).toEqual([]);
      expect(await store.listGroupMembers(g.id)).toEqual([]);
      expect(await store.useApiToken('tok')).toBeNull();
      expect(await store.pseudonymizeUser('missing', { name: 'x', transferTo: admin.id })).toBeNull();
      // The email is free again.
      await user('gone@kreis.example');
    });

    it('dumps and restores groups, ACL principals and share links', async () => {
      const a = await user('a@kreis.example');
      const b = await user('b@kreis.example');
      const g = await store.createGroup({ name: 'Bauamt', externalName: 'kc-bau' });
      await store.setGroupMembers(g.id, [{ userId: a.id, isHead: true }, { userId: b.id, isHead: false }]);
      await store.createDocument({ id: 'doc-dump-acl1', kind: 'text', title: 'T', ownerId: a.id });
      await store.setAcl('doc-dump-acl1', [
        { principal: 'everyone', principalId: '', role: 'viewer' },
        { principal: 'group', principalId: g.id, role: 'editor' },
      ]);
      const link = await store.createShareLink({ documentId: 'doc-dump-acl1', tokenHash: 'h-dump', role: 'editor', expiresAt: 4_000_000_000_000, createdBy: a.id });
      await store.grantShareLink(link.id, b.id);
      await store.pseudonymizeUser(b.id, { name: 'Gelöscht', transferTo: a.id });
      const c = await user('c@kreis.example');
      await store.grantShareLink(link.id, c.id);

      const records: DumpRecord[] = [];
      for await (const r of store.dump()) records.push(r);
      expect(records.map((r) => r.type)).toEqual(['user', 'user', 'user', 'group', 'document', 'shareLink']);

      const target = await factory();
      try {
        const counts = await target.store.restore((async function* () { yield* records; })());
        expect(counts).toMatchObject({ user: 3, group: 1, document: 1, shareLink: 1 });
        const t = target.store;
        expect(await t.listUsers()).toEqual(await store.listUsers());
        expect(await t.listGroups()).toEqual(await store.listGroups());
        expect(await t.listGroupMembers(g.id)).toEqual(await store.listGroupMembers(g.id));
        expect(await t.getAcl('doc-dump-acl1')).toEqual(await store.getAcl('doc-dump-acl1'));
        expect(await t.listShareLinks('doc-dump-acl1')).toEqual([link]);
        expect(await t.findShareLink('h-dump')).toEqual(link);
        expect(await t.getRole('doc-dump-acl1', c.id)).toBe('editor');
        expect(await t.isEmpty()).toBe(false);
      } finally {
        await target.store.close();
        await target.cleanup();
      }
    });
  });
}
