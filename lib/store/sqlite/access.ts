import type Database from 'better-sqlite3';
import { newId } from '../../ids';
import type { Group, GroupMember, GroupPatch, NewShareLink, ShareLinkRecord, User } from '../types';
import { toUser, type Row } from './rows';
import type { StatementCache } from './statementCache';

/** Groups, share links and account deletion for the SQLite adapter. */

export const toGroup = (r: Row): Group => ({
  id: r.id as string,
  name: r.name as string,
  externalName: (r.external_name as string | null) ?? null,
  createdAt: r.created_at as number,
});

export const toLink = (r: Row): ShareLinkRecord => ({
  id: r.id as string,
  documentId: r.document_id as string,
  role: r.role as ShareLinkRecord['role'],
  expiresAt: (r.expires_at as number | null) ?? null,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as number,
});

export class SqliteAccess {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
  ) {}

  createGroup(g: { name: string; externalName?: string | null }): Group {
    const id = newId();
    this.statements.prepare('INSERT INTO groups (id, name, external_name, created_at) VALUES (?, ?, ?, ?)').run(id, g.name.trim(), g.externalName ?? null, Date.now());
    return this.getGroup(id)!;
  }

  getGroup(id: string): Group | null {
    const r = this.statements.prepare('SELECT * FROM groups WHERE id = ?').get(id) as Row | undefined;
    return r ? toGroup(r) : null;
  }

  listGroups(): Group[] {
    return (this.statements.prepare('SELECT * FROM groups ORDER BY name COLLATE NOCASE, rowid').all() as Row[]).map(toGroup);
  }

  updateGroup(id: string, patch: GroupPatch): Group | null {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.name !== undefined) { sets.push('name = ?'); args.push(patch.name.trim()); }
    if (patch.externalName !== undefined) { sets.push('external_name = ?'); args.push(patch.externalName); }
    if (sets.length) this.statements.prepare(`UPDATE groups SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return this.getGroup(id);
  }

  deleteGroup(id: string): boolean {
    return this.db.transaction(() => {
      this.statements.prepare("DELETE FROM document_acl WHERE principal = 'group' AND principal_id = ?").run(id);
      return this.statements.prepare('DELETE FROM groups WHERE id = ?').run(id).changes > 0;
    }).immediate();
  }

  setGroupMembers(groupId: string, members: GroupMember[]): void {
    const ins = this.statements.prepare('INSERT OR REPLACE INTO group_members (group_id, user_id, is_head) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.statements.prepare('DELETE FROM group_members WHERE group_id = ?').run(groupId);
      for (const m of members) ins.run(groupId, m.userId, m.isHead ? 1 : 0);
    }).immediate();
  }

  listGroupMembers(groupId: string): GroupMember[] {
    const rows = this.statements
      .prepare('SELECT m.user_id, m.is_head FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.name COLLATE NOCASE, u.email')
      .all(groupId) as Row[];
    return rows.map((r) => ({ userId: r.user_id as string, isHead: r.is_head === 1 }));
  }

  listUserGroups(userId: string): Group[] {
    const rows = this.statements
      .prepare('SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.name COLLATE NOCASE, g.rowid')
      .all(userId) as Row[];
    return rows.map(toGroup);
  }

  syncUserExternalGroups(userId: string, externalNames: string[]): void {
    const wanted = [...new Set(externalNames.map((n) => n.trim()).filter(Boolean))];
    this.db.transaction(() => {
      const ids: string[] = [];
      for (const name of wanted) {
        const r = this.statements.prepare('SELECT id FROM groups WHERE external_name = ?').get(name) as Row | undefined;
        ids.push(r ? (r.id as string) : this.createGroup({ name, externalName: name }).id);
      }
      const keep = JSON.stringify(ids);
      this.statements
        .prepare(
          `DELETE FROM group_members WHERE user_id = ? AND group_id IN (SELECT id FROM groups WHERE external_name IS NOT NULL)
             AND group_id NOT IN (SELECT value FROM json_each(?))`,
        )
        .run(userId, keep);
      const ins = this.statements.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id, is_head) VALUES (?, ?, 0)');
      for (const id of ids) ins.run(id, userId);
    }).immediate();
  }

  createShareLink(l: NewShareLink): ShareLinkRecord {
    const id = newId();
    this.statements
      .prepare('INSERT INTO share_links (id, document_id, token_hash, role, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, l.documentId, l.tokenHash, l.role, l.expiresAt, l.createdBy, Date.now());
    return toLink(this.statements.prepare('SELECT * FROM share_links WHERE id = ?').get(id) as Row);
  }

  listShareLinks(documentId: string): ShareLinkRecord[] {
    return (this.statements.prepare('SELECT * FROM share_links WHERE document_id = ? ORDER BY created_at, id').all(documentId) as Row[]).map(toLink);
  }

  findShareLink(tokenHash: string): ShareLinkRecord | null {
    const r = this.statements
      .prepare('SELECT * FROM share_links WHERE token_hash = ? AND (expires_at IS NULL OR expires_at > ?)')
      .get(tokenHash, Date.now()) as Row | undefined;
    return r ? toLink(r) : null;
  }

  deleteShareLink(documentId: string, linkId: string): boolean {
    return this.statements.prepare('DELETE FROM share_links WHERE document_id = ? AND id = ?').run(documentId, linkId).changes > 0;
  }

  grantShareLink(linkId: string, userId: string): void {
    this.statements.prepare('INSERT OR IGNORE INTO link_grants (link_id, user_id, granted_at) VALUES (?, ?, ?)').run(linkId, userId, Date.now());
  }

  pseudonymizeUser(id: string, opts: { name: string; transferTo: string }): User | null {
    return this.db.transaction(() => {
      const changed = this.statements
        .prepare(
          `UPDATE users SET email = ?, name = ?, password_hash = NULL, oidc_subject = NULL, is_admin = 0, disabled = 1, deleted_at = ?
            WHERE id = ?`,
        )
        .run(`deleted-${id}@invalid`, opts.name, Date.now(), id).changes;
      if (!changed) return null;
      this.statements.prepare('UPDATE documents SET owner_id = ? WHERE owner_id = ?').run(opts.transferTo, id);
      this.statements.prepare("DELETE FROM document_acl WHERE principal = 'user' AND principal_id = ?").run(id);
      for (const table of ['group_members', 'link_grants', 'api_tokens']) this.statements.prepare(`DELETE FROM ${table} WHERE user_id = ?`).run(id);
      return toUser(this.statements.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row);
    }).immediate();
  }
}
