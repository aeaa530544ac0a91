import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { mergeToState } from '../../lib/collab/mergeState';
import { emptyDumpCounts, type DumpCounts, type Store } from '../../lib/store/types';
import { decodeBackup, encodeEnd, encodeHeader, encodeRecord } from './format';

/**
 * Writes a consistent online backup of the whole store to `file` (see format.ts). It is
 * written to `<file>.partial` first and renamed at the end, so a file with the final name is
 * always complete.
 */
export async function createBackup(store: Store, file: string): Promise<DumpCounts> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  const counts = emptyDumpCounts();
  const write = async (line: string) => {
    if (!gzip.write(line + '\n')) await once(gzip, 'drain');
  };
  try {
    await write(encodeHeader(store.kind));
    for await (const record of store.dump()) {
      counts[record.type]++;
      // One merged update per document: smaller, and independent of how the log was compacted.
      await write(encodeRecord(record.type === 'document' && record.state.length > 1 ? { ...record, state: [mergeToState(record.state)] } : record));
    }
    await write(encodeEnd(counts));
    gzip.end();
    await written;
    renameSync(partial, file);
    return counts;
  } catch (err) {
    gzip.destroy();
    await written.catch(() => undefined);
    rmSync(partial, { force: true });
    throw err;
  }
}

/** Loads a backup file into an empty store in one transaction (Store.restore refuses a non-empty one). */
export async function restoreBackup(store: Store, file: string): Promise<DumpCounts> {
  const raw = createReadStream(file);
  const input = createGunzip();
  // pipe() does not pass errors on: a missing or corrupt file must end the restore with its error.
  raw.on('error', (err) => input.destroy(err));
  raw.pipe(input);
  const lines = createInterface({ input, crlfDelay: Infinity });
  // Take the iterator now: readline emits lines from the start, and an iterator taken only
  // once the store has opened its transaction would have missed the first ones.
  const iterator = lines[Symbol.asyncIterator]();
  try {
    return await store.restore(decodeBackup({ [Symbol.asyncIterator]: () => iterator }));
  } finally {
    lines.close();
    raw.destroy();
    input.destroy();
  }
}
