import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { AppError } from '../../../lib/errors';
import { importFile } from '../../../lib/convert/importFile';
import { docToOdt } from '../../../lib/convert/odtExport';
import { unzipBounded } from '../../../lib/convert/unzip';
import { sampleDoc } from './fixture';

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const MiB = 1024 * 1024;

describe('import limits', () => {
  it('refuses files larger than the configured maximum with 413', () => {
    const err = appError(() => importFile({ bytes: new Uint8Array(2048).fill(65), filename: 'gross.txt', maxBytes: 1024 }));
    expect(err).toMatchObject({ status: 413, code: 'too_large' });
    expect(err.message).toMatch(/larger than 1024 bytes/);
  });

  it('stops a zip bomb by the bytes it really unpacks to', () => {
    // 64 MiB of zeros compress to about 64 KiB.
    const bomb = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': new Uint8Array(64 * MiB) }, { level: 9 });
    expect(bomb.length).toBeLessThan(MiB);
    const err = appError(() => importFile({ bytes: bomb, filename: 'bombe.odt', maxBytes: 20 * MiB, unzipLimits: { maxEntries: 100, maxTotalBytes: 8 * MiB } }));
    expect(err).toMatchObject({ status: 413, code: 'too_large' });
    expect(err.message).toMatch(/unpacks to more than/);
  });

  it('does not trust the sizes a zip declares', () => {
    const zip = zipSync({ 'content.xml': new Uint8Array(4 * MiB) }, { level: 9 });
    // Claim 10 bytes uncompressed in the local header (offset 22) and in the central directory.
    const view = new DataView(zip.buffer);
    view.setUint32(22, 10, true);
    const central = zip.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 10, true);
    const err = appError(() => unzipBounded(zip, () => true, { maxEntries: 10, maxTotalBytes: MiB }));
    expect(err.status).toBe(413);
  });

  it('refuses archives with too many entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.xml`] = strToU8('<x/>');
    const err = appError(() => unzipBounded(zipSync(files), () => false, { maxEntries: 20, maxTotalBytes: MiB }));
    expect(err).toMatchObject({ status: 413 });
    expect(err.message).toMatch(/more than 20 entries/);
  });

  it('reports damaged and foreign files as malformed (400)', () => {
    const odt = docToOdt(sampleDoc, { title: 'x' });
    expect(appError(() => importFile({ bytes: odt.subarray(0, 200), filename: 'kaputt.odt', maxBytes: MiB }))).toMatchObject({ status: 400 });
    const noContent = zipSync({ 'other.xml': strToU8('<x/>') });
    expect(appError(() => importFile({ bytes: noContent, filename: 'leer.odt', maxBytes: MiB }))).toMatchObject({ status: 400, code: 'malformed_file' });
    expect(appError(() => importFile({ bytes: new Uint8Array(0), filename: 'leer.md', maxBytes: MiB }))).toMatchObject({ status: 400 });
  });

  it('flattens hostile nesting instead of overflowing the stack', () => {
    const deep = '<div>'.repeat(50_000) + 'tief' + '</div>'.repeat(50_000);
    const { doc } = importFile({ bytes: strToU8(deep), filename: 'tief.html', maxBytes: 20 * MiB });
    expect(JSON.stringify(doc)).toContain('tief');
  });
});
