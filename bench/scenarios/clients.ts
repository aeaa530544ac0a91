import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { SaveTracker } from '../../lib/collab/SaveTracker';

// Each provider adds a process exit listener; a generator holds hundreds of providers on purpose.
process.setMaxListeners(0);

export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveTracker | null;
}

export function connect(port: number, docId: string, token: string, withTracker: boolean): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  });
  return { doc, provider, tracker: withTracker ? new SaveTracker(provider, doc) : null };
}

export function synced(c: BenchClient): Promise<void> {
  if (c.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (s: boolean) => {
      if (s) {
        c.provider.off('sync', on);
        resolve();
      }
    };
    c.provider.on('sync', on);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
