import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { Observable } from 'lib0/observable';
import type { WebsocketProvider } from 'y-websocket';
import { SaveTracker } from '../../lib/collab/SaveTracker';
import { WerkraumMessage } from '../../lib/collab/protocol';

/** The parts of a WebsocketProvider the tracker reads, driven by the test. */
class FakeProvider extends Observable<string> {
  wsconnected = false;
  wsconnecting = true;
  synced = false;
  sent: Uint8Array[] = [];
  messageHandlers: ((e: encoding.Encoder, d: decoding.Decoder) => void)[] = [];
  ws = { readyState: 1, send: (m: Uint8Array) => this.sent.push(m) };

  connect(): void {
    this.wsconnected = true;
    this.wsconnecting = false;
    this.emit('status', [{ status: 'connected' }]);
  }

  sync(): void {
    this.synced = true;
    this.emit('sync', [true]);
  }

  /** Answers the last save request as the server does once everything is stored. */
  answerLastRequest(handler: number): void {
    const request = decoding.createDecoder(this.sent[this.sent.length - 1]);
    decoding.readVarUint(request);
    decoding.readVarUint(request);
    const seq = decoding.readVarUint(request);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, WerkraumMessage.Saved);
    encoding.writeVarUint(e, seq);
    this.messageHandlers[handler](encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(e)));
  }
}

function setUp() {
  const provider = new FakeProvider();
  const doc = new Y.Doc();
  const tracker = new SaveTracker(provider as unknown as WebsocketProvider, doc);
  const handler = provider.messageHandlers.findIndex(Boolean);
  return { provider, doc, tracker, handler };
}

describe('SaveTracker', () => {
  it('says "loading", not "saving", while connected and waiting for the document with nothing of ours pending', () => {
    const { provider, tracker } = setUp();
    expect(tracker.status).toEqual({ state: 'connecting', pending: 0 });
    provider.connect();
    expect(tracker.status).toEqual({ state: 'loading', pending: 0 });
    provider.sync();
    expect(tracker.status).toEqual({ state: 'saved', pending: 0 });
  });

  it('says "saving" for changes made before the document arrived, and "saved" only after the server confirmed them', async () => {
    const { provider, doc, tracker, handler } = setUp();
    provider.connect();
    doc.getText('t').insert(0, 'x');
    expect(tracker.status).toEqual({ state: 'saving', pending: 1 });
    await Promise.resolve();
    expect(provider.sent).toHaveLength(0); // asked only once synced: the server has our changes then
    provider.sync();
    await Promise.resolve();
    expect(provider.sent).toHaveLength(1);
    expect(tracker.status.state).toBe('saving');
    provider.answerLastRequest(handler);
    expect(tracker.status).toEqual({ state: 'saved', pending: 0 });
  });

  it('counts unsaved changes while offline', () => {
    const { provider, doc, tracker } = setUp();
    provider.wsconnecting = false;
    doc.getText('t').insert(0, 'ab');
    doc.getText('t').insert(0, 'c');
    expect(tracker.status).toEqual({ state: 'offline', pending: 2 });
  });
});
