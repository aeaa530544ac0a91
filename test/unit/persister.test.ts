import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Persister, type PersistTarget } from '../../server/sync/Persister';
import { createLogger } from '../../lib/log';
import type { Store, StoredUpdate } from '../../lib/store/types';
import { waitFor } from '../helpers/waitFor';

function updates(n: number): Uint8Array[] {
  const d = new Y.Doc();
  const out: Uint8Array[] = [];
  d.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) d.getText('t').insert(i, 'x');
  return out;
}

describe('Persister (group commit)', () => {
  it('retries a failed write, logs it, and reports storage only after success', async () => {
    const stored: StoredUpdate[][] = [];
    let failures = 2;
    const store = {
      appendUpdates: vi.fn(async (batch: StoredUpdate[]) => {
        if (failures-- > 0) throw new Error('disk full');
        stored.push(batch);
      }),
    } as unknown as Store;
    const logger = createLogger('silent');
    const errors = vi.spyOn(logger, 'error');
    const persister = new Persister(store, logger);
    let storedCount = 0;
    const target: PersistTarget = { id: 'doc-1', markStored: (n) => { storedCount += n; } };

    for (const u of updates(3)) persister.enqueue(target, u, 'u1');
    expect(persister.hasPending('doc-1')).toBe(true);
    await waitFor(() => stored.length === 1, { what: 'eventual store' });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(storedCount).toBe(3);
    expect(persister.hasPending('doc-1')).toBe(false);
    // Consecutive updates of one author were merged into one row.
    expect(stored[0]).toHaveLength(1);
    const check = new Y.Doc();
    Y.applyUpdate(check, stored[0][0].update);
    expect(check.getText('t').toString()).toBe('xxx');
    await persister.flush();
  });

  it('batches updates from one event-loop turn into one transaction', async () => {
    const calls: number[] = [];
    const store = { appendUpdates: async (b: StoredUpdate[]) => void calls.push(b.length) } as unknown as Store;
    const persister = new Persister(store, createLogger('silent'));
    const a: PersistTarget = { id: 'a', markStored: () => {} };
    const b: PersistTarget = { id: 'b', markStored: () => {} };
    const [u1, u2] = updates(2);
    persister.enqueue(a, u1, 'x');
    persister.enqueue(b, u2, 'y');
    persister.enqueue(a, u1, 'y');
    await persister.flush();
    expect(calls).toEqual([3]);
  });

  it('writes a lone update at once and lets updates within the commit spacing share the next commit', async () => {
    const calls: number[] = [];
    const store = { appendUpdates: async (b: StoredUpdate[]) => void calls.push(b.length) } as unknown as Store;
    const persister = new Persister(store, createLogger('silent'), undefined, 300);
    const a: PersistTarget = { id: 'a', markStored: () => {} };
    const b: PersistTarget = { id: 'b', markStored: () => {} };
    const [u1, u2, u3] = updates(3);
    persister.enqueue(a, u1, 'x');
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    await turn();
    // Nothing was written before: no waiting.
    expect(calls).toEqual([1]);
    persister.enqueue(a, u2, 'x');
    for (let i = 0; i < 5; i++) await turn();
    expect(calls).toEqual([1]);
    expect(persister.hasPending('a')).toBe(true);
    persister.enqueue(b, u3, 'y');
    await persister.flush();
    expect(calls).toEqual([1, 2]);
  });

  it('keeps one failing document from holding back the others, and keeps its order', async () => {
    const stored: StoredUpdate[] = [];
    let poisoned = true;
    const store = {
      appendUpdates: async (batch: StoredUpdate[]) => {
        if (poisoned && batch.some((u) => u.documentId === 'bad')) throw new Error('constraint');
        stored.push(...batch);
      },
    } as unknown as Store;
    const persister = new Persister(store, createLogger('silent'));
    const counts: Record<string, number> = { good: 0, bad: 0 };
    const good: PersistTarget = { id: 'good', markStored: (n) => { counts.good += n; } };
    const bad: PersistTarget = { id: 'bad', markStored: (n) => { counts.bad += n; } };
    const us = updates(4);
    persister.enqueue(bad, us[0], 'x');
    persister.enqueue(good, us[1], 'x');
    await waitFor(() => counts.good === 1, { what: 'good document stored' });
    // Later updates of the failing document wait behind its first one.
    persister.enqueue(bad, us[2], 'y');
    persister.enqueue(good, us[3], 'y');
    await waitFor(() => counts.good === 2, { what: 'good document keeps flowing' });
    expect(counts.bad).toBe(0);
    expect(persister.hasPending('bad')).toBe(true);
    poisoned = false;
    await persister.flush();
    expect(counts.bad).toBe(2);
    const badRows = stored.filter((u) => u.documentId === 'bad').map((u) => u.userId);
    expect(badRows).toEqual(['x', 'y']);
  });
});
