import type Database from 'better-sqlite3';
import type { ApiTokenRecord, AuditEntry, DocumentRecord, User, VersionData, VersionRecord } from '../types';

/** Row mappers shared by the SQLite adapter and its dump/restore. */
export type Row = Record<string, unknown>;

export const toUser = (r: Row): User => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  passwordHash: (r.password_hash as string | null) ?? null,
  isAdmin: r.is_admin === 1,
  disabled: r.disabled === 1,
  createdAt: r.created_at as number,
  deletedAt: (r.deleted_at as number | null) ?? null,
});

export const toDocument = (r: Row): DocumentRecord => ({
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

export const toToken = (r: Row): ApiTokenRecord => ({
  id: r.id as string,
  userId: r.user_id as string,
  name: r.name as string,
  scopes: JSON.parse(r.scopes as string) as string[],
  createdAt: r.created_at as number,
  expiresAt: (r.expires_at as number | null) ?? null,
  lastUsedAt: (r.last_used_at as number | null) ?? null,
});

export const toAudit = (r: Row): AuditEntry => ({
  id: r.id as number,
  at: r.at as number,
  actor: (r.actor as string | null) ?? null,
  action: r.action as string,
  documentId: (r.document_id as string | null) ?? null,
  detail: JSON.parse(r.detail as string) as Record<string, unknown>,
});

export const toVersion = (r: Row): VersionRecord => ({
  id: r.id as string,
  documentId: r.document_id as string,
  name: (r.name as string | null) ?? null,
  auto: r.auto === 1,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: r.created_at as number,
  authors: JSON.parse(r.authors as string) as string[],
});

export const toVersionData = (r: Row): VersionData => ({
  ...toVersion(r),
  state: new Uint8Array(r.state as Buffer),
  attribution: r.attribution as string,
});

/** Columns of a version without its state, for lists. */
export const VERSION_COLUMNS = 'id, document_id, name, auto, created_by, created_at, authors';

/**
 * A plain Uint8Array over a blob's bytes, without copying them: better-sqlite3 gives every blob
 * its own buffer, and compacting a long log reads a hundred thousand of them.
 */
export const asBytes = (b: unknown): Uint8Array => {
  const buf = b as Buffer;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

/** Tables whose rows make a store "not empty" for restore. */
const DATA_TABLES = ['users', 'groups', 'documents', 'api_tokens', 'audit_log', 'settings', 'feedback'];

export function isEmptySqlite(db: Database.Database): boolean {
  const r = db.prepare(`SELECT ${DATA_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS any`).get() as { any: number };
  return r.any === 0;
}
