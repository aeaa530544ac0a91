import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { newId } from '../../ids';
import { sqliteMigrations } from './migrations';
import { dumpSqlite, restoreSqlite } from './dump';
import { StatementCache } from './statementCache';
import { AppendThread } from './appendThread';
import { SqliteAccess } from './access';
import { grantsSql, rankSqlToRole, roleFromRank, roleSql } from '../accessSql';
import {
  DuplicateError,
  type AclEntry, type ApiTokenRecord, type AuditEntry, type DocumentListItem, type DocumentPatch,
  type DocumentRecord, type DocumentRole, type DumpCounts, type Group, type GroupMember, type GroupPatch, type NewShareLink, type ShareLinkRecord, type DumpRecord, type FeedbackEntry, type ListDocumentsQuery,
  type LoadedDocState, type NewDocument, type NewUser, type NewVersion, type Store, type StoredUpdate, type User, type UserPatch,
  type VersionData, type VersionRecord,
} from '../types';
import { VERSION_COLUMNS, asBytes, isEmptySqlite, toAudit, toDocument, toToken, toUser, toVersion, toVersionData, type Row } from './rows';

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT_UNIQUE');
}

const sqliteParam = (n: number) => ['@uid', '@now', '@doc'][n - 1];

export interface SqliteStoreOptions {
  /** File path: live edits are appended by a second connection on its own thread. */
  file: string;
}

