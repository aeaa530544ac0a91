import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { SaveTracker } from '../../lib/collab/SaveTracker';
import { waitFor } from './waitFor';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveTracker;
  text: Y.Text;
  closes: Array<{ code: number; reason: string }>;
  destroy(): void;
}

/** A stock y-websocket client (ws polyfill, no BroadcastChannel) plus our save tracker. */
export function connectClient(
  wsUrl: string,
  docId: string,
  token: string,
  opts: { tracker?: boolean; doc?: Y.Doc; params?: Record<string, string> } = {},
): TestClient {
  // An existing doc keeps a client's state across a move to another server (failover tests).
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { ...opts.params, token },
  });
  const tracker = opts.tracker === false ? (null as unknown as SaveTracker) : new SaveTracker(provider, doc);
  const closes: TestClient['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    tracker,
    text: doc.getText('t'),
    closes,
    destroy() {
      tracker?.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}

export function waitSynced(c: TestClient): Promise<unknown> {
  return waitFor(() => c.provider.synced, { what: 'client sync' });
}
