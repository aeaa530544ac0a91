import type { Store, User } from '../store/types';
import { hashApiToken, looksLikeApiToken } from './apiTokens';

/** Who is asking: resolved once at the edge (HTTP request or WebSocket upgrade). */
export interface Principal {
  user: User;
  via: 'session' | 'token';
}

export async function principalFromUserId(store: Store, userId: string | undefined | null): Promise<Principal | null> {
  if (!userId) return null;
  const user = await store.getUserById(userId);
  if (!user || user.disabled) return null;
  return { user, via: 'session' };
}

export async function principalFromApiToken(store: Store, token: string | undefined | null): Promise<Principal | null> {
  if (!token || !looksLikeApiToken(token)) return null;
  const record = await store.useApiToken(hashApiToken(token));
  if (!record) return null;
  const user = await store.getUserById(record.userId);
  if (!user || user.disabled) return null;
  return { user, via: 'token' };
}

/** `Authorization: Bearer <token>` → token, else undefined. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
