import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { BackupFormatError, decodeBackup, encodeEnd, encodeHeader, encodeRecord } from '../../server/backup/format';
import { createBackup, restoreBackup } from '../../server/backup/backup';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { emptyDumpCounts, type DumpRecord } from '../../lib/store/types';
import { tempDir } from '../helpers/testApp';

async function* from(lines: string[]) {
  yield* lines;
}
async function collect(it: AsyncIterable<DumpRecord>) {
  const out: DumpRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const doc = new Y.Doc();
doc.getText('t').insert(0, 'Digitalstrategie');
const state = Y.encodeStateAsUpdate(doc);

const records: DumpRecord[] = [
  { type: 'user', user: { id: 'u1', email: 'Anna@Kreis.example', name: 'Anna', passwordHash: '$argon2id$v=19$x', oidcSubject: null, isAdmin: true, disabled: false, createdAt: 1, deletedAt: null } },
  {
    type: 'document',
    document: { id: 'doc-00000001', kind: 'text', title: 'Strategie', ownerId: 'u1', templateId: null, createdAt: 2, updatedAt: 3, lastEditorId: 'u1', deletedAt: null },
    acl: [{ principal: 'user', principalId: 'u1', role: 'viewer' }],
    state: [state],
  },
  {
    type: 'document',
    document: { id: 'doc-00000002', kind: 'text', title: 'Leer', ownerId: 'u1', templateId: null, createdAt: 2, updatedAt: 3, lastEditorId: null, deletedAt: 5 },
    acl: [],
    state: [],
  },
  {
    type: 'version',
    version: { id: 'v1', documentId: 'doc-00000001', name: 'Entwurf', auto: false, createdBy: 'u1', createdAt: 4, authors: ['u1'], state, attribution: '{"v":1}' },
  },
  { type: 'apiToken', token: { id: 't1', userId: 'u1', name: 'CI', tokenHash: 'ab'.repeat(32), scopes: [], createdAt: 4, expiresAt: null, lastUsedAt: 9 } },
  { type: 'audit', entry: { id: 7, at: 5, actor: 'u1', action: 'document.create', documentId: 'doc-00000001', detail: { title: 'Strategie', nested: { a: [1] } } } },
  { type: 'setting', setting: { key: 'legal.impressum', value: 'Kreis', updatedAt: 6 } },
  { type: 'feedback', entry: { id: 3, at: 7, name: null, email: null, message: 'gut', page: '/' } },
];
const counts = { ...emptyDumpCounts(), user: 1, document: 2, version: 1, apiToken: 1, audit: 1, setting: 1, feedback: 1 };
const lines = () => [encodeHeader('sqlite', 10), ...records.map(encodeRecord), encodeEnd(counts)];

describe('backup format', () => {
  it('round-trips every record type, with binary states as base64', async () => {
    expect(await collect(decodeBackup(from(lines())))).toEqual(records);
    expect(JSON.parse(lines()[2]).state).toBe(Buffer.from(state).toString('base64'));
  });

  it('reads files written before versions existed', async () => {
    const old = lines().filter((l) => !l.startsWith('{"type":"version"'));
    old[old.length - 1] = old[old.length - 1].replace('"version":1,', '');
    expect(old[old.length - 1]).not.toContain('version');
    expect((await collect(decodeBackup(from(old)))).filter((r) => r.type === 'version')).toEqual([]);
  });

  it('refuses foreign, newer, corrupt and incomplete files', async () => {
    const fails = (l: string[]) => expect(collect(decodeBackup(from(l)))).rejects.toBeInstanceOf(BackupFormatError);
    await fails([]);
    await fails(['{"hello":1}']);
    await fails([JSON.stringify({ ...JSON.parse(encodeHeader('sqlite')), version: 2 }), encodeEnd(emptyDumpCounts())]);
    await fails(lines().slice(0, -1));
    await fails([...lines().slice(0, 3), ...lines().slice(4)]);
    await fails([...lines().slice(0, 2), '{"type":"user","user":{"id":"x"}}', ...lines().slice(2)]);
    await fails([...lines().slice(0, 2), 'not json', ...lines().slice(2)]);
    await fails([...lines(), encodeRecord(records[5])]);
    expect(() => encodeRecord({ ...(records[1] as Extract<DumpRecord, { type: 'document' }>), state: [state, state] })).toThrow();
  });
});

describe('backup files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes a gzip file that restores into an empty store, merging each document into one state', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const source = new SqliteStore({ file: path.join(dir, 'a.sqlite') });
    const target = new SqliteStore({ file: path.join(dir, 'b.sqlite') });
    try {
      await source.restore((async function* () { yield* records; })());
      const d = new Y.Doc();
      Y.applyUpdate(d, state);
      const appends: Promise<void>[] = [];
      d.on('update', (u: Uint8Array) => appends.push(source.appendUpdates([{ documentId: 'doc-00000001', update: u, userId: 'u1' }])));
      d.getText('t').insert(0, 'Neu: ');
      await Promise.all(appends);
      const file = path.join(dir, 'backup.jsonl.gz');
      expect(await createBackup(source, file)).toEqual(counts);
      expect(await restoreBackup(target, file)).toEqual(counts);
      const restored = await collect(target.dump());
      const doc1 = restored.find((r) => r.type === 'document' && r.document.id === 'doc-00000001') as Extract<DumpRecord, { type: 'document' }>;
      expect(doc1.state).toHaveLength(1);
      const check = new Y.Doc();
      Y.applyUpdate(check, doc1.state[0]);
      expect(check.getText('t').toString()).toBe('Neu: Digitalstrategie');
      await expect(restoreBackup(target, file)).rejects.toThrow(/not empty/);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('reports a missing or corrupt file and leaves the store empty', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const target = new SqliteStore({ file: path.join(dir, 'b.sqlite') });
    try {
      await expect(restoreBackup(target, path.join(dir, 'missing.gz'))).rejects.toThrow(/ENOENT/);
      writeFileSync(path.join(dir, 'plain.gz'), 'not gzip at all');
      await expect(restoreBackup(target, path.join(dir, 'plain.gz'))).rejects.toThrow();
      writeFileSync(path.join(dir, 'cut.gz'), gzipSync(lines().slice(0, 3).join('\n')));
      await expect(restoreBackup(target, path.join(dir, 'cut.gz'))).rejects.toBeInstanceOf(BackupFormatError);
      expect(await target.isEmpty()).toBe(true);
    } finally {
      await target.close();
    }
  });
});
