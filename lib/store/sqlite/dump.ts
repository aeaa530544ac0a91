import type Database from 'better-sqlite3';
import { NotEmptyError, emptyDumpCounts, type AclEntry, type DumpCounts, type DumpRecord } from '../types';
import { asBytes, isEmptySqlite, toAudit, toDocument, toToken, toUser, toVersionData, type Row } from './rows';
import { toGroup, toLink } from './access';

const PAGE = 100;

/**
 * Reads every record inside one read transaction, so the dump is one consistent snapshot.
 * `db` is a connection of its own (the store keeps serving meanwhile), closed at the end.
 */
export async function* dumpSqlite(db: Database.Database): AsyncIterable<DumpRecord> {
  try {
    db.exec('BEGIN');
    yield* readAll(db);
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

function* readAll(db: Database.Database): Generator<DumpRecord> {
  for (const r of db.prepare('SELECT * FROM users ORDER BY created_at, id').all() as Row[]) {
    yield { type: 'user', user: { ...toUser(r), oidcSubject: (r.oidc_subject as string | null) ?? null } };
  }
  const members = db.prepare('SELECT user_id, is_head FROM group_members WHERE group_id = ? ORDER BY user_id');
  for (const r of db.prepare('SELECT * FROM groups ORDER BY created_at, id').all() as Row[]) {
    const list = (members.all(r.id) as Row[]).map((m) => ({ userId: m.user_id as string, isHead: m.is_head === 1 }));
    yield { type: 'group', group: { ...toGroup(r), members: list } };
  }
  const docs = db.prepare('SELECT * FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const acl = db.prepare('SELECT principal, principal_id, role FROM document_acl WHERE document_id = ? ORDER BY principal, principal_id');
  const snap = db.prepare('SELECT state, up_to_seq FROM doc_snapshots WHERE document_id = ?');
  const log = db.prepare('SELECT "update" FROM doc_updates WHERE document_id = ? AND seq > ? ORDER BY seq');
  let after = '';
  for (;;) {
    const page = docs.all(after, PAGE) as Row[];
    if (page.length === 0) break;
    for (const r of page) {
      const document = toDocument(r);
      const s = snap.get(document.id) as Row | undefined;
      const state = [
        ...(s ? [asBytes(s.state)] : []),
        ...(log.all(document.id, s ? (s.up_to_seq as number) : 0) as Row[]).map((u) => asBytes(u.update)),
      ];
      const entries: AclEntry[] = (acl.all(document.id) as Row[]).map((a) => ({
        principal: a.principal as AclEntry['principal'],
        principalId: a.principal_id as string,
        role: a.role as AclEntry['role'],
      }));
      yield { type: 'document', document, acl: entries, state };
    }
    after = page[page.length - 1].id as string;
  }
  const grants = db.prepare('SELECT user_id FROM link_grants WHERE link_id = ? ORDER BY user_id');
  for (const r of db.prepare('SELECT * FROM share_links ORDER BY created_at, id').all() as Row[]) {
    const grantedTo = (grants.all(r.id) as Row[]).map((g) => g.user_id as string);
    yield { type: 'shareLink', link: { ...toLink(r), tokenHash: r.token_hash as string, grantedTo } };
  }
  // Versions hold whole states: read them a page at a time, not all at once.
  const versions = db.prepare('SELECT * FROM versions WHERE ord > ? ORDER BY ord LIMIT ?');
  for (let ord = 0; ;) {
    const page = versions.all(ord, PAGE) as Row[];
    if (page.length === 0) break;
    for (const r of page) yield { type: 'version', version: toVersionData(r) };
    ord = page[page.length - 1].ord as number;
  }
  for (const r of db.prepare('SELECT * FROM api_tokens ORDER BY created_at, rowid').all() as Row[]) {
    yield { type: 'apiToken', token: { ...toToken(r), tokenHash: r.token_hash as string } };
  }
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) yield { type: 'audit', entry: toAudit(r) };
  for (const r of db.prepare('SELECT * FROM settings ORDER BY key').all() as Row[]) {
    yield { type: 'setting', setting: { key: r.key as string, value: r.value as string, updatedAt: r.updated_at as number } };
  }
  for (const r of db.prepare('SELECT id, at, name, email, message, page FROM feedback ORDER BY id').all() as Row[]) {
    yield {
      type: 'feedback',
      entry: {
        id: r.id as number,
        at: r.at as number,
        name: (r.name as string | null) ?? null,
        email: (r.email as string | null) ?? null,
        message: r.message as string,
        page: (r.page as string | null) ?? null,
      },
    };
  }
}

/**
 * Loads a dump in one write transaction. The records arrive asynchronously (from a file), so
 * the transaction is opened by hand; restore runs from the CLI while no server uses the file.
 */
export async function restoreSqlite(db: Database.Database, records: AsyncIterable<DumpRecord>): Promise<DumpCounts> {
  db.exec('BEGIN IMMEDIATE');
  try {
    if (!isEmptySqlite(db)) throw new NotEmptyError();
    const counts = emptyDumpCounts();
    const ins = {
      user: db.prepare('INSERT INTO users (id, email, name, password_hash, oidc_subject, is_admin, disabled, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      group: db.prepare('INSERT INTO groups (id, name, external_name, created_at) VALUES (?, ?, ?, ?)'),
      member: db.prepare('INSERT INTO group_members (group_id, user_id, is_head) VALUES (?, ?, ?)'),
      link: db.prepare('INSERT INTO share_links (id, document_id, token_hash, role, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      grant: db.prepare('INSERT INTO link_grants (link_id, user_id, granted_at) VALUES (?, ?, ?)'),
      document: db.prepare('INSERT INTO documents (id, kind, title, owner_id, template_id, created_at, updated_at, last_editor_id, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      acl: db.prepare('INSERT INTO document_acl (document_id, principal, principal_id, role) VALUES (?, ?, ?, ?)'),
      snapshot: db.prepare('INSERT INTO doc_snapshots (document_id, state, up_to_seq, created_at) VALUES (?, ?, 0, ?)'),
      update: db.prepare('INSERT INTO doc_updates (document_id, "update", user_id, created_at) VALUES (?, ?, NULL, ?)'),
      version: db.prepare('INSERT INTO versions (id, document_id, name, auto, created_by, created_at, authors, state, attribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      token: db.prepare('INSERT INTO api_tokens (id, user_id, token_hash, name, scopes, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      audit: db.prepare('INSERT INTO audit_log (id, at, actor, action, document_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
      setting: db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)'),
      feedback: db.prepare('INSERT INTO feedback (id, at, name, email, message, page) VALUES (?, ?, ?, ?, ?, ?)'),
    };
    for await (const rec of records) {
      counts[rec.type]++;
      switch (rec.type) {
        case 'user': {
          const u = rec.user;
          ins.user.run(u.id, u.email, u.name, u.passwordHash, u.oidcSubject, u.isAdmin ? 1 : 0, u.disabled ? 1 : 0, u.createdAt, u.deletedAt ?? null);
          break;
        }
        case 'group': {
          const g = rec.group;
          ins.group.run(g.id, g.name, g.externalName, g.createdAt);
          for (const m of g.members) ins.member.run(g.id, m.userId, m.isHead ? 1 : 0);
          break;
        }
        case 'shareLink': {
          const l = rec.link;
          ins.link.run(l.id, l.documentId, l.tokenHash, l.role, l.expiresAt, l.createdBy, l.createdAt);
          for (const userId of l.grantedTo) ins.grant.run(l.id, userId, l.createdAt);
          break;
        }
        case 'document': {
          const d = rec.document;
          ins.document.run(d.id, d.kind, d.title, d.ownerId, d.templateId, d.createdAt, d.updatedAt, d.lastEditorId, d.deletedAt);
          for (const e of rec.acl) ins.acl.run(d.id, e.principal, e.principalId, e.role);
          const [first, ...rest] = rec.state;
          if (first) ins.snapshot.run(d.id, first, Date.now());
          for (const u of rest) ins.update.run(d.id, u, Date.now());
          break;
        }
        case 'version': {
          const v = rec.version;
          ins.version.run(v.id, v.documentId, v.name, v.auto ? 1 : 0, v.createdBy, v.createdAt, JSON.stringify(v.authors), v.state, v.attribution);
          break;
        }
        case 'apiToken': {
          const t = rec.token;
          ins.token.run(t.id, t.userId, t.tokenHash, t.name, JSON.stringify(t.scopes), t.createdAt, t.expiresAt, t.lastUsedAt);
          break;
        }
        case 'audit': {
          const a = rec.entry;
          ins.audit.run(a.id, a.at, a.actor, a.action, a.documentId, JSON.stringify(a.detail));
          break;
        }
        case 'setting':
          ins.setting.run(rec.setting.key, rec.setting.value, rec.setting.updatedAt);
          break;
        case 'feedback': {
          const f = rec.entry;
          ins.feedback.run(f.id, f.at, f.name, f.email, f.message, f.page);
          break;
        }
      }
    }
    db.exec('COMMIT');
    return counts;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
