import { randomBytes } from 'node:crypto';

/** Random URL-safe id (16 chars, 96 bits). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}
