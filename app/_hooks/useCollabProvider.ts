'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { BUILD_PARAM, COLLAB_PATH, CloseCode, CloseReason, closeCodeName } from '@/lib/collab/protocol';
import { SaveTracker, type SaveStatus } from '@/lib/collab/SaveTracker';

export interface Collab {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveTracker;
}

/**
 * The one place that builds a document's Y.Doc, IndexedDB cache and WebSocket provider.
 * Offline edits stay in IndexedDB and merge when the connection returns.
 */
export function useCollabProvider(docId: string) {
  const [collab, setCollab] = useState<Collab | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ state: 'connecting', pending: 0 });
  const [closedReason, setClosedReason] = useState<string | null>(null);
  // Bumped to start over from the server's state after a refused change.
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // The server was upgraded since this page was loaded: only a reload brings the page's code along.
  const [outdated, setOutdated] = useState(false);
  // Read through a ref: the provider must not be rebuilt when the translator changes identity.
  const translate = useTranslations('access');
  const t = useRef(translate);
  useEffect(() => {
    t.current = translate;
  }, [translate]);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const idb = new IndexeddbPersistence(`werkraum:${docId}`, ydoc);
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
    // A change refused for row ownership would be refused again on every reconnect: stop, and
    // drop the local copy (memory and IndexedDB) so the server's state loads instead.
    const refusedRow = (event: { code: number; reason: string }) => event.code === CloseCode.UpdateRefused && event.reason === CloseReason.RowOwned;
    // Inlined at build time (next.config.js); absent in a development server.
    const build = process.env.WERKRAUM_BUILD_ID;
    const provider = new WebsocketProvider(wsBase, docId, ydoc, {
      maxBackoffTime: 5000,
      params: build ? { [BUILD_PARAM]: build } : {},
      shouldReconnect: (event) => !(event.code >= 4400 && event.code < 4500) && !refusedRow(event),
    });
    const tracker = new SaveTracker(provider, ydoc);
    const unsubscribe = tracker.subscribe(setStatus);
    provider.on('closed', (event) => {
      if (refusedRow(event)) {
        setNotice(t.current('rowRefused'));
        void idb.clearData().finally(() => setGeneration((g) => g + 1));
        return;
      }
      // Edits made meanwhile stay in IndexedDB and reach the server after the reload.
      if (event.code === CloseCode.Outdated) setOutdated(true);
      else if (event.code === CloseCode.Forbidden) setClosedReason(t.current('revoked'));
      else if (event.code === CloseCode.DocumentDeleted) setClosedReason(t.current('deleted'));
      else setClosedReason(event.reason || closeCodeName(event.code) || String(event.code));
    });
    // Browsers keep a dead socket open for a while after the network drops; react at once.
    const offline = () => provider.disconnect();
    const online = () => provider.connect();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    setCollab({ ydoc, provider, tracker });
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      unsubscribe();
      tracker.destroy();
      provider.destroy();
      void idb.destroy();
      ydoc.destroy();
      setCollab(null);
    };
  }, [docId, generation]);

  return { collab, status, closedReason, outdated, notice, dismissNotice: () => setNotice(null) };
}
