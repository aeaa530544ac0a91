import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { PostgresStore } from '../../lib/store/postgres/PostgresStore';
import { emptyDumpCounts, type Store } from '../../lib/store/types';
import { hashApiToken } from '../../lib/auth/apiTokens';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { tempDir } from '../helpers/testApp';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs the admin CLI as an operator would (`npm run cli -- …`), without the npm wrapper. */
function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

async function contentOf(store: Store, docId: string) {
  const s = await store.loadDocState(docId);
  const d = new Y.Doc();
  for (const u of [...(s.snapshot ? [s.snapshot] : []), ...s.updates]) Y.applyUpdate(d, u);
  return {
    text: d.getText('t').toString(),
    content: d.getXmlFragment('content').toString(),
    meta: d.getMap('meta').toJSON(),
    stateVector: Array.from(Y.encodeStateVector(d)),
  };
}

describe('backup and restore through the CLI', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('backs up SQLite and restores on PostgreSQL with every document identical', async () => {
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const sqlite = new SqliteStore({ file: path.join(dir, 'werkraum.sqlite') });
    cleanup.push(() => sqlite.close());

    const anna = await sqlite.createUser({ email: 'anna@kreis.example', name: 'Anna', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def', isAdmin: true });
    const ben = await sqlite.createUser({ email: 'ben@kreis.example', name: 'Ben', passwordHash: null });
    await sqlite.createApiToken({ userId: anna.id, name: 'Fachverfahren', tokenHash: hashApiToken('wrk_backup-test-token-0000000000000000') });
    const docIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `doc-backup-${String(i).padStart(4, '0')}`;
      docIds.push(id);
      await sqlite.createDocument({ id, kind: 'text', title: `Dokument ${i}`, ownerId: i % 2 ? anna.id : ben.id });
      const d = new Y.Doc();
      const pending: Uint8Array[] = [];
      d.on('update', (u: Uint8Array) => pending.push(u));
      d.getMap('meta').set('title', `Dokument ${i}`);
      const frag = d.getXmlFragment('content');
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`Absatz ${i} ` + 'ä'.repeat(i))]);
      frag.insert(0, [p]);
      for (let k = 0; k < 30; k++) d.getText('t').insert(k, String.fromCharCode(97 + ((i + k) % 26)));
      if (i % 3 === 0) d.getText('t').delete(0, 5);
      await sqlite.appendUpdates(pending.map((update) => ({ documentId: id, update, userId: anna.id })));
      // Some documents compacted, some with a log after the snapshot, some log only.
      if (i % 2 === 0) await sqlite.compact(id, (parts) => Y.mergeUpdates(parts));
      if (i % 4 === 0) {
        d.getText('t').insert(0, 'nach Snapshot ');
        await sqlite.appendUpdates(pending.splice(0).slice(-1).map((update) => ({ documentId: id, update, userId: ben.id })));
      }
    }
    await sqlite.setAcl(docIds[1], [{ principal: 'user', principalId: ben.id, role: 'editor' }]);
    const bauamt = await sqlite.createGroup({ name: 'Bauamt', externalName: 'kc-bauamt' });
    await sqlite.setGroupMembers(bauamt.id, [{ userId: ben.id, isHead: true }]);
    await sqlite.setAcl(docIds[4], [{ principal: 'group', principalId: bauamt.id, role: 'commenter' }, { principal: 'everyone', principalId: '', role: 'viewer' }]);
    const link = await sqlite.createShareLink({ documentId: docIds[5], tokenHash: 'link-hash-backup', role: 'editor', expiresAt: null, createdBy: anna.id });
    await sqlite.grantShareLink(link.id, ben.id);
    await sqlite.updateDocument(docIds[2], { deletedAt: Date.now() });
    await sqlite.audit({ actor: anna.id, action: 'document.share', documentId: docIds[1], detail: { userId: ben.id } });
    await sqlite.setSetting('legal.impressum', 'Landkreis Beispiel');
    await sqlite.addFeedback({ message: 'Schrift zu klein', page: '/d/x' });
    const loaded = await sqlite.loadDocState(docIds[3]);
    const version = await sqlite.createVersion({
      documentId: docIds[3], name: 'Entwurf für Kreistag', auto: false, createdBy: anna.id, authors: [anna.id, ben.id],
      state: Y.mergeUpdates([...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates]), attribution: '{"v":1,"marks":{},"deletes":{}}',
    });

    // Online: the SQLite store stays open (as the running server would keep it) during the backup.
    const file = path.join(dir, 'werkraum-backup.jsonl.gz');
    const backup = await cli(['backup', '--out', file], { DATA_DIR: dir });
    expect(JSON.parse(backup.stdout).counts).toEqual({ ...emptyDumpCounts(), user: 2, group: 1, document: 12, shareLink: 1, version: 1, apiToken: 1, audit: 1, setting: 1, feedback: 1 });
    await expect(cli(['backup', '--out', file], { DATA_DIR: dir })).rejects.toMatchObject({ stderr: expect.stringContaining('exists already') });

    const db: TestDatabase = await createTestDatabase();
    cleanup.push(() => db.drop());
    const restored = await cli(['restore', '--in', file], { DATABASE_URL: db.url, DATA_DIR: dir });
    expect(JSON.parse(restored.stdout)).toMatchObject({ store: 'postgres', counts: { user: 2, document: 12 } });

    const pg = await PostgresStore.open({ url: db.url });
    cleanup.push(() => pg.close());
    for (const id of docIds) {
      expect(await contentOf(pg, id), id).toEqual(await contentOf(sqlite, id));
      expect(await pg.getDocument(id)).toEqual(await sqlite.getDocument(id));
      expect(await pg.getAcl(id)).toEqual(await sqlite.getAcl(id));
    }
    expect(await pg.listUsers()).toEqual(await sqlite.listUsers());
    expect((await pg.getUserByEmail('ANNA@kreis.example'))?.passwordHash).toBe(anna.passwordHash);
    expect((await pg.useApiToken(hashApiToken('wrk_backup-test-token-0000000000000000')))?.userId).toBe(anna.id);
    expect(await pg.listDocumentsForUser(ben.id)).toEqual(await sqlite.listDocumentsForUser(ben.id));
    expect(await pg.listGroups()).toEqual(await sqlite.listGroups());
    expect(await pg.listGroupMembers(bauamt.id)).toEqual([{ userId: ben.id, isHead: true }]);
    expect(await pg.findShareLink('link-hash-backup')).toEqual(link);
    for (const id of docIds) for (const u of [anna, ben]) expect(await pg.getRole(id, u.id), `${id} ${u.email}`).toBe(await sqlite.getRole(id, u.id));
    expect((await pg.listAudit({ action: 'document.share' }))[0]).toEqual((await sqlite.listAudit())[0]);
    expect((await pg.listAudit({ action: 'backup.restore' })).length).toBe(1);
    expect(await pg.getSetting('legal.impressum')).toBe('Landkreis Beispiel');
    expect(await pg.listFeedback()).toEqual(await sqlite.listFeedback());
    expect(await pg.listVersions(docIds[3])).toEqual([version]);
    expect(await pg.getVersion(docIds[3], version.id)).toEqual(await sqlite.getVersion(docIds[3], version.id));

    // A second restore into the now filled database is refused with a clear message.
    const again = cli(['restore', '--in', file], { DATABASE_URL: db.url, DATA_DIR: dir });
    await expect(again).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('not empty') });
  });
});
