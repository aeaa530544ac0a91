'use client';

import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { useTranslations } from 'next-intl';
import type { WebsocketProvider } from 'y-websocket';

const SUMMARY_INTERVAL_MS = 5000;

/**
 * A polite live region for screen readers: who joins and leaves, and at most every few seconds a
 * summary of who changed the document — never one announcement per keystroke.
 */
export function Announcer({ provider, ydoc }: { provider: WebsocketProvider; ydoc: Y.Doc }) {
  const t = useTranslations('editor.announcer');
  const [message, setMessage] = useState('');
  const editors = useRef(new Set<string>());
  const anonymous = useRef(false);

  useEffect(() => {
    const awareness = provider.awareness;
    const names = new Map<number, string>();
    const nameOf = (client: number) => (awareness.getStates().get(client)?.user as { name?: string } | undefined)?.name;
    for (const [client] of awareness.getStates()) {
      const n = nameOf(client);
      if (n) names.set(client, n);
    }
    const queue: string[] = [];
    const onChange = ({ added, removed, updated }: { added: number[]; removed: number[]; updated: number[] }) => {
      for (const c of [...added, ...updated]) {
        const n = nameOf(c);
        if (n && !names.has(c) && c !== awareness.clientID) queue.push(t('joined', { name: n }));
        if (n) names.set(c, n);
      }
      for (const c of removed) {
        const n = names.get(c);
        if (n && c !== awareness.clientID) queue.push(t('left', { name: n }));
        names.delete(c);
      }
    };
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== provider) return;
      const clients = new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));
      for (const c of clients) {
        const n = names.get(c);
        if (n) editors.current.add(n);
        else anonymous.current = true;
      }
    };
    const timer = setInterval(() => {
      if (editors.current.size > 0) queue.push(t('edited', { names: [...editors.current].join(', '), count: editors.current.size }));
      else if (anonymous.current) queue.push(t('editedAnonymous'));
      editors.current.clear();
      anonymous.current = false;
      if (queue.length) setMessage(queue.splice(0).join(' '));
    }, SUMMARY_INTERVAL_MS);
    awareness.on('change', onChange);
    ydoc.on('update', onUpdate);
    return () => {
      clearInterval(timer);
      awareness.off('change', onChange);
      ydoc.off('update', onUpdate);
    };
  }, [provider, ydoc, t]);

  return <div className="visually-hidden" role="log" aria-live="polite" aria-atomic="false" data-testid="announcer">{message}</div>;
}
