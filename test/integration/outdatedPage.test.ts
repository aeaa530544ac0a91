import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_PARAM, CloseCode } from '../../lib/collab/protocol';
import { createDocument } from '../../lib/documents/service';
import { startTestApp, createUserWithToken, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

const SERVER_BUILD = '1796000000000-5e7e7e';

describe('pages of another build', () => {
  let app: TestApp;
  let token: string;
  let docId: string;
  const clients: TestClient[] = [];
  const page = (build?: string) => {
    const c = connectClient(app.wsUrl, docId, token, { params: build === undefined ? {} : { [BUILD_PARAM]: build } });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    app = await startTestApp({ buildId: SERVER_BUILD });
    const owner = await createUserWithToken(app.services.store, 'olga@kreis.example', 'Olga Owner');
    token = owner.token;
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Strategie', kind: 'text' })).id;
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await app.dispose();
  });

  it('closes a page built before the server with its own code, before it syncs or writes anything', async () => {
    const old = page('1795000000000-01d01d');
    old.text.insert(0, 'aus der alten Seite');
    await waitFor(() => old.closes.some((e) => e.code === CloseCode.Outdated), { what: 'outdated close' });
    expect(old.provider.synced).toBe(false);
    // A current page sees nothing of it.
    const current = page(SERVER_BUILD);
    await waitSynced(current);
    expect(current.text.toString()).toBe('');
    expect(current.closes).toEqual([]);
  });

  it('serves pages of the same or a newer build (a rolling upgrade), and clients that name none', async () => {
    const newer = page('1797000000000-0e10e1');
    const plain = page();
    const odd = page('not-a-build');
    await Promise.all([newer, plain, odd].map(waitSynced));
    newer.text.insert(0, 'neu ');
    await newer.tracker.whenSaved();
    await waitFor(() => plain.text.toString() === 'neu ' && odd.text.toString() === 'neu ', { what: 'edit relayed' });
    expect([...newer.closes, ...plain.closes, ...odd.closes]).toEqual([]);
  });
});
