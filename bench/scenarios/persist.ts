// persist: acknowledged updates per second through the Persister (group commit, durable
// commits), and the time to compact a 100k-update log. Runs in-process against the store:
// SQLite in a temporary directory, or PostgreSQL in a fresh database next to TEST_DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { PostgresStore } from '../../lib/store/postgres/PostgresStore';
import type { Store } from '../../lib/store/types';
import { createTestDatabase } from '../../test/helpers/postgres';
import { createLogger } from '../../lib/log';
import { Persister, type PersistTarget } from '../../server/sync/Persister';
import { mergeToState } from '../../lib/collab/mergeState';

interface Params { updates: number; compactUpdates: number; store: 'sqlite' | 'postgres' }
const p = JSON.parse(process.argv[2]) as Params;
const dir = mkdtempSync(path.join(tmpdir(), 'werkraum-bench-'));
const database = p.store === 'postgres' ? await createTestDatabase() : null;
const store: Store = database ? await PostgresStore.open({ url: database.url }) : new SqliteStore({ file: path.join(dir, 'bench.sqlite') });
const user = await store.createUser({ email: 'b@x', name: 'b', passwordHash: null });
for (const id of ['persist-doc-1', 'compact-doc-1']) await store.createDocument({ id, kind: 'text', title: id, ownerId: user.id });

function makeUpdates(n: number): Uint8Array[] {
  const d = new Y.Doc();
  const out: Uint8Array[] = [];
  d.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) d.getText('t').insert(i % 50, 'x');
  return out;
}

// Many clients typing: updates arrive spread over event-loop turns, 20 per turn.
const updates = makeUpdates(p.updates);
const persister = new Persister(store, createLogger('error'));
let stored = 0;
const target: PersistTarget = { id: 'persist-doc-1', markStored: (n) => { stored += n; } };
const t0 = performance.now();
for (let i = 0; i < updates.length; i += 20) {
  // Alternate authors so the log keeps one row per update, as with real concurrent users.
  for (let j = i; j < Math.min(i + 20, updates.length); j++) persister.enqueue(target, updates[j], j % 2 ? user.id : null);
  await new Promise((r) => setImmediate(r));
}
await persister.flush();
const seconds = (performance.now() - t0) / 1000;

const many = makeUpdates(p.compactUpdates);
for (let i = 0; i < many.length; i += 5000) {
  await store.appendUpdates(many.slice(i, i + 5000).map((update) => ({ documentId: 'compact-doc-1', update, userId: null })));
}
const c0 = performance.now();
const { merged } = await store.compact('compact-doc-1', mergeToState);
const compactMs = performance.now() - c0;
await store.close();
await database?.drop();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ stored, updatesPerSecond: Math.round(stored / seconds), compactMs, merged }) + '\n');
process.exit(0);
