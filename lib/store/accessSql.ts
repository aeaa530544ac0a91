import type { DocumentRole } from './types';

/**
 * The SQL that decides who reaches a document, shared by both adapters so they cannot
 * disagree. A user's role is the strongest of: owning the row, an ACL entry for the user, for
 * a group they belong to, for everyone, or an unexpired share link they opened.
 *
 * `p(n)` renders placeholder n: 1 = user id, 2 = now (ms), 3 = document id.
 */
const rank = (col: string) => `CASE ${col} WHEN 'owner' THEN 3 WHEN 'editor' THEN 2 WHEN 'commenter' THEN 1 ELSE 0 END`;

export function grantsSql(p: (n: number) => string, oneDocument: boolean): string {
  const doc = (col: string) => (oneDocument ? ` AND ${col} = ${p(3)}` : '');
  return `
    SELECT d.id AS document_id, 3 AS r FROM documents d WHERE d.owner_id = ${p(1)}${doc('d.id')}
    UNION ALL
    SELECT a.document_id, ${rank('a.role')} FROM document_acl a
     WHERE a.principal = 'user' AND a.principal_id = ${p(1)}${doc('a.document_id')}
    UNION ALL
    SELECT a.document_id, ${rank('a.role')} FROM document_acl a JOIN group_members m ON m.group_id = a.principal_id
     WHERE a.principal = 'group' AND m.user_id = ${p(1)}${doc('a.document_id')}
    UNION ALL
    SELECT a.document_id, ${rank('a.role')} FROM document_acl a
     WHERE a.principal = 'everyone'${doc('a.document_id')}
    UNION ALL
    SELECT l.document_id, ${rank('l.role')} FROM link_grants g JOIN share_links l ON l.id = g.link_id
     WHERE g.user_id = ${p(1)} AND (l.expires_at IS NULL OR l.expires_at > ${p(2)})${doc('l.document_id')}`;
}

/** `SELECT MAX(r) AS r` over the grants of one document. */
export function roleSql(p: (n: number) => string): string {
  return `SELECT MAX(r) AS r FROM (${grantsSql(p, true)}) grants`;
}

const ROLES: DocumentRole[] = ['viewer', 'commenter', 'editor', 'owner'];

export function roleFromRank(r: unknown): DocumentRole | null {
  return r === null || r === undefined ? null : (ROLES[Number(r)] ?? null);
}

export function rankSqlToRole(col: string): string {
  return `CASE ${col} WHEN 3 THEN 'owner' WHEN 2 THEN 'editor' WHEN 1 THEN 'commenter' ELSE 'viewer' END`;
}
