import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { encode } from 'next-auth/jwt';
import { can, type DocumentAction } from '../../lib/access/roles';
import type { DocumentRole } from '../../lib/store/types';
import { tempDir, testEnv } from '../helpers/testApp';
import { createFirstAdmin, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'access-matrix-secret-0123456789-abcdefghij';

type Principal = 'user' | 'group' | 'everyone' | 'link';
type Role = DocumentRole | null;

/** Every principal kind with every role it can carry; null = no grant at all. */
const CASES: Array<{ principal: Principal; role: Role }> = [
  { principal: 'user', role: null },
  ...(['viewer', 'commenter', 'editor', 'owner'] as const).map((role) => ({ principal: 'user' as const, role })),
  ...(['viewer', 'commenter', 'editor', 'owner'] as const).map((role) => ({ principal: 'group' as const, role })),
  ...(['viewer', 'commenter', 'editor'] as const).map((role) => ({ principal: 'everyone' as const, role })),
  ...(['viewer', 'editor'] as const).map((role) => ({ principal: 'link' as const, role })),
];

function cliToken(dataDir: string, email: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'token', 'create', '--user', email, '--name', 'matrix'], {
    cwd: ROOT, env: { ...process.env, ...testEnv(dataDir) }, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe('access matrix: every role × action for user, group, everyone and link principals', () => {
  let server: ServerProcess;
  let dataDir: string;
  let ownerToken: string;
  let subjectToken: string;
  let subjectId: string;
  let cookie: string;
  let groupId: string;
  const clients: TestClient[] = [];

  const api = (token: string, method: string, url: string, body?: unknown) =>
    fetch(`${server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      redirect: 'manual',
    });

  beforeAll(async () => {
    dataDir = tempDir('werkraum-matrix-');
    server = await startServerProcess(dataDir, { NEXTAUTH_SECRET: SECRET });
    await createFirstAdmin(server, { name: 'Olga Owner', email: 'owner@kreis.example', password: 'ein-langes-passwort' });
    ownerToken = cliToken(dataDir, 'owner@kreis.example');
    const created = await api(ownerToken, 'POST', '/api/v1/admin/users', { email: 'sam@kreis.example', name: 'Sam Subject', password: 'noch-ein-passwort' });
    expect(created.status).toBe(201);
    subjectId = ((await created.json()) as { id: string }).id;
    subjectToken = cliToken(dataDir, 'sam@kreis.example');
    const group = await api(ownerToken, 'POST', '/api/v1/admin/groups', { name: 'Bauamt', members: [{ userId: subjectId, isHead: false }] });
    expect(group.status).toBe(201);
    groupId = ((await group.json()) as { id: string }).id;
    const jwt = await encode({ token: { uid: subjectId, sub: subjectId }, secret: SECRET });
    cookie = `next-auth.session-token=${jwt}`;
  }, 300_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    expect(await server.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh document owned by the owner, on which the subject holds exactly `role` through `principal`. */
  async function grant(principal: Principal, role: Role): Promise<{ id: string; entries: unknown[] }> {
    const res = await api(ownerToken, 'POST', '/api/v1/documents', { title: `${principal} ${role}`, kind: 'text' });
    const id = ((await res.json()) as { id: string }).id;
    if (role === null) return { id, entries: [] };
    if (principal === 'link') {
      const link = await api(ownerToken, 'POST', `/api/v1/documents/${id}/links`, { role });
      const { url } = (await link.json()) as { url: string };
      const token = url.split('/l/')[1];
      expect((await api(subjectToken, 'POST', '/api/v1/links/redeem', { token })).status).toBe(200);
      return { id, entries: [] };
    }
    const entry = principal === 'everyone' ? { principal, role } : { principal, id: principal === 'user' ? subjectId : groupId, role };
    expect((await api(ownerToken, 'PUT', `/api/v1/documents/${id}/acl`, { entries: [entry] })).status).toBe(200);
    return { id, entries: [entry] };
  }

  async function canEditLive(id: string, role: Role): Promise<boolean> {
    if (role === null) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${id}?token=${subjectToken}`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => { ws.close(); resolve(101); });
        ws.on('error', () => undefined);
      });
      expect(status).toBe(403);
      return false;
    }
    const wsUrl = `${server.url.replace('http', 'ws')}/collab`;
    const subject = connectClient(wsUrl, id, subjectToken);
    const owner = connectClient(wsUrl, id, ownerToken);
    clients.push(subject, owner);
    await Promise.all([waitSynced(subject), waitSynced(owner)]);
    subject.doc.getText('probe').insert(0, 'subject');
    owner.doc.getText('marker').insert(0, 'owner');
    await owner.tracker.whenSaved();
    // The subject receives the owner's marker, so anything it sent earlier has been handled.
    await waitFor(() => subject.doc.getText('marker').toString() === 'owner', { what: 'marker relayed' });
    await subject.tracker.whenSaved().catch(() => undefined);
    const fresh = connectClient(wsUrl, id, ownerToken);
    clients.push(fresh);
    await waitSynced(fresh);
    return fresh.doc.getText('probe').toString() === 'subject';
  }

  it.each(CASES)('$principal with role $role', async ({ principal, role }) => {
    const { id, entries } = await grant(principal, role);
    const page = await fetch(`${server.url}/d/${id}`, { headers: { cookie }, redirect: 'manual' });
    const apiRead = await api(subjectToken, 'GET', `/api/v1/documents/${id}`);
    const comment = await api(subjectToken, 'POST', `/api/v1/documents/${id}/comments`, { anchor: { start: 'x', end: 'x' }, body: 'Hallo' });
    const edit = await canEditLive(id, role);
    // Sharing the same list again: allowed or not, the grants stay as they were.
    const share = await api(subjectToken, 'PUT', `/api/v1/documents/${id}/acl`, { entries });
    const del = await api(subjectToken, 'DELETE', `/api/v1/documents/${id}`);
    const row = {
      page: page.status === 200,
      api: apiRead.status === 200,
      read: page.status === 200 && apiRead.status === 200,
      edit,
      comment: comment.status === 400 && ((await comment.json()) as { error: { code: string } }).error.code === 'invalid_anchor',
      share: share.status === 200,
      delete: del.status === 200,
    };
    const expected = (action: DocumentAction) => can(role, action);
    expect(row).toEqual({
      page: expected('read'), api: expected('read'), read: expected('read'), edit: expected('edit'),
      comment: expected('comment'), share: expected('share'), delete: expected('delete'),
    });
    if (role === null) {
      expect(page.status).toBe(404);
      expect(apiRead.status).toBe(404);
    }
  }, 60_000);
});
