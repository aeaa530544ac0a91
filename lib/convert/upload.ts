import { tooLarge } from './errors';

/**
 * Reads a request body up to `maxBytes`, refusing larger ones with 413 as soon as they pass the
 * limit (a declared Content-Length is checked first), so a huge upload is never held in memory.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`The request body is larger than ${maxBytes} bytes`);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`The request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// Room for the multipart boundaries, part headers and the optional title field around the file.
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
