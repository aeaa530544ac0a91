import { gunzipSync, gzipSync } from 'node:zlib';
import { locales } from '../locales';
import type { SheetModel } from './SheetModel';
import { sheetPreview, type SheetPreviewData } from './preview';

/**
 * The preview kept for a sheet while it is out of memory: its first screen formatted in every
 * interface language, as gzipped JSON. Formatted rather than raw so the page only has to read
 * it; all languages because the reader's is not known when it is written.
 */
interface StoredPreview {
  v: 1;
  byLocale: Record<string, SheetPreviewData | null>;
}

export function encodeStoredPreview(model: SheetModel): Uint8Array {
  const stored: StoredPreview = { v: 1, byLocale: Object.fromEntries(locales.map((l) => [l, sheetPreview(model, l)])) };
  return gzipSync(JSON.stringify(stored));
}

/** The preview in one language, or null when there is none or it cannot be read. */
export function decodeStoredPreview(bytes: Uint8Array, locale: string): SheetPreviewData | null {
  try {
    const stored = JSON.parse(gunzipSync(bytes).toString('utf8')) as StoredPreview;
    if (stored?.v !== 1) return null;
    const data = stored.byLocale?.[locale];
    if (!data || !Array.isArray(data.columns) || !Array.isArray(data.rows)) return null;
    return data;
  } catch {
    return null;
  }
}
