import { afterEach, describe, expect, it } from 'vitest';
import { createDocument, setAcl } from '../../lib/documents/service';
import { CloseCode, CloseReason } from '../../lib/collab/protocol';
import { createUserWithToken } from '../helpers/testApp';
import { connectClient, waitSynced } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { startInstances } from '../helpers/instances';

/** A permission change made through one instance reaches the connections held by another. */
describe('access changes across instances', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('revokes and downgrades connections on the other instance at once', async () => {
    // A long recheck interval: only the fan-out message can make this fast.
    const { store, apps } = await startInstances(cleanup, { env: { ACCESS_RECHECK_MS: '600000' } });
    const owner = await createUserWithToken(store, 'owner@kreis.example', 'Olga');
    const editor = await createUserWithToken(store, 'editor@kreis.example', 'Erik');
    const guest = await createUserWithToken(store, 'guest@kreis.example', 'Gina');
    const principal = { user: owner.user, via: 'token' as const };
    const docId = (await createDocument(apps[0].services, principal, { title: 'Verteilt', kind: 'text' })).id;
    await setAcl(apps[0].services, principal, docId, {
      entries: [
        { principal: 'user', id: editor.user.id, role: 'editor' },
        { principal: 'user', id: guest.user.id, role: 'viewer' },
      ],
    });
    const url = (i: number) => `ws://127.0.0.1:${apps[i].port}/collab`;
    const o = connectClient(url(0), docId, owner.token);
    const e = connectClient(url(1), docId, editor.token);
    cleanup.push(() => [o, e].forEach((c) => c.destroy()));
    await Promise.all([waitSynced(o), waitSynced(e)]);
    // Joined after the editor: instance 1 re-checks the editor first, so once the guest is
    // closed the editor's downgrade is in place too.
    const g = connectClient(url(1), docId, guest.token);
    cleanup.push(() => g.destroy());
    await waitSynced(g);
    e.text.insert(0, 'vorher ');
    await waitFor(() => o.text.toString() === 'vorher ', { what: 'edit across instances' });

    // On instance 0: the guest loses access, the editor becomes a viewer.
    const changedAt = Date.now();
    await setAcl(apps[0].services, principal, docId, { entries: [{ principal: 'user', id: editor.user.id, role: 'viewer' }] });
    await waitFor(() => g.closes.some((c) => c.code === CloseCode.Forbidden && c.reason === CloseReason.AccessRevoked), { what: 'guest closed on instance 1', timeoutMs: 1000 });
    expect(Date.now() - changedAt).toBeLessThan(1000);
    // The downgraded editor's next change is not applied anywhere.
    e.text.insert(0, 'NACHHER ');
    o.text.insert(o.text.length, 'echt');
    await waitFor(() => e.text.toString().endsWith('echt'), { what: 'viewer still receives' });
    expect(o.text.toString()).toBe('vorher echt');
  });
});
