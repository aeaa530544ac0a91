/** Ordered schema migrations; each runs once inside a transaction at start. */
export const sqliteMigrations: string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT,
    oidc_subject TEXT UNIQUE,
    is_admin INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'sheet')),
    title TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    template_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_editor_id TEXT REFERENCES users(id),
    deleted_at INTEGER
  );
  CREATE INDEX documents_owner ON documents(owner_id);
  CREATE TABLE document_acl (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    principal TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
    PRIMARY KEY (document_id, principal, principal_id)
  );
  CREATE INDEX document_acl_principal ON document_acl(principal, principal_id);
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    "update" BLOB NOT NULL,
    user_id TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates(document_id, seq);
  CREATE TABLE doc_snapshots (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    state BLOB NOT NULL,
    up_to_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    document_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  `,
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    name TEXT,
    email TEXT,
    message TEXT NOT NULL,
    page TEXT
  );
  `,
  `
  CREATE TABLE versions (
    ord INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT,
    auto INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    authors TEXT NOT NULL DEFAULT '[]',
    state BLOB NOT NULL,
    attribution TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX versions_doc ON versions(document_id, ord);
  `,
  `
  CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    external_name TEXT UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    is_head INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members(user_id);
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    expires_at INTEGER,
    created_by TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX share_links_doc ON share_links(document_id);
  CREATE TABLE link_grants (
    link_id TEXT NOT NULL REFERENCES share_links(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (link_id, user_id)
  );
  CREATE INDEX link_grants_user ON link_grants(user_id);
  ALTER TABLE users ADD COLUMN deleted_at INTEGER;
  `,
  `
  CREATE TABLE doc_previews (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    preview BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
];
