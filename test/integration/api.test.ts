import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { tempDir, testEnv } from '../helpers/testApp';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitSynced } from '../helpers/collabClient';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The admin CLI exactly as documented: `npm run cli -- …` (here via node --import tsx). */
function cli(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dataDir) },
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('HTTP API v1 and admin CLI (production server)', () => {
  let server: ServerProcess;
  let dataDir: string;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    dataDir = tempDir('werkraum-api-');
    server = await startServerProcess(dataDir);
    expect(cli(dataDir, ['user', 'add', '--email', 'api@kreis.example', '--name', 'API Nutzerin', '--admin'], 'ein-langes-passwort\n').code).toBe(0);
    expect(cli(dataDir, ['user', 'add', '--email', 'other@kreis.example', '--name', 'Otto'], 'noch-ein-passwort\n').code).toBe(0);
    token = cli(dataDir, ['token', 'create', '--user', 'api@kreis.example', '--name', 'tests']).stdout;
    otherToken = cli(dataDir, ['token', 'create', '--user', 'other@kreis.example', '--name', 'tests']).stdout;
    expect(token).toMatch(/^wrk_/);
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, p: string, body?: unknown, t: string | null = token) =>
    fetch(`${server.url}${p}`, {
      method,
      headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('rejects bad CLI input with a clear message', () => {
    const short = cli(dataDir, ['user', 'add', '--email', 'x@kreis.example', '--name', 'X'], 'kurz\n');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/password/i);
    const dup = cli(dataDir, ['user', 'add', '--email', 'api@kreis.example', '--name', 'Dup'], 'ein-langes-passwort\n');
    expect(dup.stderr).toMatch(/already exists/);
    expect(cli(dataDir, ['token', 'create', '--user', 'nobody@kreis.example', '--name', 'x']).code).toBe(1);
  });

  it('creates, lists, reads, renders and deletes documents', async () => {
    const created = await call('POST', '/api/v1/documents', { title: 'Quartalsbericht Q2', kind: 'text' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,}$/);

    const list = (await (await call('GET', '/api/v1/documents')).json()) as { documents: Array<{ id: string; title: string }> };
    expect(list.documents.map((d) => d.title)).toContain('Quartalsbericht Q2');
    const one = (await (await call('GET', `/api/v1/documents/${id}`)).json()) as { id: string; title: string; role: string };
    expect(one).toMatchObject({ id, title: 'Quartalsbericht Q2', role: 'owner' });

    // Write content through a real y-websocket client, then read it back through the API.
    const c = connectClient(server.url.replace('http', 'ws') + '/collab', id, token);
    await waitSynced(c);
    c.doc.transact(() => {
      const frag = c.doc.getXmlFragment('content');
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 1 as never);
      h.insert(0, [new Y.XmlText('Zusammenfassung')]);
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Alles <im> Plan & pünktlich.')]);
      frag.insert(0, [h, p]);
    });
    await c.tracker.whenSaved();
    c.destroy();

    const text = await call('GET', `/api/v1/documents/${id}/content?format=text`);
    expect(text.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await text.text()).toBe('Zusammenfassung\n\nAlles <im> Plan & pünktlich.');
    const html = await (await call('GET', `/api/v1/documents/${id}/content?format=html`)).text();
    expect(html).toContain('<h1>Zusammenfassung</h1>');
    expect(html).toContain('Alles &lt;im&gt; Plan &amp; pünktlich.');

    // Another user has no access.
    expect((await call('GET', `/api/v1/documents/${id}`, undefined, otherToken)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/documents/${id}`, undefined, otherToken)).status).toBe(404);

    const del = await call('DELETE', `/api/v1/documents/${id}`);
    expect(del.status).toBe(200);
    expect((await call('GET', `/api/v1/documents/${id}`)).status).toBe(404);
    const after = (await (await call('GET', '/api/v1/documents')).json()) as { documents: Array<{ id: string }> };
    expect(after.documents.map((d) => d.id)).not.toContain(id);
  });

  it('searches by title, trashes, lists the trash and restores', async () => {
    const make = async (title: string) => ((await (await call('POST', '/api/v1/documents', { title })).json()) as { id: string }).id;
    const a = await make('Protokoll Amtsleiterrunde März');
    await make('Digitalstrategie Entwurf');
    const found = (await (await call('GET', `/api/v1/documents?q=${encodeURIComponent('amtsleiter')}`)).json()) as { documents: Array<{ id: string }> };
    expect(found.documents.map((d) => d.id)).toEqual([a]);

    expect((await call('PATCH', `/api/v1/documents/${a}`, { title: 'Protokoll April' })).status).toBe(200);
    expect(((await (await call('GET', `/api/v1/documents/${a}`)).json()) as { title: string }).title).toBe('Protokoll April');

    await call('DELETE', `/api/v1/documents/${a}`);
    const trash = (await (await call('GET', '/api/v1/documents?trash=1')).json()) as { documents: Array<{ id: string; title: string }> };
    expect(trash.documents.map((d) => d.id)).toContain(a);
    expect(trash.documents.map((d) => d.title)).not.toContain('Digitalstrategie Entwurf');
    expect((await call('POST', `/api/v1/documents/${a}/restore`)).status).toBe(200);
    const back = (await (await call('GET', '/api/v1/documents')).json()) as { documents: Array<{ id: string }> };
    expect(back.documents.map((d) => d.id)).toContain(a);
  });

  it('lets administrators create and disable accounts; a disabled account loses API access', async () => {
    const created = await call('POST', '/api/v1/admin/users', { email: 'neu@kreis.example', name: 'Neu', password: 'ein-gutes-passwort' });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; email: string; isAdmin: boolean; disabled: boolean };
    expect(user).toMatchObject({ email: 'neu@kreis.example', isAdmin: false, disabled: false });
    const list = (await (await call('GET', '/api/v1/admin/users')).json()) as { users: Array<{ email: string }> };
    expect(list.users.map((u) => u.email)).toContain('neu@kreis.example');
    // Non-administrators are refused.
    expect((await call('GET', '/api/v1/admin/users', undefined, otherToken)).status).toBe(403);

    const other = (await (await call('GET', '/api/v1/users/lookup?email=other@kreis.example')).json()) as { id: string };
    expect((await call('PATCH', `/api/v1/admin/users/${other.id}`, { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/v1/documents', undefined, otherToken)).status).toBe(401);
    expect((await call('PATCH', `/api/v1/admin/users/${other.id}`, { disabled: false })).status).toBe(200);
    expect((await call('GET', '/api/v1/documents', undefined, otherToken)).status).toBe(200);
  });

  it('answers errors as JSON with a status', async () => {
    const noAuth = await call('GET', '/api/v1/documents', undefined, null);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual({ error: { code: 'unauthorized', message: 'Authentication required' } });
    expect((await call('GET', '/api/v1/documents', undefined, 'wrk_invalid-token-value-0000000000')).status).toBe(401);

    const badJson = await call('POST', '/api/v1/documents', '{not json');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const badKind = await call('POST', '/api/v1/documents', { title: 'x', kind: 'presentation' });
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { error: { message: string } }).error.message).toMatch(/kind/);
    const badFormat = await call('GET', '/api/v1/documents/doesnotexist1/content?format=exe');
    expect(badFormat.status).toBe(400);
    expect((await call('GET', '/api/v1/documents/doesnotexist1')).status).toBe(404);
  });
});
