import { safeImageSrc } from '../richtext/extensions';

export interface EmbeddedImage {
  bytes: Uint8Array;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  ext: 'png' | 'jpg' | 'gif' | 'webp';
  width: number;
  height: number;
}

/** Decodes one of our data-URL images and reads its pixel size from the header (no image library). */
export function dataUrlImage(src: string): EmbeddedImage | null {
  if (!safeImageSrc(src)) return null;
  const mime = src.slice(5, src.indexOf(';')) as EmbeddedImage['mime'];
  const bytes = new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
  const size = imageSize(bytes, mime);
  if (!size) return null;
  const ext = mime === 'image/jpeg' ? 'jpg' : (mime.slice(6) as EmbeddedImage['ext']);
  return { bytes, mime, ext, ...size };
}

export function imageSize(b: Uint8Array, mime: string): { width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    if (mime === 'image/png' && b.length > 24) return { width: view.getUint32(16), height: view.getUint32(20) };
    if (mime === 'image/gif' && b.length > 10) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
    if (mime === 'image/jpeg') {
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) return null;
        const marker = b[i + 1];
        const len = view.getUint16(i + 2);
        // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return { width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
        }
        i += 2 + len;
      }
    }
    if (mime === 'image/webp' && b.length > 30) {
      const kind = String.fromCharCode(b[12], b[13], b[14], b[15]);
      if (kind === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
      if (kind === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
      if (kind === 'VP8L') {
        const bits = view.getUint32(21, true);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
    }
  } catch {
    return null;
  }
  return null;
}

/** Bytes of an embedded picture as a data URL, when it is a kind and size the schema accepts. */
export function bytesToDataUrl(bytes: Uint8Array, name: string, maxBytes: number): string | null {
  const ext = name.toLowerCase().split('.').pop();
  const mime = ext === 'png' ? 'image/png' : ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'gif' ? 'image/gif' : ext === 'webp' ? 'image/webp' : null;
  if (!mime || bytes.length > maxBytes) return null;
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}
