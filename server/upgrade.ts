import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { getToken } from 'next-auth/jwt';
import type { Services } from '../lib/services';
import { bearerToken, principalFromApiToken, principalFromUserId, type Principal } from '../lib/auth/principal';
import { sessionCookieName } from '../lib/auth/nextAuthOptions';
import { isDocId } from '../lib/collab/protocol';
import type { DocumentRole } from '../lib/store/types';

export type UpgradeDecision =
  | { ok: true; principal: Principal; role: DocumentRole; docId: string }
  | { ok: false; status: 400 | 401 | 403 | 404; message: string };

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(/;\s*/)) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1));
    } catch {
      // A cookie we cannot decode is not ours; ignore it.
    }
  }
  return out;
}

/** Browsers send Origin on WebSocket upgrades; a foreign page must not ride on the user's cookie. */
function originAllowed(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (API tokens)
  try {
    const o = new URL(origin);
    if (o.host === req.headers.host) return true;
    return o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/** Authenticates and authorises a `/collab/<docId>` upgrade before any sync happens. */
export async function authorizeUpgrade(s: Services, req: IncomingMessage, url: URL): Promise<UpgradeDecision> {
  const docId = decodeURIComponent(url.pathname.slice('/collab/'.length));
  if (!isDocId(docId)) return { ok: false, status: 404, message: 'unknown document' };

  let principal: Principal | null = null;
  const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('token') ?? undefined;
  if (token) {
    principal = await principalFromApiToken(s.store, token);
  } else {
    if (!originAllowed(req, s.publicUrl)) return { ok: false, status: 403, message: 'foreign origin' };
    const cookies = parseCookies(req.headers.cookie);
    const name = sessionCookieName(s.publicUrl);
    // A large session (a single sign-on ID token with many groups) is split into name.0, name.1, …
    if (Object.keys(cookies).some((k) => k === name || k.startsWith(`${name}.`))) {
      const jwt = await getToken({
        req: { headers: req.headers, cookies } as unknown as Parameters<typeof getToken>[0]['req'],
        secret: s.sessionSecret,
        cookieName: name,
      });
      principal = await principalFromUserId(s.store, typeof jwt?.uid === 'string' ? jwt.uid : null);
    }
  }
  if (!principal) return { ok: false, status: 401, message: 'authentication required' };

  const doc = await s.store.getDocument(docId);
  const role = doc && doc.deletedAt === null ? await s.store.getRole(docId, principal.user.id) : null;
  if (!doc || doc.deletedAt !== null) return { ok: false, status: 404, message: 'unknown document' };
  if (!role) return { ok: false, status: 403, message: 'no access to this document' };
  return { ok: true, principal, role, docId };
}

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { code: reasons[status]?.toLowerCase().replace(/ /g, '_') ?? 'error', message } });
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
