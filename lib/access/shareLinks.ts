import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, notFound } from '../errors';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { DocumentRecord, ShareLinkRecord } from '../store/types';
import { authorize } from '../documents/service';

/**
 * Share links: `/l/<token>` grants the link's role to every signed-in person who opens it, for
 * as long as the link lives. Only the SHA-256 hash of the token is stored (the token carries
 * 256 random bits, so a fast hash is enough). Deleting the link, or its expiry, ends the access
 * of everyone who came through it and holds no other grant; their live connections close.
 */
const PREFIX = 'wsl_';

export const newLinkSchema = z.object({
  role: z.enum(['viewer', 'editor']),
  expiresAt: z.union([z.string().datetime({ offset: true }), z.number().int().positive()]).optional().nullable(),
});

type S = Pick<Services, 'store' | 'liveDocs' | 'publicUrl'>;

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/l/${token}`;
}

export function linkJson(l: ShareLinkRecord) {
  return {
    id: l.id,
    role: l.role,
    expiresAt: l.expiresAt === null ? null : new Date(l.expiresAt).toISOString(),
    createdAt: new Date(l.createdAt).toISOString(),
  };
}

export async function createShareLink(s: S, p: Principal, docId: string, input: z.infer<typeof newLinkSchema>): Promise<{ id: string; url: string; link: ShareLinkRecord }> {
  await authorize(s, p, docId, 'share');
  const expiresAt = input.expiresAt == null ? null : typeof input.expiresAt === 'number' ? input.expiresAt : Date.parse(input.expiresAt);
  if (expiresAt !== null && expiresAt <= Date.now()) throw new AppError(400, 'invalid_input', 'expiresAt lies in the past');
  const token = PREFIX + randomBytes(32).toString('base64url');
  const link = await s.store.createShareLink({ documentId: docId, tokenHash: hashLinkToken(token), role: input.role, expiresAt, createdBy: p.user.id });
  await s.store.audit({ actor: p.user.id, action: 'link.create', documentId: docId, detail: { linkId: link.id, role: link.role, expiresAt } });
  return { id: link.id, url: linkUrl(s.publicUrl, token), link };
}

export async function listShareLinks(s: S, p: Principal, docId: string): Promise<ShareLinkRecord[]> {
  await authorize(s, p, docId, 'share');
  return s.store.listShareLinks(docId);
}

export async function revokeShareLink(s: S, p: Principal, docId: string, linkId: string): Promise<void> {
  await authorize(s, p, docId, 'share');
  if (!(await s.store.deleteShareLink(docId, linkId))) throw notFound('Link');
  await s.store.audit({ actor: p.user.id, action: 'link.revoke', documentId: docId, detail: { linkId } });
  await s.liveDocs.refreshAccess(docId);
}

/** Opening a link: the signed-in person holds its role from now on. Unknown or expired → 404. */
export async function redeemShareLink(s: S, p: Principal, token: string): Promise<DocumentRecord> {
  const link = token.startsWith(PREFIX) ? await s.store.findShareLink(hashLinkToken(token)) : null;
  const doc = link ? await s.store.getDocument(link.documentId) : null;
  if (!link || !doc || doc.deletedAt !== null) throw notFound('Link');
  await s.store.grantShareLink(link.id, p.user.id);
  await s.store.audit({ actor: p.user.id, action: 'link.open', documentId: doc.id, detail: { linkId: link.id, role: link.role } });
  // A connection already open may now hold more rights.
  await s.liveDocs.refreshAccess(doc.id);
  return doc;
}
