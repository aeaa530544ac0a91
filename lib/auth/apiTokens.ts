import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'wrk_';

/** A new bearer token: shown once, stored only as its SHA-256 hash. */
export function generateApiToken(): { token: string; tokenHash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashApiToken(token) };
}

// Tokens carry 256 random bits, so a fast hash is enough; argon2 would only slow every request.
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length > PREFIX.length + 20;
}
