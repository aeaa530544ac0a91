import pg from 'pg';
import { newId } from '../../ids';
import type { Logger } from '../../log';
import { postgresMigrations } from './migrations';
import { PostgresAccess, toGroup, toLink } from './access';
import { grantsSql, rankSqlToRole, roleFromRank, roleSql } from '../accessSql';
import {
  DuplicateError, NotEmptyError, emptyDumpCounts,
  type AclEntry, type ApiTokenRecord, type AuditEntry, type DocumentListItem, type DocumentPatch,
  type DocumentRecord, type DocumentRole, type DumpCounts, type Group, type GroupMember, type GroupPatch, type NewShareLink, type ShareLinkRecord, type DumpRecord, type FeedbackEntry, type ListDocumentsQuery,
  type LoadedDocState, type NewDocument, type NewUser, type NewVersion, type Store, type StoredUpdate, type User, type UserPatch,
  type VersionData, type VersionRecord,
} from '../types';

type Row = Record<string, unknown>;
type Queryable = Pick<pg.PoolClient, 'query'>;

const INT8_OID = 20;
// BIGINT columns hold millisecond times and sequence numbers, all far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Advisory-lock namespace ("Werk"); the second key is hashtext(document id) or 0 for migrations. */
const LOCK_NAMESPACE = 0x5765726b;
const UNIQUE_VIOLATION = '23505';

const toUser = (r: Row): User => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  passwordHash: (r.password_hash as string | null) ?? null,
  isAdmin: r.is_admin === true,
  disabled: r.disabled === true,
  createdAt: r.created_at as number,
  deletedAt: (r.deleted_at as number | null) ?? null,
});

const toDocument = (r: Row): DocumentRecord => ({
  id: r.id as string,
  kind: r.kind as DocumentRecord['kind'],
  title: r.title as string,
  ownerId: r.owner_id as string,
  templateId: (r.template_id as string | null) ?? null,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  lastEditorId: (r.last_editor_id as string | null) ?? null,
  deletedAt: (r.deleted_at as number | null) ?? null,
});

const toToken = (r: Row): ApiTokenRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  name: r.name as string,
  scopes: JSON.parse(r.scopes as string) as string[],
  createdAt: r.created_at as number,
  expiresAt: (r.expires_at as number | null) ?? null,
  lastUsedAt: (r.last_used_at as number | null) ?? null,
});

const toAudit = (r: Row): AuditEntry => ({
  id: r.id as number,
  at: r.at as number,
  actor: (r.actor as string | null) ?? null,
  action: r.action as string,
  documentId: (r.document_id as string | null) ?? null,
  detail: JSON.parse(r.detail as string) as Record<string, unknown>,
});

const toFeedback = (r: Row): FeedbackEntry => ({
  id: r.id as number,
  at: r.at as number,
  name: (r.name as string | null) ?? null,
  email: (r.email as string | null) ?? null,
  message: r.message as string,
  page: (r.page as string | null) ?? null,
});

const toVersion = (r: Row): VersionRecord => ({
  id: r.id as string,
  documentId: r.document_id as string,
  name: (r.name as string | null) ?? null,
  auto: r.auto === true,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as number,
  authors: JSON.parse(r.authors as string) as string[],
});

const toVersionData = (r: Row): VersionData => ({ ...toVersion(r), state: asBytes(r.state), attribution: r.attribution as string });

/** Columns of a version without its state, for lists. */
const VERSION_COLUMNS = 'id, document_id, name, auto, created_by, created_at, authors';

const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const asBytes = (b: unknown): Uint8Array => new Uint8Array(b as Buffer);

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/** The snapshot and every log row still in the table, in one statement, so in one MVCC snapshot. */
const STATE_SQL = `
  SELECT 0 AS part, state AS data, up_to_seq AS seq FROM doc_snapshots WHERE document_id = $1
  UNION ALL
  SELECT 1, "update", seq FROM doc_updates WHERE document_id = $1
  ORDER BY part, seq`;

/** Tables whose rows make a store "not empty" for restore. */
const DATA_TABLES = ['users', 'groups', 'documents', 'api_tokens', 'audit_log', 'settings', 'feedback'];

export interface PostgresStoreOptions {
  url: string;
  /** Pool size per process. */
  max?: number;
  logger?: Logger;
}

