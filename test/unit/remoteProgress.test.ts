import { describe, expect, it } from 'vitest';
import { RemoteProgress } from '../../server/sync/RemoteProgress';

describe('RemoteProgress', () => {
  it('waits until every instance reports what was received from it as stored', async () => {
    const p = new RemoteProgress();
    await p.whenStored();
    p.receivedUpdate('a', 3);
    p.receivedUpdate('b', 1);
    expect(p.outstanding).toBe(true);
    let done = false;
    const waiting = p.whenStored().then(() => { done = true; });
    p.storedUpTo('a', 3);
    await Promise.resolve();
    expect(done).toBe(false);
    // Later updates do not hold back an earlier acknowledgement.
    p.receivedUpdate('b', 5);
    p.storedUpTo('b', 1);
    await waiting;
    expect(p.outstanding).toBe(true);
  });

  it('is confirmed by the store for an instance that never reports again', async () => {
    const p = new RemoteProgress();
    p.receivedUpdate('dead', 7);
    const captured = p.capture();
    p.receivedUpdate('dead', 9);
    const first = p.whenStored();
    p.confirm(captured);
    expect(p.outstanding).toBe(true);
    p.confirm(p.capture());
    await first;
    expect(p.outstanding).toBe(false);
    p.storedUpTo('dead', 2);
    expect(p.outstanding).toBe(false);
  });
});
