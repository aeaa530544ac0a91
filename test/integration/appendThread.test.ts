import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { AppendError, AppendThread } from '../../lib/store/sqlite/appendThread';
import { tempDir } from '../helpers/testApp';

describe('SQLite appends on their own thread', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function setUp() {
    const dir = tempDir('werkraum-append-');
    const file = path.join(dir, 'store.sqlite');
    const store = new SqliteStore({ file });
    const owner = await store.createUser({ email: 'a@example.org', name: 'A', passwordHash: null });
    const doc = await store.createDocument({ id: 'append-thread-doc', kind: 'text', title: 'T', ownerId: owner.id });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { file, store, owner, doc };
  }

  it('commits before it answers: the main connection reads what was appended', async () => {
    const { store, owner, doc } = await setUp();
    await store.appendUpdates([
      { documentId: doc.id, userId: owner.id, update: new Uint8Array([1, 2, 3]) },
      { documentId: doc.id, userId: null, update: new Uint8Array([4]) },
    ]);
    const state = await store.loadDocState(doc.id);
    expect(state.updates.map((u) => [...u])).toEqual([[1, 2, 3], [4]]);
    expect((await store.getDocument(doc.id))?.lastEditorId).toBe(owner.id);
  });

  it("stores versions on its thread: read at once from the main connection, the caller's bytes left as they were", async () => {
    const { store, owner, doc } = await setUp();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const version = await store.createVersion({ documentId: doc.id, name: 'Entwurf', auto: false, createdBy: owner.id, authors: [owner.id], state: bytes.subarray(1, 3), attribution: '{"v":1}' });
    expect(version).toMatchObject({ documentId: doc.id, name: 'Entwurf', auto: false, createdBy: owner.id, authors: [owner.id] });
    expect(await store.listVersions(doc.id)).toEqual([version]);
    const stored = (await store.getVersion(doc.id, version.id))!;
    expect([...stored.state]).toEqual([2, 3]);
    expect(stored.attribution).toBe('{"v":1}');
    expect([...bytes]).toEqual([1, 2, 3, 4]);
    const refused = store.createVersion({ documentId: 'no-such-document', name: null, auto: true, createdBy: null, authors: [], state: new Uint8Array([0]), attribution: '{}' });
    await expect(refused).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(await store.listVersions(doc.id)).toHaveLength(1);
  });

  it('rejects a batch SQLite refuses, stores nothing of it, and goes on with the next', async () => {
    const { file, store, doc } = await setUp();
    const thread = new AppendThread(file);
    cleanups.unshift(() => thread.close());
    const refused = thread.append([
      { documentId: doc.id, userId: null, update: new Uint8Array([9]) },
      { documentId: 'no-such-document', userId: null, update: new Uint8Array([1]) },
    ]);
    await expect(refused).rejects.toBeInstanceOf(AppendError);
    await expect(refused).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect((await store.loadDocState(doc.id)).updates).toHaveLength(0);
    await thread.append([{ documentId: doc.id, userId: null, update: new Uint8Array([7]) }]);
    expect((await store.loadDocState(doc.id)).updates.map((u) => [...u])).toEqual([[7]]);
  });

  it('fails what a dead thread held and starts a new one for the next batch', async () => {
    const { file, store, doc } = await setUp();
    const thread = new AppendThread(file);
    cleanups.unshift(() => thread.close());
    const worker = thread.start();
    const pending = thread.append([{ documentId: doc.id, userId: null, update: new Uint8Array([5]) }]);
    await worker.terminate();
    // Either it committed before the thread died, or the batch is failed for the caller to retry.
    const outcome = await pending.then(() => 'stored', () => 'failed');
    const stored = (await store.loadDocState(doc.id)).updates.length;
    expect(outcome === 'stored' ? stored === 1 : stored === 0).toBe(true);
    await thread.append([{ documentId: doc.id, userId: null, update: new Uint8Array([6]) }]);
    expect((await store.loadDocState(doc.id)).updates.at(-1)).toEqual(new Uint8Array([6]));
  });
});