/**
 * SQLite adapter (better-sqlite3, WAL). Its calls are synchronous underneath; the async
 * interface keeps one contract with the PostgreSQL adapter. `synchronous = FULL` makes every
 * commit durable, which the "saved" acknowledgement promises.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly stmts;
  private readonly statements: StatementCache;
  /** Appends of live edits commit on their own thread. */
  private readonly appendThread: AppendThread;
  private readonly access: SqliteAccess;

  constructor({ file }: SqliteStoreOptions) {
    this.file = file;
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.statements = new StatementCache(this.db);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.access = new SqliteAccess(this.db, this.statements);
    this.appendThread = new AppendThread(file);
    this.appendThread.start();
    const db = this.db;
    this.stmts = {
      snapshot: db.prepare('SELECT state, up_to_seq FROM doc_snapshots WHERE document_id = ?'),
      // The log is read as blobs only (no row object per update), its last sequence number apart.
      logBlobsAfter: db.prepare('SELECT "update" FROM doc_updates WHERE document_id = ? AND seq > ? ORDER BY seq').pluck(),
      lastSeq: db.prepare('SELECT max(seq) FROM doc_updates WHERE document_id = ?').pluck(),
      countLog: db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE document_id = ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const row = this.statements.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    for (let v = current; v < sqliteMigrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(sqliteMigrations[v]);
        this.statements.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v + 1, Date.now());
      }).immediate();
    }
  }

  async close(): Promise<void> {
    await this.appendThread.close();
    if (this.db.open) this.db.close();
  }

  async ping(): Promise<void> {
    this.statements.prepare('SELECT 1').get();
  }

  async countUsers(): Promise<number> {
    return (this.statements.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(user: NewUser): Promise<User> {
    const id = newId();
    try {
      this.statements
        .prepare('INSERT INTO users (id, email, name, password_hash, oidc_subject, is_admin, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)')
        .run(id, user.email.trim(), user.name.trim(), user.passwordHash, user.oidcSubject ?? null, user.isAdmin ? 1 : 0, Date.now());
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateError('A user with this email');
      throw err;
    }
    return (await this.getUserById(id))!;
  }

  async getUserById(id: string): Promise<User | null> {
    const r = this.statements.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r ? toUser(r) : null;
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const r = this.statements.prepare('SELECT * FROM users WHERE email = ?').get(email.trim()) as Row | undefined;
    return r ? toUser(r) : null;
  }

  async getUserByOidcSubject(subject: string): Promise<User | null> {
    const r = this.statements.prepare('SELECT * FROM users WHERE oidc_subject = ?').get(subject) as Row | undefined;
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<User[]> {
    return (this.statements.prepare('SELECT * FROM users ORDER BY name COLLATE NOCASE, email').all() as Row[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.name !== undefined) { sets.push('name = ?'); args.push(patch.name.trim()); }
    if (patch.isAdmin !== undefined) { sets.push('is_admin = ?'); args.push(patch.isAdmin ? 1 : 0); }
    if (patch.disabled !== undefined) { sets.push('disabled = ?'); args.push(patch.disabled ? 1 : 0); }
    if (patch.passwordHash !== undefined) { sets.push('password_hash = ?'); args.push(patch.passwordHash); }
    if (patch.oidcSubject !== undefined) { sets.push('oidc_subject = ?'); args.push(patch.oidcSubject); }
    if (sets.length) this.statements.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return this.getUserById(id);
  }

  async createDocument(doc: NewDocument): Promise<DocumentRecord> {
    const now = Date.now();
    try {
      this.statements
        .prepare('INSERT INTO documents (id, kind, title, owner_id, template_id, created_at, updated_at, last_editor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(doc.id, doc.kind, doc.title, doc.ownerId, doc.templateId ?? null, now, now, doc.ownerId);
    } catch (err) {
      if (isUniqueViolation(err) || (err instanceof Error && /PRIMARYKEY|PRIMARY KEY/.test(String((err as { code?: string }).code ?? err.message)))) {
        throw new DuplicateError('A document with this id');
      }
      throw err;
    }
    return (await this.getDocument(doc.id))!;
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const r = this.statements.prepare('SELECT * FROM documents WHERE id = ?').get(id) as Row | undefined;
    return r ? toDocument(r) : null;
  }

  async updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.title !== undefined) { sets.push('title = ?'); args.push(patch.title); }
    if (patch.deletedAt !== undefined) { sets.push('deleted_at = ?'); args.push(patch.deletedAt); }
    if (sets.length) this.statements.prepare(`UPDATE documents SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    return this.getDocument(id);
  }

  async listDocumentsForUser(userId: string, query: ListDocumentsQuery = {}): Promise<DocumentListItem[]> {
    const rows = this.statements
      .prepare(
        `WITH best AS (SELECT document_id, MAX(r) AS r FROM (${grantsSql(sqliteParam, false)}) grants GROUP BY document_id)
         SELECT d.*, ${rankSqlToRole('best.r')} AS role, o.name AS owner_name, e.name AS last_editor_name
           FROM best
           JOIN documents d ON d.id = best.document_id
           JOIN users o ON o.id = d.owner_id
           LEFT JOIN users e ON e.id = d.last_editor_id
          WHERE ${query.trashed ? 'd.deleted_at IS NOT NULL' : 'd.deleted_at IS NULL'}
            AND (@q IS NULL OR instr(lower(d.title), lower(@q)) > 0)
          ORDER BY d.updated_at DESC, d.id`,
      )
      .all({ uid: userId, now: Date.now(), q: query.query?.trim() ? query.query.trim() : null }) as Row[];
    return rows.map((r) => ({
      ...toDocument(r),
      role: r.role as DocumentRole,
      ownerName: r.owner_name as string,
      lastEditorName: (r.last_editor_name as string | null) ?? null,
    }));
  }

  async getRole(documentId: string, userId: string): Promise<DocumentRole | null> {
    const r = this.statements.prepare(roleSql(sqliteParam)).get({ uid: userId, now: Date.now(), doc: documentId }) as { r: number | null };
    return roleFromRank(r.r);
  }

  async getAcl(documentId: string): Promise<AclEntry[]> {
    const rows = this.statements
      .prepare('SELECT principal, principal_id, role FROM document_acl WHERE document_id = ? ORDER BY principal, principal_id')
      .all(documentId) as Row[];
    return rows.map((r) => ({ principal: r.principal as AclEntry['principal'], principalId: r.principal_id as string, role: r.role as AclEntry['role'] }));
  }

  async setAcl(documentId: string, entries: AclEntry[]): Promise<void> {
    const del = this.statements.prepare('DELETE FROM document_acl WHERE document_id = ?');
    const ins = this.statements.prepare('INSERT OR REPLACE INTO document_acl (document_id, principal, principal_id, role) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      del.run(documentId);
      for (const e of entries) ins.run(documentId, e.principal, e.principal === 'everyone' ? '' : e.principalId, e.role);
    }).immediate();
  }

  async pseudonymizeUser(id: string, opts: { name: string; transferTo: string }): Promise<User | null> {
    return this.access.pseudonymizeUser(id, opts);
  }

  async createGroup(g: { name: string; externalName?: string | null }): Promise<Group> {
    return this.access.createGroup(g);
  }

  async getGroup(id: string): Promise<Group | null> {
    return this.access.getGroup(id);
  }

  async listGroups(): Promise<Group[]> {
    return this.access.listGroups();
  }

  async updateGroup(id: string, patch: GroupPatch): Promise<Group | null> {
    return this.access.updateGroup(id, patch);
  }

  async deleteGroup(id: string): Promise<boolean> {
    return this.access.deleteGroup(id);
  }

  async setGroupMembers(groupId: string, members: GroupMember[]): Promise<void> {
    this.access.setGroupMembers(groupId, members);
  }

  async listGroupMembers(groupId: string): Promise<GroupMember[]> {
    return this.access.listGroupMembers(groupId);
  }

  async listUserGroups(userId: string): Promise<Group[]> {
    return this.access.listUserGroups(userId);
  }

  async syncUserExternalGroups(userId: string, externalNames: string[]): Promise<void> {
    this.access.syncUserExternalGroups(userId, externalNames);
  }

  async createShareLink(link: NewShareLink): Promise<ShareLinkRecord> {
    return this.access.createShareLink(link);
  }

  async listShareLinks(documentId: string): Promise<ShareLinkRecord[]> {
    return this.access.listShareLinks(documentId);
  }

  async findShareLink(tokenHash: string): Promise<ShareLinkRecord | null> {
    return this.access.findShareLink(tokenHash);
  }

  async deleteShareLink(documentId: string, linkId: string): Promise<boolean> {
    return this.access.deleteShareLink(documentId, linkId);
  }

  async grantShareLink(linkId: string, userId: string): Promise<void> {
    this.access.grantShareLink(linkId, userId);
  }

  async appendUpdates(batch: StoredUpdate[]): Promise<void> {
    if (batch.length === 0) return;
    return this.appendThread.append(batch);
  }

  async loadDocState(documentId: string): Promise<LoadedDocState> {
    return this.db.transaction(() => this.readState(documentId))();
  }

  /**
   * The snapshot and the log after it, inside the caller's transaction: the largest sequence
   * number there is then that of the last row read.
   */
  private readState(documentId: string): LoadedDocState {
    const snap = this.stmts.snapshot.get(documentId) as Row | undefined;
    const after = snap ? (snap.up_to_seq as number) : 0;
    const blobs = this.stmts.logBlobsAfter.all(documentId, after) as Buffer[];
    return {
      snapshot: snap ? asBytes(snap.state) : null,
      updates: blobs.map(asBytes),
      lastSeq: blobs.length ? (this.stmts.lastSeq.get(documentId) as number) : after,
    };
  }

  async countLogEntries(documentId: string): Promise<number> {
    return (this.stmts.countLog.get(documentId) as { n: number }).n;
  }

  async compact(documentId: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<{ merged: number }> {
    // IMMEDIATE: the append thread writes concurrently; a deferred transaction that read the
    // log and then found it changed could not commit.
    return this.db.transaction(() => {
      const { snapshot, updates, lastSeq: upTo } = this.readState(documentId);
      if (updates.length === 0) return { merged: 0 };
      const state = merge(snapshot ? [snapshot, ...updates] : updates);
      this.statements
        .prepare('INSERT INTO doc_snapshots (document_id, state, up_to_seq, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq, created_at = excluded.created_at')
        .run(documentId, state, upTo, Date.now());
      this.statements.prepare('DELETE FROM doc_updates WHERE document_id = ? AND seq <= ?').run(documentId, upTo);
      return { merged: updates.length };
    }).immediate();
  }

  async createVersion(v: NewVersion): Promise<VersionRecord> {
    const record: VersionRecord = { id: newId(), documentId: v.documentId, name: v.name, auto: v.auto, createdBy: v.createdBy, createdAt: Date.now(), authors: [...v.authors] };
    // Committed on the append thread, so a durable commit never stalls relaying.
    await this.appendThread.insertVersion({ ...record, state: v.state, attribution: v.attribution });
    return record;
  }

  async listVersions(documentId: string): Promise<VersionRecord[]> {
    return (this.statements.prepare(`SELECT ${VERSION_COLUMNS} FROM versions WHERE document_id = ? ORDER BY ord`).all(documentId) as Row[]).map(toVersion);
  }

  async getVersion(documentId: string, versionId: string): Promise<VersionData | null> {
    const r = this.statements.prepare('SELECT * FROM versions WHERE document_id = ? AND id = ?').get(documentId, versionId) as Row | undefined;
    return r ? toVersionData(r) : null;
  }

  async latestVersion(documentId: string): Promise<VersionData | null> {
    const r = this.statements.prepare('SELECT * FROM versions WHERE document_id = ? ORDER BY ord DESC LIMIT 1').get(documentId) as Row | undefined;
    return r ? toVersionData(r) : null;
  }

  async renameVersion(documentId: string, versionId: string, name: string | null): Promise<VersionRecord | null> {
    this.statements.prepare('UPDATE versions SET name = ? WHERE document_id = ? AND id = ?').run(name, documentId, versionId);
    const r = this.statements.prepare(`SELECT ${VERSION_COLUMNS} FROM versions WHERE document_id = ? AND id = ?`).get(documentId, versionId) as Row | undefined;
    return r ? toVersion(r) : null;
  }

  async createApiToken(t: { userId: string; name: string; tokenHash: string; scopes?: string[]; expiresAt?: number | null }): Promise<ApiTokenRecord> {
    const id = newId();
    this.statements
      .prepare('INSERT INTO api_tokens (id, user_id, token_hash, name, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, t.userId, t.tokenHash, t.name, JSON.stringify(t.scopes ?? []), Date.now(), t.expiresAt ?? null);
    return toToken(this.statements.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Row);
  }

  async useApiToken(tokenHash: string): Promise<ApiTokenRecord | null> {
    const r = this.statements.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    if (!r) return null;
    const token = toToken(r);
    const now = Date.now();
    if (token.expiresAt !== null && token.expiresAt <= now) return null;
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (token.lastUsedAt === null || now - token.lastUsedAt > 60_000) {
      this.statements.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, token.id);
    }
    return token;
  }

  async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    return (this.statements.prepare('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at, rowid').all(userId) as Row[]).map(toToken);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    return this.statements.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  async setDocumentPreview(documentId: string, preview: Uint8Array): Promise<void> {
    this.statements
      .prepare(
        'INSERT INTO doc_previews (document_id, preview, updated_at) SELECT id, ?, ? FROM documents WHERE id = ? ' +
          'ON CONFLICT(document_id) DO UPDATE SET preview = excluded.preview, updated_at = excluded.updated_at',
      )
      .run(preview, Date.now(), documentId);
  }

  async getDocumentPreview(documentId: string): Promise<Uint8Array | null> {
    const r = this.statements.prepare('SELECT preview FROM doc_previews WHERE document_id = ?').get(documentId) as { preview: Buffer } | undefined;
    return r ? new Uint8Array(r.preview) : null;
  }

  async getSetting(key: string): Promise<string | null> {
    const r = this.statements.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.statements
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, value, Date.now());
  }

  async addFeedback(e: { name?: string | null; email?: string | null; message: string; page?: string | null }): Promise<FeedbackEntry> {
    const at = Date.now();
    const id = Number(
      this.statements.prepare('INSERT INTO feedback (at, name, email, message, page) VALUES (?, ?, ?, ?, ?)').run(at, e.name ?? null, e.email ?? null, e.message, e.page ?? null).lastInsertRowid,
    );
    return { id, at, name: e.name ?? null, email: e.email ?? null, message: e.message, page: e.page ?? null };
  }

  async listFeedback(limit = 500): Promise<FeedbackEntry[]> {
    return this.statements.prepare('SELECT id, at, name, email, message, page FROM feedback ORDER BY id DESC LIMIT ?').all(limit) as FeedbackEntry[];
  }

  async audit(e: { actor: string | null; action: string; documentId?: string | null; detail?: Record<string, unknown> }): Promise<void> {
    this.statements
      .prepare('INSERT INTO audit_log (at, actor, action, document_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(Date.now(), e.actor, e.action, e.documentId ?? null, JSON.stringify(e.detail ?? {}));
  }

  async listAudit(filter: { action?: string; documentId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = this.statements
      .prepare(
        `SELECT * FROM audit_log WHERE (@action IS NULL OR action = @action) AND (@doc IS NULL OR document_id = @doc)
          ORDER BY id DESC LIMIT @limit`,
      )
      .all({ action: filter.action ?? null, doc: filter.documentId ?? null, limit: filter.limit ?? 500 }) as Row[];
    return rows.map(toAudit);
  }

  async pruneAudit(olderThan: number): Promise<number> {
    return this.statements.prepare('DELETE FROM audit_log WHERE at < ?').run(olderThan).changes;
  }

  async isEmpty(): Promise<boolean> {
    return isEmptySqlite(this.db);
  }

  dump(): AsyncIterable<DumpRecord> {
    // A second connection holds its own read snapshot (WAL) while this one keeps serving writes.
    return dumpSqlite(new Database(this.file, { readonly: true, fileMustExist: true }));
  }

  async restore(records: AsyncIterable<DumpRecord>): Promise<DumpCounts> {
    return restoreSqlite(this.db, records);
  }
}

