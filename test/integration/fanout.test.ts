import { afterEach, describe, it } from 'vitest';
import * as Y from 'yjs';
import type { Store } from '../../lib/store/types';
import { createDocument } from '../../lib/documents/service';
import { createUserWithToken } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { startInstances } from '../helpers/instances';

/**
 * Two instances in one process on one SQLite store, joined by an in-process bus: the same
 * fan-out and resync code as with Redis, with message loss under the test's control.
 */
describe('fan-out between instances', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(opts: { resyncIntervalMs?: number; storeFor?: (store: Store, i: number) => Store } = {}) {
    const { store, bus, apps } = await startInstances(cleanup, {
      env: { RESYNC_INTERVAL_MS: String(opts.resyncIntervalMs ?? 60_000) },
      storeFor: opts.storeFor,
    });
    const { user, token } = await createUserWithToken(store, 'fan@kreis.example');
    const docId = (await createDocument(apps[1].services, { user, via: 'token' }, { title: 'Fan-out', kind: 'text' })).id;
    const client = async (i: number) => {
      const c = connectClient(`ws://127.0.0.1:${apps[i].port}/collab`, docId, token);
      cleanup.push(() => c.destroy());
      await waitSynced(c);
      return c;
    };
    return { store, bus, apps, docId, client };
  }

  const same = (a: TestClient, b: TestClient) => a.text.toString() === b.text.toString() && a.text.length > 0;

  it('relays updates and presence to the clients of the other instance', async () => {
    const { client } = await setup();
    const a = await client(0);
    const b = await client(1);
    a.text.insert(0, 'Hallo ');
    b.text.insert(0, 'Welt ');
    await waitFor(() => a.text.length === 11 && same(a, b), { what: 'convergence across instances' });
    a.provider.awareness.setLocalStateField('user', { name: 'Anna' });
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Anna', {
      what: 'presence across instances',
    });
    // Presence of clients already connected elsewhere reaches a client that joins later.
    const late = await client(1);
    await waitFor(() => late.provider.awareness.getStates().has(a.doc.clientID), { what: 'presence for a late joiner' });
  });

  it('converges through the store after messages were lost, on reconnect and periodically', async () => {
    const { bus, client } = await setup({ resyncIntervalMs: 300 });
    const a = await client(0);
    const b = await client(1);
    bus.connected = false;
    a.text.insert(0, 'verloren A ');
    b.text.insert(0, 'verloren B ');
    await Promise.all([a.tracker.whenSaved(), b.tracker.whenSaved()]);
    // The periodic resync alone brings the edits across while the bus is still down.
    await waitFor(() => a.text.length === 22 && same(a, b), { what: 'periodic resync' });
    a.text.insert(0, 'nach Ausfall ');
    await a.tracker.whenSaved();
    bus.reconnect();
    await waitFor(() => same(a, b), { what: 'resync after reconnect' });
  });

  it('stores what an instance relayed but never stored', async () => {
    let failing = true;
    const { store, docId, client } = await setup({
      resyncIntervalMs: 200,
      // Instance 0 cannot write: its clients' edits reach instance 1 only through the bus.
      storeFor: (s, i) =>
        i === 1
          ? s
          : new Proxy(s, {
              get(target, prop, receiver) {
                if (prop === 'appendUpdates' && failing) return async () => { throw new Error('disk full'); };
                return Reflect.get(target, prop, receiver);
              },
            }),
    });
    cleanup.push(() => { failing = false; });
    const a = await client(0);
    const b = await client(1);
    a.text.insert(0, 'nur im Speicher');
    await waitFor(() => b.text.toString() === 'nur im Speicher', { what: 'relay' });
    const storedText = async () => {
      const s = await store.loadDocState(docId);
      const d = new Y.Doc();
      for (const u of [...(s.snapshot ? [s.snapshot] : []), ...s.updates]) Y.applyUpdate(d, u);
      return d.getText('t').toString();
    };
    await waitFor(async () => (await storedText()) === 'nur im Speicher', { what: 'orphaned change stored by the other instance' });
  });
});
