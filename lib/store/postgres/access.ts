import type pg from 'pg';
import { newId } from '../../ids';
import type { Group, GroupMember, GroupPatch, NewShareLink, ShareLinkRecord } from '../types';

/** Groups and share links for the PostgreSQL adapter; the same behaviour as lib/store/sqlite/access.ts. */

type Row = Record<string, unknown>;
type Queryable = Pick<pg.PoolClient, 'query'>;
type Tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

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

/** Group order matches SQLite's NOCASE: ASCII-folded name, then insertion order. */
export const GROUP_ORDER = 'werkraum_nocase(g.name) COLLATE "C", g.ord';

export class PostgresAccess {
  constructor(private readonly pool: Queryable, private readonly tx: Tx) {}

  private async q(sql: string, args: unknown[] = [], c: Queryable = this.pool): Promise<Row[]> {
    return (await c.query<Row>(sql, args)).rows;
  }

  async createGroup(g: { name: string; externalName?: string | null }, c: Queryable = this.pool): Promise<Group> {
    const rows = await this.q('INSERT INTO groups (id, name, external_name, created_at) VALUES ($1, $2, $3, $4) RETURNING *', [
      newId(), g.name.trim(), g.externalName ?? null, Date.now(),
    ], c);
    return toGroup(rows[0]);
  }

  async getGroup(id: string): Promise<Group | null> {
    const rows = await this.q('SELECT * FROM groups WHERE id = $1', [id]);
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async listGroups(): Promise<Group[]> {
    return (await this.q(`SELECT * FROM groups g ORDER BY ${GROUP_ORDER}`)).map(toGroup);
  }

  async updateGroup(id: string, patch: GroupPatch): Promise<Group | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.name !== undefined) { args.push(patch.name.trim()); sets.push(`name = $${args.length}`); }
    if (patch.externalName !== undefined) { args.push(patch.externalName); sets.push(`external_name = $${args.length}`); }
    if (sets.length) await this.q(`UPDATE groups SET ${sets.join(', ')} WHERE id = $${args.length + 1}`, [...args, id]);
    return this.getGroup(id);
  }

  async deleteGroup(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      await c.query("DELETE FROM document_acl WHERE principal = 'group' AND principal_id = $1", [id]);
      return ((await c.query('DELETE FROM groups WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  async setGroupMembers(groupId: string, members: GroupMember[]): Promise<void> {
    await this.tx(async (c) => {
      await c.query('DELETE FROM group_members WHERE group_id = $1', [groupId]);
      for (const m of members) {
        await c.query(
          `INSERT INTO group_members (group_id, user_id, is_head) VALUES ($1, $2, $3)
           ON CONFLICT (group_id, user_id) DO UPDATE SET is_head = excluded.is_head`,
          [groupId, m.userId, m.isHead],
        );
      }
    });
  }

  async listGroupMembers(groupId: string): Promise<GroupMember[]> {
    const rows = await this.q(
      `SELECT m.user_id, m.is_head FROM group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = $1 ORDER BY werkraum_nocase(u.name) COLLATE "C", u.email COLLATE "C"`,
      [groupId],
    );
    return rows.map((r) => ({ userId: r.user_id as string, isHead: r.is_head === true }));
  }

  async listUserGroups(userId: string): Promise<Group[]> {
    const rows = await this.q(`SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = $1 ORDER BY ${GROUP_ORDER}`, [userId]);
    return rows.map(toGroup);
  }

  async syncUserExternalGroups(userId: string, externalNames: string[]): Promise<void> {
    const wanted = [...new Set(externalNames.map((n) => n.trim()).filter(Boolean))];
    await this.tx(async (c) => {
      const ids: string[] = [];
      for (const name of wanted) {
        // Two first sign-ins naming the same new group at once: the loser finds the winner's row.
        await c.query(
          'INSERT INTO groups (id, name, external_name, created_at) VALUES ($1, $2, $2, $3) ON CONFLICT (external_name) DO NOTHING',
          [newId(), name, Date.now()],
        );
        ids.push((await this.q('SELECT id FROM groups WHERE external_name = $1', [name], c))[0].id as string);
      }
      await c.query(
        `DELETE FROM group_members WHERE user_id = $1 AND group_id IN (SELECT id FROM groups WHERE external_name IS NOT NULL)
           AND NOT (group_id = ANY($2::text[]))`,
        [userId, ids],
      );
      for (const id of ids) {
        await c.query('INSERT INTO group_members (group_id, user_id, is_head) VALUES ($1, $2, false) ON CONFLICT DO NOTHING', [id, userId]);
      }
    });
  }

  async createShareLink(l: NewShareLink): Promise<ShareLinkRecord> {
    const rows = await this.q(
      'INSERT INTO share_links (id, document_id, token_hash, role, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [newId(), l.documentId, l.tokenHash, l.role, l.expiresAt, l.createdBy, Date.now()],
    );
    return toLink(rows[0]);
  }

  async listShareLinks(documentId: string): Promise<ShareLinkRecord[]> {
    return (await this.q('SELECT * FROM share_links WHERE document_id = $1 ORDER BY created_at, id COLLATE "C"', [documentId])).map(toLink);
  }

  async findShareLink(tokenHash: string): Promise<ShareLinkRecord | null> {
    const rows = await this.q('SELECT * FROM share_links WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > $2)', [tokenHash, Date.now()]);
    return rows[0] ? toLink(rows[0]) : null;
  }

  async deleteShareLink(documentId: string, linkId: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM share_links WHERE document_id = $1 AND id = $2', [documentId, linkId])).rowCount ?? 0) > 0;
  }

  async grantShareLink(linkId: string, userId: string): Promise<void> {
    await this.q('INSERT INTO link_grants (link_id, user_id, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [linkId, userId, Date.now()]);
  }

  async pseudonymizeUser(id: string, opts: { name: string; transferTo: string }): Promise<Row | null> {
    return this.tx(async (c) => {
      const rows = await this.q(
        `UPDATE users SET email = $1, name = $2, password_hash = NULL, oidc_subject = NULL, is_admin = false, disabled = true, deleted_at = $3
          WHERE id = $4 RETURNING *`,
        [`deleted-${id}@invalid`, opts.name, Date.now(), id],
        c,
      );
      if (!rows[0]) return null;
      await c.query('UPDATE documents SET owner_id = $1 WHERE owner_id = $2', [opts.transferTo, id]);
      await c.query("DELETE FROM document_acl WHERE principal = 'user' AND principal_id = $1", [id]);
      for (const table of ['group_members', 'link_grants', 'api_tokens']) await c.query(`DELETE FROM ${table} WHERE user_id = $1`, [id]);
      return rows[0];
    });
  }
}