/**
 * PostgreSQL adapter (node-postgres pool). It keeps the contract of the SQLite adapter:
 * ASCII case-insensitive email uniqueness, the same orderings, and a compaction that never
 * removes a log row it did not merge.
 *
 * Several instances write one log, and a lower sequence number may commit after a higher
 * one. So the log after a snapshot is "every row still in the table" (compaction deletes
 * exactly the rows it merged), not "rows above up_to_seq", and one advisory lock per document
 * keeps compactions of one document from running at the same time.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private closed = false;
  private readonly access: PostgresAccess;

  private constructor(private readonly opts: PostgresStoreOptions) {
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      types,
    });
    // An idle connection that dies (database restart) must not take the process with it;
    // the pool drops it and the next query connects again.
    this.pool.on('error', (err) => this.opts.logger?.warn({ err: err.message }, 'idle PostgreSQL connection failed'));
    this.access = new PostgresAccess(this.pool, (fn) => this.tx(fn));
  }

  /** Connects and runs pending migrations (serialised across instances by an advisory lock). */
  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(opts);
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_NAMESPACE]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const { rows } = await c.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
      for (let v = rows[0].v as number; v < postgresMigrations.length; v++) {
        await c.query(postgresMigrations[v]);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
      }
    });
  }

  /** Runs `fn` in one transaction on one pooled connection. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener; without ours a dropped connection would be
    // an unhandled 'error' event. The failing query reports the error to the caller.
    let broken: Error | undefined;
    const onError = (err: Error) => { broken = err; };
    client.on('error', onError);
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (!broken) await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
      throw err;
    } finally {
      client.off('error', onError);
      // A connection that failed is destroyed instead of going back to the pool.
      client.release(broken);
    }
  }

  private q(sql: string, args: unknown[] = [], c: Queryable = this.pool): Promise<pg.QueryResult<Row>> {
    return c.query<Row>(sql, args);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async ping(): Promise<void> {
    await this.q('SELECT 1');
  }

  async countUsers(): Promise<number> {
    return (await this.q('SELECT COUNT(*)::int AS n FROM users')).rows[0].n as number;
  }

  async createUser(user: NewUser): Promise<User> {
    try {
      const { rows } = await this.q(
        'INSERT INTO users (id, email, name, password_hash, oidc_subject, is_admin, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, false, $7) RETURNING *',
        [newId(), user.email.trim(), user.name.trim(), user.passwordHash, user.oidcSubject ?? null, !!user.isAdmin, Date.now()],
      );
      return toUser(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateError('A user with this email');
      throw err;
    }
  }

  async getUserById(id: string): Promise<User | null> {
    const { rows } = await this.q('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const { rows } = await this.q('SELECT * FROM users WHERE werkraum_nocase(email) = werkraum_nocase($1)', [email.trim()]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async getUserByOidcSubject(subject: string): Promise<User | null> {
    const { rows } = await this.q('SELECT * FROM users WHERE oidc_subject = $1', [subject]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.q('SELECT * FROM users ORDER BY werkraum_nocase(name) COLLATE "C", email COLLATE "C"');
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (col: string, v: unknown) => { args.push(v); sets.push(`${col} = $${args.length}`); };
    if (patch.name !== undefined) set('name', patch.name.trim());
    if (patch.isAdmin !== undefined) set('is_admin', patch.isAdmin);
    if (patch.disabled !== undefined) set('disabled', patch.disabled);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.oidcSubject !== undefined) set('oidc_subject', patch.oidcSubject);
    if (sets.length) await this.q(`UPDATE users SET ${sets.join(', ')} WHERE id = $${args.length + 1}`, [...args, id]);
    return this.getUserById(id);
  }

  async createDocument(doc: NewDocument): Promise<DocumentRecord> {
    const now = Date.now();
    try {
      const { rows } = await this.q(
        'INSERT INTO documents (id, kind, title, owner_id, template_id, created_at, updated_at, last_editor_id) VALUES ($1, $2, $3, $4, $5, $6, $6, $4) RETURNING *',
        [doc.id, doc.kind, doc.title, doc.ownerId, doc.templateId ?? null, now],
      );
      return toDocument(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateError('A document with this id');
      throw err;
    }
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const { rows } = await this.q('SELECT * FROM documents WHERE id = $1', [id]);
    return rows[0] ? toDocument(rows[0]) : null;
  }

  async updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.title !== undefined) { args.push(patch.title); sets.push(`title = $${args.length}`); }
    if (patch.deletedAt !== undefined) { args.push(patch.deletedAt); sets.push(`deleted_at = $${args.length}`); }
    if (sets.length) await this.q(`UPDATE documents SET ${sets.join(', ')} WHERE id = $${args.length + 1}`, [...args, id]);
    return this.getDocument(id);
  }

  async listDocumentsForUser(userId: string, query: ListDocumentsQuery = {}): Promise<DocumentListItem[]> {
    const { rows } = await this.q(
      `WITH best AS (SELECT document_id, MAX(r) AS r FROM (${grantsSql((n) => `$${n}`, false)}) grants GROUP BY document_id)
       SELECT d.*, ${rankSqlToRole('best.r')} AS role, o.name AS owner_name, e.name AS last_editor_name
         FROM best
         JOIN documents d ON d.id = best.document_id
         JOIN users o ON o.id = d.owner_id
         LEFT JOIN users e ON e.id = d.last_editor_id
        WHERE ${query.trashed ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL'}
          AND ($3::text IS NULL OR strpos(werkraum_nocase(d.title), werkraum_nocase($3::text)) > 0)
        ORDER BY d.updated_at DESC, d.id COLLATE "C"`,
      [userId, Date.now(), query.query?.trim() ? query.query.trim() : null],
    );
    return rows.map((r) => ({
      ...toDocument(r),
      role: r.role as DocumentRole,
      ownerName: r.owner_name as string,
      lastEditorName: (r.last_editor_name as string | null) ?? null,
    }));
  }

  async getRole(documentId: string, userId: string): Promise<DocumentRole | null> {
    const { rows } = await this.q(roleSql((n) => `$${n}`), [userId, Date.now(), documentId]);
    return roleFromRank(rows[0]?.r);
  }

  async pseudonymizeUser(id: string, opts: { name: string; transferTo: string }): Promise<User | null> {
    const row = await this.access.pseudonymizeUser(id, opts);
    return row ? toUser(row) : null;
  }

  createGroup(g: { name: string; externalName?: string | null }): Promise<Group> {
    return this.access.createGroup(g);
  }

  getGroup(id: string): Promise<Group | null> {
    return this.access.getGroup(id);
  }

  listGroups(): Promise<Group[]> {
    return this.access.listGroups();
  }

  updateGroup(id: string, patch: GroupPatch): Promise<Group | null> {
    return this.access.updateGroup(id, patch);
  }

  deleteGroup(id: string): Promise<boolean> {
    return this.access.deleteGroup(id);
  }

  setGroupMembers(groupId: string, members: GroupMember[]): Promise<void> {
    return this.access.setGroupMembers(groupId, members);
  }

  listGroupMembers(groupId: string): Promise<GroupMember[]> {
    return this.access.listGroupMembers(groupId);
  }

  listUserGroups(userId: string): Promise<Group[]> {
    return this.access.listUserGroups(userId);
  }

  syncUserExternalGroups(userId: string, externalNames: string[]): Promise<void> {
    return this.access.syncUserExternalGroups(userId, externalNames);
  }

  createShareLink(link: NewShareLink): Promise<ShareLinkRecord> {
    return this.access.createShareLink(link);
  }

  listShareLinks(documentId: string): Promise<ShareLinkRecord[]> {
    return this.access.listShareLinks(documentId);
  }

  findShareLink(tokenHash: string): Promise<ShareLinkRecord | null> {
    return this.access.findShareLink(tokenHash);
  }

  deleteShareLink(documentId: string, linkId: string): Promise<boolean> {
    return this.access.deleteShareLink(documentId, linkId);
  }

  grantShareLink(linkId: string, userId: string): Promise<void> {
    return this.access.grantShareLink(linkId, userId);
  }

  async getAcl(documentId: string): Promise<AclEntry[]> {
    return this.aclOf(documentId, this.pool);
  }

  private async aclOf(documentId: string, c: Queryable): Promise<AclEntry[]> {
    const { rows } = await this.q(
      'SELECT principal, principal_id, role FROM document_acl WHERE document_id = $1 ORDER BY principal COLLATE "C", principal_id COLLATE "C"',
      [documentId],
      c,
    );
    return rows.map((r) => ({ principal: r.principal as AclEntry['principal'], principalId: r.principal_id as string, role: r.role as AclEntry['role'] }));
  }

  async setAcl(documentId: string, entries: AclEntry[]): Promise<void> {
    await this.tx(async (c) => {
      await c.query('DELETE FROM document_acl WHERE document_id = $1', [documentId]);
      for (const e of entries) {
        await c.query(
          `INSERT INTO document_acl (document_id, principal, principal_id, role) VALUES ($1, $2, $3, $4)
           ON CONFLICT (document_id, principal, principal_id) DO UPDATE SET role = excluded.role`,
          [documentId, e.principal, e.principal === 'everyone' ? '' : e.principalId, e.role],
        );
      }
    });
  }

  async appendUpdates(batch: StoredUpdate[]): Promise<void> {
    if (batch.length === 0) return;
    const touched = new Map<string, string | null>();
    for (const u of batch) touched.set(u.documentId, u.userId ?? touched.get(u.documentId) ?? null);
    // Sorted, so that concurrent batches of several instances lock document rows in one order.
    const docs = [...touched.keys()].sort();
    // One statement: one round trip, and atomic on its own.
    await this.q(
      `WITH appended AS (
         INSERT INTO doc_updates (document_id, "update", user_id, created_at)
         SELECT d, u, uid, $4 FROM unnest($1::text[], $2::bytea[], $3::text[]) WITH ORDINALITY AS t(d, u, uid, n) ORDER BY n
       )
       UPDATE documents AS doc SET updated_at = $4, last_editor_id = COALESCE(t.uid, doc.last_editor_id)
         FROM unnest($5::text[], $6::text[]) AS t(id, uid)
        WHERE doc.id = t.id`,
      [
        batch.map((u) => u.documentId),
        batch.map((u) => Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength)),
        batch.map((u) => u.userId),
        Date.now(),
        docs,
        docs.map((d) => touched.get(d) ?? null),
      ],
    );
  }

  async loadDocState(documentId: string): Promise<LoadedDocState> {
    return stateFromRows((await this.q(STATE_SQL, [documentId])).rows);
  }

  async countLogEntries(documentId: string): Promise<number> {
    return (await this.q('SELECT COUNT(*)::int AS n FROM doc_updates WHERE document_id = $1', [documentId])).rows[0].n as number;
  }

  async compact(documentId: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<{ merged: number }> {
    return this.tx(async (c) => {
      const lock = await c.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [LOCK_NAMESPACE, documentId]);
      // Another instance is compacting this document right now; its result covers ours.
      if (!lock.rows[0].ok) return { merged: 0 };
      const { rows } = await this.q(STATE_SQL, [documentId], c);
      const log = rows.filter((r) => r.part === 1);
      if (log.length === 0) return { merged: 0 };
      const state = merge(rows.map((r) => asBytes(r.data)));
      const seqs = log.map((r) => r.seq as number);
      // A loop, not Math.max(...seqs): spreading some 150,000 arguments overflows the stack, and a
      // log that long would then never be compacted.
      let upTo = seqs[0];
      for (const seq of seqs) if (seq > upTo) upTo = seq;
      await c.query(
        `INSERT INTO doc_snapshots (document_id, state, up_to_seq, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, up_to_seq = GREATEST(doc_snapshots.up_to_seq, excluded.up_to_seq), created_at = excluded.created_at`,
        [documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), upTo, Date.now()],
      );
      // Exactly the merged rows: a row with a lower seq that committed meanwhile stays.
      await c.query('DELETE FROM doc_updates WHERE document_id = $1 AND seq = ANY($2::bigint[])', [documentId, seqs]);
      return { merged: log.length };
    });
  }

  async createVersion(v: NewVersion): Promise<VersionRecord> {
    const { rows } = await this.q(
      `INSERT INTO versions (id, document_id, name, auto, created_by, created_at, authors, state, attribution)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${VERSION_COLUMNS}`,
      [newId(), v.documentId, v.name, v.auto, v.createdBy, Date.now(), JSON.stringify(v.authors), toBuffer(v.state), v.attribution],
    );
    return toVersion(rows[0]);
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    return (await this.q(`SELECT ${VERSION_COLUMNS} FROM versions WHERE document_id = $1 ORDER BY ord`, [documentId])).rows.map(toVersion);
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionData | null> {
    const { rows } = await this.q('SELECT * FROM versions WHERE document_id = $1 AND id = $2', [documentId, versionId]);
    return rows[0] ? toVersionData(rows[0]) : null;
  }

  async latestVersion(documentId: string): Promise<VersionData | null> {
    const { rows } = await this.q('SELECT * FROM versions WHERE document_id = $1 ORDER BY ord DESC LIMIT 1', [documentId]);
    return rows[0] ? toVersionData(rows[0]) : null;
  }

  async renameVersion(documentId: string, versionId: string, name: string | null): Promise<VersionRecord | null> {
    const { rows } = await this.q(`UPDATE versions SET name = $3 WHERE document_id = $1 AND id = $2 RETURNING ${VERSION_COLUMNS}`, [documentId, versionId, name]);
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async createApiToken(t: { userId: string; name: string; tokenHash: string; scopes?: string[]; expiresAt?: number | null }): Promise<ApiTokenRecord> {
    const { rows } = await this.q(
      'INSERT INTO api_tokens (id, user_id, token_hash, name, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [newId(), t.userId, t.tokenHash, t.name, JSON.stringify(t.scopes ?? []), Date.now(), t.expiresAt ?? null],
    );
    return toToken(rows[0]);
  }

  async useApiToken(tokenHash: string): Promise<ApiTokenRecord | null> {
    const { rows } = await this.q('SELECT * FROM api_tokens WHERE token_hash = $1', [tokenHash]);
    if (!rows[0]) return null;
    const token = toToken(rows[0]);
    const now = Date.now();
    if (token.expiresAt !== null && token.expiresAt <= now) return null;
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (token.lastUsedAt === null || now - token.lastUsedAt > 60_000) {
      await this.q('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, token.id]);
    }
    return token;
  }

  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    return (await this.q('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at, ord', [userId])).rows.map(toToken);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    return ((await this.q('DELETE FROM api_tokens WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async setDocumentPreview(documentId: string, preview: Uint8Array): Promise<void> {
    await this.q(
      'INSERT INTO doc_previews (document_id, preview, updated_at) SELECT id, $1, $2 FROM documents WHERE id = $3 ' +
        'ON CONFLICT (document_id) DO UPDATE SET preview = excluded.preview, updated_at = excluded.updated_at',
      [Buffer.from(preview.buffer, preview.byteOffset, preview.byteLength), Date.now(), documentId],
    );
  }

  async getDocumentPreview(documentId: string): Promise<Uint8Array | null> {
    const { rows } = await this.q('SELECT preview FROM doc_previews WHERE document_id = $1', [documentId]);
    const preview = rows[0]?.preview as Buffer | undefined;
    return preview ? new Uint8Array(preview) : null;
  }

  async getSetting(key: string): Promise<string | null> {
    const { rows } = await this.q('SELECT value FROM settings WHERE key = $1', [key]);
    return (rows[0]?.value as string | undefined) ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.q(
      'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [key, value, Date.now()],
    );
  }

  async addFeedback(e: { name?: string | null; email?: string | null; message: string; page?: string | null }): Promise<FeedbackEntry> {
    const { rows } = await this.q(
      'INSERT INTO feedback (at, name, email, message, page) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [Date.now(), e.name ?? null, e.email ?? null, e.message, e.page ?? null],
    );
    return toFeedback(rows[0]);
  }

  async listFeedback(limit = 500): Promise<FeedbackEntry[]> {
    return (await this.q('SELECT * FROM feedback ORDER BY id DESC LIMIT $1', [limit])).rows.map(toFeedback);
  }

  async audit(e: { actor: string | null; action: string; documentId?: string | null; detail?: Record<string, unknown> }): Promise<void> {
    await this.q('INSERT INTO audit_log (at, actor, action, document_id, detail) VALUES ($1, $2, $3, $4, $5)', [
      Date.now(), e.actor, e.action, e.documentId ?? null, JSON.stringify(e.detail ?? {}),
    ]);
  }

  async listAudit(filter: { action?: string; documentId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.q(
      `SELECT * FROM audit_log WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR document_id = $2)
        ORDER BY id DESC LIMIT $3`,
      [filter.action ?? null, filter.documentId ?? null, filter.limit ?? 500],
    );
    return rows.map(toAudit);
  }

  async pruneAudit(olderThan: number): Promise<number> {
    return (await this.q('DELETE FROM audit_log WHERE at < $1', [olderThan])).rowCount ?? 0;
  }

  async isEmpty(): Promise<boolean> {
    return isEmptyOn(this.pool);
  }

  async *dump(): AsyncIterable<DumpRecord> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let finished = false;
    const onError = (err: Error) => { broken = err; };
    client.on('error', onError);
    try {
      // One snapshot for the whole dump; writers carry on meanwhile.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const r of (await this.q('SELECT * FROM users ORDER BY created_at, id COLLATE "C"', [], client)).rows) {
        yield { type: 'user', user: { ...toUser(r), oidcSubject: (r.oidc_subject as string | null) ?? null } };
      }
      for (const r of (await this.q('SELECT * FROM groups ORDER BY created_at, id COLLATE "C"', [], client)).rows) {
        const members = (await this.q('SELECT user_id, is_head FROM group_members WHERE group_id = $1 ORDER BY user_id COLLATE "C"', [r.id], client)).rows;
        yield { type: 'group', group: { ...toGroup(r), members: members.map((m) => ({ userId: m.user_id as string, isHead: m.is_head === true })) } };
      }
      let after = '';
      for (;;) {
        const page = (await this.q('SELECT * FROM documents WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT 100', [after], client)).rows;
        if (page.length === 0) break;
        for (const r of page) {
          const document = toDocument(r);
          const acl = await this.aclOf(document.id, client);
          const state = (await this.q(STATE_SQL, [document.id], client)).rows.map((s) => asBytes(s.data));
          yield { type: 'document', document, acl, state };
        }
        after = page[page.length - 1].id as string;
      }
      for (const r of (await this.q('SELECT * FROM share_links ORDER BY created_at, id COLLATE "C"', [], client)).rows) {
        const grants = (await this.q('SELECT user_id FROM link_grants WHERE link_id = $1 ORDER BY user_id COLLATE "C"', [r.id], client)).rows;
        yield { type: 'shareLink', link: { ...toLink(r), tokenHash: r.token_hash as string, grantedTo: grants.map((g) => g.user_id as string) } };
      }
      // Versions hold whole states: read them a page at a time, not all at once.
      for (let ord = 0; ;) {
        const page = (await this.q('SELECT * FROM versions WHERE ord > $1 ORDER BY ord LIMIT 100', [ord], client)).rows;
        if (page.length === 0) break;
        for (const r of page) yield { type: 'version', version: toVersionData(r) };
        ord = page[page.length - 1].ord as number;
      }
      for (const r of (await this.q('SELECT * FROM api_tokens ORDER BY created_at, ord', [], client)).rows) {
        yield { type: 'apiToken', token: { ...toToken(r), tokenHash: r.token_hash as string } };
      }
      for (const r of (await this.q('SELECT * FROM audit_log ORDER BY id', [], client)).rows) yield { type: 'audit', entry: toAudit(r) };
      for (const r of (await this.q('SELECT * FROM settings ORDER BY key COLLATE "C"', [], client)).rows) {
        yield { type: 'setting', setting: { key: r.key as string, value: r.value as string, updatedAt: r.updated_at as number } };
      }
      for (const r of (await this.q('SELECT * FROM feedback ORDER BY id', [], client)).rows) yield { type: 'feedback', entry: toFeedback(r) };
      await client.query('COMMIT');
      finished = true;
    } finally {
      // Stopped early or failed: end the read transaction before the connection goes back.
      if (!finished && !broken) await client.query('ROLLBACK').catch(() => undefined);
      client.off('error', onError);
      client.release(broken);
    }
  }

  async restore(records: AsyncIterable<DumpRecord>): Promise<DumpCounts> {
    return this.tx(async (c) => {
      // Nobody may write while we check for emptiness and fill the tables.
      await c.query(`LOCK TABLE ${DATA_TABLES.join(', ')} IN EXCLUSIVE MODE`);
      if (!(await isEmptyOn(c))) throw new NotEmptyError();
      const counts = emptyDumpCounts();
      for await (const rec of records) {
        counts[rec.type]++;
        await this.restoreOne(c, rec);
      }
      // Explicit ids leave the identity sequences behind; move them past the restored rows.
      for (const [table, col] of [['audit_log', 'id'], ['feedback', 'id']]) {
        await c.query(
          `SELECT setval(pg_get_serial_sequence('${table}', '${col}'), COALESCE((SELECT MAX(${col}) FROM ${table}), 1), (SELECT MAX(${col}) FROM ${table}) IS NOT NULL)`,
        );
      }
      return counts;
    });
  }

  private async restoreOne(c: pg.PoolClient, rec: DumpRecord): Promise<void> {
    switch (rec.type) {
      case 'user': {
        const u = rec.user;
        await c.query(
          'INSERT INTO users (id, email, name, password_hash, oidc_subject, is_admin, disabled, created_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [u.id, u.email, u.name, u.passwordHash, u.oidcSubject, u.isAdmin, u.disabled, u.createdAt, u.deletedAt ?? null],
        );
        return;
      }
      case 'group': {
        const g = rec.group;
        await c.query('INSERT INTO groups (id, name, external_name, created_at) VALUES ($1, $2, $3, $4)', [g.id, g.name, g.externalName, g.createdAt]);
        for (const m of g.members) await c.query('INSERT INTO group_members (group_id, user_id, is_head) VALUES ($1, $2, $3)', [g.id, m.userId, m.isHead]);
        return;
      }
      case 'shareLink': {
        const l = rec.link;
        await c.query(
          'INSERT INTO share_links (id, document_id, token_hash, role, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [l.id, l.documentId, l.tokenHash, l.role, l.expiresAt, l.createdBy, l.createdAt],
        );
        for (const userId of l.grantedTo) await c.query('INSERT INTO link_grants (link_id, user_id, granted_at) VALUES ($1, $2, $3)', [l.id, userId, l.createdAt]);
        return;
      }
      case 'document': {
        const d = rec.document;
        await c.query(
          'INSERT INTO documents (id, kind, title, owner_id, template_id, created_at, updated_at, last_editor_id, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [d.id, d.kind, d.title, d.ownerId, d.templateId, d.createdAt, d.updatedAt, d.lastEditorId, d.deletedAt],
        );
        for (const e of rec.acl) {
          await c.query('INSERT INTO document_acl (document_id, principal, principal_id, role) VALUES ($1, $2, $3, $4)', [d.id, e.principal, e.principalId, e.role]);
        }
        const [first, ...rest] = rec.state;
        if (first) {
          await c.query('INSERT INTO doc_snapshots (document_id, state, up_to_seq, created_at) VALUES ($1, $2, 0, $3)', [d.id, Buffer.from(first), Date.now()]);
        }
        for (const u of rest) {
          await c.query('INSERT INTO doc_updates (document_id, "update", user_id, created_at) VALUES ($1, $2, NULL, $3)', [d.id, Buffer.from(u), Date.now()]);
        }
        return;
      }
      case 'version': {
        const v = rec.version;
        await c.query(
          'INSERT INTO versions (id, document_id, name, auto, created_by, created_at, authors, state, attribution) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [v.id, v.documentId, v.name, v.auto, v.createdBy, v.createdAt, JSON.stringify(v.authors), toBuffer(v.state), v.attribution],
        );
        return;
      }
      case 'apiToken': {
        const t = rec.token;
        await c.query(
          'INSERT INTO api_tokens (id, user_id, token_hash, name, scopes, created_at, expires_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [t.id, t.userId, t.tokenHash, t.name, JSON.stringify(t.scopes), t.createdAt, t.expiresAt, t.lastUsedAt],
        );
        return;
      }
      case 'audit': {
        const a = rec.entry;
        await c.query('INSERT INTO audit_log (id, at, actor, action, document_id, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
          a.id, a.at, a.actor, a.action, a.documentId, JSON.stringify(a.detail),
        ]);
        return;
      }
      case 'setting':
        await c.query('INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)', [rec.setting.key, rec.setting.value, rec.setting.updatedAt]);
        return;
      case 'feedback': {
        const f = rec.entry;
        await c.query('INSERT INTO feedback (id, at, name, email, message, page) VALUES ($1, $2, $3, $4, $5, $6)', [f.id, f.at, f.name, f.email, f.message, f.page]);
        return;
      }
    }
  }
}

async function isEmptyOn(c: Queryable): Promise<boolean> {
  const { rows } = await c.query<{ any: boolean }>(`SELECT ${DATA_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS any`);
  return !rows[0].any;
}

function stateFromRows(rows: Row[]): LoadedDocState {
  const snap = rows.find((r) => r.part === 0);
  const log = rows.filter((r) => r.part === 1);
  return {
    snapshot: snap ? asBytes(snap.data) : null,
    updates: log.map((r) => asBytes(r.data)),
    lastSeq: log.length ? (log[log.length - 1].seq as number) : ((snap?.seq as number | undefined) ?? 0),
  };
}
