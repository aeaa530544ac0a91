import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { malformed, tooLarge } from './errors';

export interface UnzipLimits {
  /** Most entries a container may list (an office file has a few dozen). */
  maxEntries: number;
  /** Most bytes all extracted entries may unpack to together. */
  maxTotalBytes: number;
}

export const DEFAULT_UNZIP_LIMITS: UnzipLimits = { maxEntries: 5_000, maxTotalBytes: 200 * 1024 * 1024 };

// Input is fed in small pieces, so a bomb is stopped within one piece's worth of output
// (at most ~1000× the piece) instead of after inflating everything.
const PIECE = 16 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Extracts the entries `wanted` accepts, counting real output bytes (the sizes a zip declares can
 * lie) and entries; anything past the limits is refused with 413 before it is held in memory.
 */
export function unzipBounded(bytes: Uint8Array, wanted: (name: string) => boolean, limits: UnzipLimits = DEFAULT_UNZIP_LIMITS): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const open: UnzipFile[] = [];
  let entries = 0;
  let total = 0;
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const f of open) f.terminate();
  };

  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > limits.maxEntries) return fail(tooLarge(`The archive has more than ${limits.maxEntries} entries`));
    if (!wanted(file.name)) return;
    if (file.originalSize !== undefined && total + file.originalSize > limits.maxTotalBytes) {
      return fail(tooLarge(`The archive unpacks to more than ${limits.maxTotalBytes} bytes`));
    }
    const chunks: Uint8Array[] = [];
    open.push(file);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) return fail(malformed(`The archive entry ${file.name} is damaged`));
      total += chunk.length;
      if (total > limits.maxTotalBytes) return fail(tooLarge(`The archive unpacks to more than ${limits.maxTotalBytes} bytes`));
      chunks.push(chunk);
      if (final) files.set(file.name, concat(chunks));
    };
    try {
      file.start();
    } catch {
      fail(malformed(`The archive entry ${file.name} uses an unsupported compression`));
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !failure; i += PIECE) unzip.push(bytes.subarray(i, i + PIECE), i + PIECE >= bytes.length);
  } catch (err) {
    fail(malformed(`The file is not a readable zip archive${err instanceof Error ? `: ${err.message}` : ''}`));
  }
  if (failure) throw failure;
  return files;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function utf8(bytes: Uint8Array | undefined): string {
  return bytes ? new TextDecoder('utf-8').decode(bytes) : '';
}
