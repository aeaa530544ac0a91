import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { createDocument } from '../../lib/documents/service';
import { startTestApp, createUserWithToken, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

/** A sync message as a client would send it. */
function syncMessage(type: number, update: Uint8Array, trailing: number[] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, update);
  for (const b of trailing) encoding.writeUint8(e, b);
  return encoding.toUint8Array(e);
}

/** A raw socket that records every sync message it receives, and sends what it is told. */
interface RawPeer {
  ws: WebSocket;
  /** Sync messages received after the initial step 1 / step 2 exchange: [sync type, full message]. */
  received: Array<{ type: number; message: Buffer }>;
}

describe('relaying updates', () => {
  let app: TestApp;
  let token: string;
  let docId: string;
  const clients: TestClient[] = [];
  const sockets: WebSocket[] = [];
  const client = () => {
    const c = connectClient(app.wsUrl, docId, token);
    clients.push(c);
    return c;
  };
  const rawPeer = async (): Promise<RawPeer> => {
    const ws = new WebSocket(`${app.wsUrl}/${docId}?token=${token}`);
    sockets.push(ws);
    const peer: RawPeer = { ws, received: [] };
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== 0) return;
      peer.received.push({ type: decoding.readVarUint(d), message: data });
    });
    await new Promise((resolve) => ws.once('open', resolve));
    // The server's own step 1 arrives first; wait for it so later messages are relays.
    await waitFor(() => peer.received.some((m) => m.type === syncProtocol.messageYjsSyncStep1), { what: 'step 1 from the server' });
    peer.received.length = 0;
    return peer;
  };
  const serverText = () => app.services.liveDocs.read(docId, (d) => d.getText('t').toString());

  beforeEach(async () => {
    app = await startTestApp();
    const owner = await createUserWithToken(app.services.store, 'olga@kreis.example', 'Olga Owner');
    token = owner.token;
    docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Strategie', kind: 'text' })).id;
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of sockets.splice(0)) s.terminate();
    await app.dispose();
  });

  it('relays large and small edits to every other client, each in one piece', async () => {
    const [a, b, c] = [client(), client(), client()];
    await Promise.all([a, b, c].map(waitSynced));
    // Frame lengths of every size class: a short insert, ~1 KB, and a 100 KB paste.
    const big = 'Digitalisierung der Verwaltungsleistungen. '.repeat(2400);
    a.text.insert(0, 'x');
    b.text.insert(1, 'y'.repeat(1000));
    a.text.insert(0, big);
    await Promise.all([a.tracker.whenSaved(), b.tracker.whenSaved()]);
    const expected = a.text.toString();
    await waitFor(() => b.text.toString() === expected && c.text.toString() === expected, { what: 'all converged' });
    expect(expected.length).toBe(big.length + 1001);
    expect(await serverText()).toBe(expected);
  });

  it('relays an update message as sent, up to its end, and a sync step 2 as an update', async () => {
    const observer = await rawPeer();
    const sender = new WebSocket(`${app.wsUrl}/${docId}?token=${token}`);
    sockets.push(sender);
    await new Promise((resolve) => sender.once('open', resolve));

    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'Eins');
    const first = Y.encodeStateAsUpdate(doc);
    // Bytes after the update are not part of it and reach nobody.
    sender.send(syncMessage(syncProtocol.messageYjsUpdate, first, [0xde, 0xad]));
    await waitFor(() => observer.received.length === 1, { what: 'first relay' });
    expect(observer.received[0].type).toBe(syncProtocol.messageYjsUpdate);
    expect(Buffer.from(syncMessage(syncProtocol.messageYjsUpdate, first)).equals(observer.received[0].message)).toBe(true);

    // A step 2 ends the sender's own initial sync; others get its content as a plain update.
    const sv = Y.encodeStateVector(doc);
    doc.getText('t').insert(4, ' zwei');
    sender.send(syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(doc, sv)));
    await waitFor(() => observer.received.length === 2, { what: 'second relay' });
    expect(observer.received[1].type).toBe(syncProtocol.messageYjsUpdate);
    await waitFor(async () => (await serverText()) === 'Eins zwei', { what: 'server applied both' });
  });

  it('keeps clients converged when a client sends again what the server holds', async () => {
    const a = client();
    const b = client();
    await Promise.all([a, b].map(waitSynced));
    a.text.insert(0, 'Reifegrad 3');
    await a.tracker.whenSaved();
    await waitFor(() => b.text.toString() === 'Reifegrad 3', { what: 'first edit' });
    // Everything again, plus one new character, in one update.
    const resend = new WebSocket(`${app.wsUrl}/${docId}?token=${token}`);
    sockets.push(resend);
    await new Promise((resolve) => resend.once('open', resolve));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    copy.getText('t').insert(11, '!');
    resend.send(syncMessage(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(copy)));
    await waitFor(() => a.text.toString() === 'Reifegrad 3!' && b.text.toString() === 'Reifegrad 3!', { what: 'converged' });
    expect(await serverText()).toBe('Reifegrad 3!');
  });
});
