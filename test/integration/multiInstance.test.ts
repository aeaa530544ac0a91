import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { PostgresStore } from '../../lib/store/postgres/PostgresStore';
import { createTestDatabase, restartPostgres, waitForPostgres } from '../helpers/postgres';
import { REDIS_URL, startRedis, stopRedis, testRedisPrefix } from '../helpers/redis';
import { startInstance, type InstanceProcess } from '../helpers/instanceProcess';
import { createUserWithToken, tempDir } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

/**
 * Two server processes on two ports sharing one PostgreSQL database and one Redis (with a
 * channel prefix of their own), with real y-websocket clients on each, through outages of
 * Redis, of PostgreSQL, and of one instance.
 */
describe('several instances over PostgreSQL and Redis', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function cluster() {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await PostgresStore.open({ url: db.url });
    cleanup.push(() => store.close());
    const { user, token } = await createUserWithToken(store, 'multi@kreis.example');
    const docId = 'multi-instance-doc';
    await store.createDocument({ id: docId, kind: 'text', title: 'Mehrere Instanzen', ownerId: user.id });
    const env = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: testRedisPrefix(), RESYNC_INTERVAL_MS: '1000' };
    const instances: InstanceProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const inst = await startInstance(dir, env);
      cleanup.push(() => inst.stop());
      instances.push(inst);
    }
    const connect = async (inst: InstanceProcess, doc?: Y.Doc) => {
      const c = connectClient(inst.wsUrl, docId, token, { doc });
      cleanup.push(() => c.destroy());
      await waitSynced(c);
      return c;
    };
    const storedDoc = async () => {
      const s = await store.loadDocState(docId);
      const d = new Y.Doc();
      for (const u of [...(s.snapshot ? [s.snapshot] : []), ...s.updates]) Y.applyUpdate(d, u);
      return d;
    };
    // Both instances must be subscribed before messages can flow between them.
    await Promise.all(instances.map((inst) => waitFor(async () => (await fetch(`${inst.httpUrl}/readyz`)).ok, { what: 'instance ready' })));
    return { store, docId, instances, connect, storedDoc };
  }

  const converged = (clients: TestClient[]) =>
    clients.every((c) => c.text.length > 0 && c.text.toString() === clients[0].text.toString());
  /** True when `doc` holds everything `sv` describes. */
  const covers = (doc: Y.Doc, sv: Map<number, number>) => [...sv].every(([client, clock]) => (Y.getState(doc.store, client) ?? 0) >= clock);

  it('clients on each instance converge, with presence', async () => {
    const { instances, connect } = await cluster();
    const a = await connect(instances[0]);
    const b = await connect(instances[1]);
    a.text.insert(0, 'von A ');
    b.text.insert(0, 'von B ');
    await waitFor(() => a.text.length === 12 && converged([a, b]), { what: 'convergence across processes' });
    b.provider.awareness.setLocalStateField('user', { name: 'Ben' });
    await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID), { what: 'presence across processes' });
  });

  it('converges after Redis is restarted in the middle of editing', async () => {
    const { instances, connect } = await cluster();
    const a = await connect(instances[0]);
    const b = await connect(instances[1]);
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).text.insert(0, `${i};`);
    cleanup.push(() => startRedis());
    stopRedis();
    for (let i = 20; i < 60; i++) (i % 2 ? a : b).text.insert(0, `${i};`);
    await Promise.all([a.tracker.whenSaved(), b.tracker.whenSaved()]);
    await startRedis();
    for (let i = 60; i < 80; i++) (i % 2 ? a : b).text.insert(0, `${i};`);
    await waitFor(() => converged([a, b]) && [...Array(80).keys()].every((i) => a.text.toString().includes(`;${i};`) || a.text.toString().startsWith(`${i};`)), {
      what: 'convergence after the Redis restart',
      timeoutMs: 30_000,
    });
    // Presence flows again, too.
    a.provider.awareness.setLocalStateField('user', { name: 'Anna' });
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: unknown } | undefined)?.user, { what: 'presence after the restart', timeoutMs: 30_000 });
  }, 120_000);

  it('keeps every edit acknowledged as saved when an instance is killed, and its clients move on', async () => {
    const { instances, connect, storedDoc } = await cluster();
    const a = await connect(instances[0]);
    const b = await connect(instances[1]);
    for (let i = 0; i < 100; i++) a.text.insert(a.text.length, `a${i} `);
    b.text.insert(0, 'b ');
    // Both users' saves: a's acknowledgement covers what a sent, and b's edit may reach a
    // (relayed before instance 1 stored it) before a's acknowledgement does.
    await Promise.all([a.tracker.whenSaved(), b.tracker.whenSaved()]);
    const acknowledged = Y.decodeStateVector(Y.encodeStateVector(a.doc));
    // More edits in flight while the instance dies.
    for (let i = 100; i < 120; i++) a.text.insert(a.text.length, `a${i} `);
    await instances[0].kill();

    expect(covers(await storedDoc(), acknowledged)).toBe(true);

    // The client moves to the surviving instance with its state, as behind a load balancer.
    a.tracker.destroy();
    a.provider.destroy();
    const moved = await connect(instances[1], a.doc);
    moved.text.insert(moved.text.length, 'danach');
    await moved.tracker.whenSaved();
    await waitFor(() => converged([moved, b]) && moved.text.toString().endsWith('danach'), { what: 'convergence on the survivor' });
    const stored = await storedDoc();
    expect(covers(stored, Y.decodeStateVector(Y.encodeStateVector(moved.doc)))).toBe(true);
    expect(stored.getText('t').toString()).toBe(moved.text.toString());
  }, 120_000);

  it('loses no acknowledged edit when PostgreSQL restarts mid-edit, and recovers without a restart', async () => {
    const { instances, connect, storedDoc } = await cluster();
    const a = await connect(instances[0]);
    const b = await connect(instances[1]);
    cleanup.push(() => waitForPostgres());
    let typing = true;
    let n = 0;
    // Two users take turns; each edit waits until the other user has it (relayed through Redis).
    const typist = (async () => {
      while (typing) {
        const [author, reader] = n % 2 ? [a, b] : [b, a];
        const mark = `${n++};`;
        author.text.insert(0, mark);
        await waitFor(() => reader.text.toString().startsWith(mark), { what: 'the edit at the other instance' });
      }
    })();
    await waitFor(() => n > 20, { what: 'edits before the restart' });
    await restartPostgres();
    await waitFor(() => n > 60, { what: 'edits after the restart' });
    typing = false;
    await typist;
    await Promise.all([a.tracker.whenSaved(), b.tracker.whenSaved()]);
    await waitFor(() => converged([a, b]), { what: 'convergence after the PostgreSQL restart', timeoutMs: 30_000 });
    const stored = await storedDoc();
    for (const c of [a, b]) expect(covers(stored, Y.decodeStateVector(Y.encodeStateVector(c.doc)))).toBe(true);
    expect(stored.getText('t').toString()).toBe(a.text.toString());
    // The processes lived through it and are ready again.
    for (const inst of instances) {
      expect(inst.child.exitCode).toBeNull();
      await waitFor(async () => (await fetch(`${inst.httpUrl}/readyz`)).ok, { what: 'ready after the restart' });
    }
  }, 180_000);
});
