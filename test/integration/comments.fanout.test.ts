import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, replaceContent } from '../../lib/documents/service';
import { createThread } from '../../lib/comments/service';
import { COMMENTS_MAP } from '../../lib/comments/model';
import { CloseCode } from '../../lib/collab/protocol';
import { createUserWithToken } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { anchorInType } from '../../lib/comments/anchor';
import { startInstances } from '../helpers/instances';

/** Comments written on one instance, seen and held by clients of another (in-process bus). */
describe('comments across instances', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup() {
    const { store, bus, apps } = await startInstances(cleanup);
    const { user, token } = await createUserWithToken(store, 'fan@kreis.example', 'Fanny');
    const principal = { user, via: 'token' as const };
    const docId = (await createDocument(apps[0].services, principal, { title: 'Kommentare', kind: 'text' })).id;
    await replaceContent(apps[0].services, principal, docId, 'text', 'Hallo schöne Welt');
    const client = async (i: number, doc?: Y.Doc) => {
      const c = connectClient(`ws://127.0.0.1:${apps[i].port}/collab`, docId, token, { doc });
      cleanup.push(() => c.destroy());
      await waitSynced(c);
      return c;
    };
    const comment = (i: number, c: TestClient, body: string) => {
      const text = (c.doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      return createThread(apps[i].services, principal, docId, { anchor: { ...anchorInType(text, 6, 12), quote: 'schöne' }, body, mentions: [] });
    };
    return { bus, apps, docId, token, client, comment };
  }

  it('reaches the clients of the other instance live', async () => {
    const { client, comment } = await setup();
    const a = await client(0);
    const b = await client(1);
    const thread = await comment(0, a, 'Über Instanzen hinweg');
    await waitFor(() => b.doc.getMap(COMMENTS_MAP).has(thread.id), { what: 'comment at the other instance' });
    expect(a.doc.getMap(COMMENTS_MAP).has(thread.id)).toBe(true);
  });

  it('refuses a moved client that brings a comment the instance lacks, and accepts it after a resync', async () => {
    const { bus, apps, docId, token, client, comment } = await setup();
    const a = await client(0);
    const b = await client(1);
    bus.connected = false;
    const thread = await comment(0, a, 'Während des Ausfalls');
    await waitFor(() => a.doc.getMap(COMMENTS_MAP).has(thread.id), { what: 'comment at its own instance' });
    expect(b.doc.getMap(COMMENTS_MAP).has(thread.id)).toBe(false);

    // A's instance is gone for A: it moves to instance 1 with its state, which holds the comment.
    a.tracker.destroy();
    a.provider.destroy();
    const moved = connectClient(`ws://127.0.0.1:${apps[1].port}/collab`, docId, token, { doc: a.doc });
    cleanup.push(() => moved.destroy());
    await waitFor(() => moved.closes.some((c) => c.code === CloseCode.UpdateRefused), { what: 'refused while instance 1 lacks the comment' });
    expect(b.doc.getMap(COMMENTS_MAP).has(thread.id)).toBe(false);

    // The broker comes back; instance 1 resyncs from the store, and the client is accepted.
    bus.reconnect();
    await waitFor(() => b.doc.getMap(COMMENTS_MAP).has(thread.id), { what: 'comment after resync' });
    await waitFor(() => moved.provider.wsconnected && moved.provider.synced, { what: 'moved client accepted', timeoutMs: 20_000 });
    const text = (moved.doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Neu: ');
    await waitFor(() => b.doc.getXmlFragment('content').toString().includes('Neu: Hallo'), { what: 'edit of the moved client relayed', timeoutMs: 20_000 });
  });
});
