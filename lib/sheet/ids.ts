/**
 * Ids of sheets, rows and columns. They are created concurrently by many clients without
 * coordination, so they are random: 10 characters of base64url carry 60 bits, which keeps the
 * chance of a collision negligible even for sheets with millions of rows ever inserted.
 * `crypto.getRandomValues` exists in browsers and in Node, so the model runs on both sides.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const ITEM_ID_LENGTH = 10;

/** What the model accepts as a sheet, row or column id (also used when decoding stored formulas). */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function newItemId(): string {
  return newItemIds(1)[0];
}

export function newItemIds(count: number): string[] {
  const bytes = new Uint8Array(count * ITEM_ID_LENGTH);
  // getRandomValues fills at most 64 KiB per call (Web Crypto), in browsers and in Node.
  for (let offset = 0; offset < bytes.length; offset += 65_536) globalThis.crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    let id = '';
    for (let j = 0; j < ITEM_ID_LENGTH; j++) id += ALPHABET[bytes[i * ITEM_ID_LENGTH + j] & 63];
    ids.push(id);
  }
  return ids;
}
