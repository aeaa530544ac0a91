import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { tempDir, testEnv, createUserWithToken } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(import.meta.dirname, '../..');

function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/syncServerProcess.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dataDir) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
  });
}

describe('durability', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const fn of cleanup.splice(0).reverse()) fn();
  });

  it('keeps an edit acknowledged as saved across kill -9', async () => {
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // Prepare the user, token and document directly in the store before the server starts.
    const store = new SqliteStore({ file: path.join(dataDir, 'werkraum.sqlite') });
    const { user, token } = await createUserWithToken(store, 'crash@kreis.example');
    await store.createDocument({ id: 'crash-test-doc', kind: 'text', title: 'Crash', ownerId: user.id });
    await store.close();

    const first = await startServerProcess(dataDir);
    cleanup.push(() => first.child.kill('SIGKILL'));
    const a: TestClient = connectClient(`ws://127.0.0.1:${first.port}/collab`, 'crash-test-doc', token);
    cleanup.push(() => a.destroy());
    await waitSynced(a);
    for (let i = 0; i < 50; i++) a.text.insert(a.text.length, `Zeile ${i}\n`);
    await a.tracker.whenSaved();
    const expected = a.text.toString();

    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    a.destroy();

    const second = await startServerProcess(dataDir);
    cleanup.push(() => second.child.kill('SIGKILL'));
    const b = connectClient(`ws://127.0.0.1:${second.port}/collab`, 'crash-test-doc', token);
    cleanup.push(() => b.destroy());
    await waitSynced(b);
    await waitFor(() => b.text.length > 0, { what: 'restored content' });
    expect(b.text.toString()).toBe(expected);
  });
});
