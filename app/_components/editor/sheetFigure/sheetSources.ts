'use client';

import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { COLLAB_PATH, CloseCode } from '@/lib/collab/protocol';
import { SheetModel } from '@/lib/sheet/SheetModel';
import type { SheetEngine } from '@/lib/sheet/SheetEngine';

export type SourceState =
  | { status: 'loading' }
  | { status: 'denied' }
  | { status: 'ready'; model: SheetModel; engine: SheetEngine; tick: number };

/**
 * The sheets that live figures read, one connection per sheet however many figures show it.
 * Unlike an open document they keep nothing in IndexedDB: a reader who lost access must not
 * see a cached copy. Access is checked over HTTP first because a refused WebSocket upgrade
 * looks like a network failure in the browser; the upgrade refuses such users as well.
 */
class Source {
  state: SourceState = { status: 'loading' };
  refs = 0;
  private readonly listeners = new Set<() => void>();
  private ydoc: Y.Doc | null = null;
  private provider: WebsocketProvider | null = null;
  private model: SheetModel | null = null;
  private engine: SheetEngine | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly docId: string) {
    void this.open();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(state: SourceState): void {
    this.state = state;
    for (const fn of this.listeners) fn();
  }

  private async open(): Promise<void> {
    const res = await fetch(`/api/v1/documents/${encodeURIComponent(this.docId)}`, { credentials: 'same-origin' }).catch(() => null);
    const meta = res?.ok ? ((await res.json().catch(() => null)) as { kind?: string } | null) : null;
    if (this.closed) return;
    if (!meta || meta.kind !== 'sheet') return this.set({ status: 'denied' });
    const ydoc = (this.ydoc = new Y.Doc());
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
    const provider = (this.provider = new WebsocketProvider(wsBase, this.docId, ydoc, { maxBackoffTime: 5000 }));
    // A figure is no participant of the sheet: no presence there.
    provider.awareness.setLocalState(null);
    provider.on('connection-close', (event) => {
      if (event && (event.code === CloseCode.Forbidden || event.code === CloseCode.DocumentDeleted)) this.deny();
    });
    provider.on('sync', (synced: boolean) => {
      if (synced && !this.model) void this.build();
    });
  }

  private deny(): void {
    this.teardown();
    this.set({ status: 'denied' });
  }

  private async build(): Promise<void> {
    const { SheetEngine: Engine } = await import('@/lib/sheet/SheetEngine');
    if (this.closed || !this.ydoc || this.model) return;
    const model = (this.model = new SheetModel(this.ydoc));
    const engine = (this.engine = new Engine(model));
    let tick = 0;
    engine.onChange(() => {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        if (this.state.status === 'ready') this.set({ status: 'ready', model, engine, tick: ++tick });
      }, 100);
    });
    this.set({ status: 'ready', model, engine, tick });
  }

  private teardown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.engine?.destroy();
    this.model?.destroy();
    this.provider?.destroy();
    this.ydoc?.destroy();
    this.engine = this.model = this.provider = this.ydoc = null;
  }

  close(): void {
    this.closed = true;
    this.teardown();
    this.listeners.clear();
  }
}

const sources = new Map<string, Source>();

/** The live state of a sheet for as long as a component shows it. */
export function useSheetSource(docId: string | null): SourceState | null {
  const [state, setState] = useState<SourceState | null>(null);
  useEffect(() => {
    if (!docId) return setState(null);
    let source = sources.get(docId);
    if (!source) sources.set(docId, (source = new Source(docId)));
    source.refs++;
    const s = source;
    setState(s.state);
    const off = s.subscribe(() => setState(s.state));
    return () => {
      off();
      if (--s.refs === 0) {
        s.close();
        sources.delete(docId);
      }
    };
  }, [docId]);
  return state;
}
