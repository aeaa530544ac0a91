import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, WerkraumMessage } from './protocol';

export type SaveState = 'connecting' | 'loading' | 'offline' | 'saving' | 'saved';

export interface SaveStatus {
  state: SaveState;
  /** Local changes the server has not confirmed as stored. */
  pending: number;
}

/**
 * Tracks which local changes the server has durably stored, using the Werkraum protocol
 * extension: after local updates (and after each resync) the client asks "tell me when all I
 * sent is stored"; the server answers once it is. Stock clients never ask, so never get answers.
 */
export class SaveTracker {
  private localUpdates = 0;
  private confirmed = 0;
  private seq = 0;
  private readonly requested = new Map<number, number>();
  private requestScheduled = false;
  private listeners = new Set<(s: SaveStatus) => void>();
  private last: SaveStatus = { state: 'connecting', pending: 0 };

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
  ) {
    provider.messageHandlers[MessageType.Werkraum] = (_encoder, decoder) => this.receive(decoder);
    doc.on('update', this.onUpdate);
    provider.on('status', this.onStatus);
    provider.on('sync', this.onSync);
    this.emit();
  }

  get status(): SaveStatus {
    return this.last;
  }

  subscribe(fn: (s: SaveStatus) => void): () => void {
    this.listeners.add(fn);
    fn(this.last);
    return () => this.listeners.delete(fn);
  }

  /** Resolves when everything changed locally so far is confirmed as stored. */
  whenSaved(): Promise<void> {
    const target = this.localUpdates;
    if (this.confirmed >= target) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.subscribe(() => {
        if (this.confirmed >= target) {
          queueMicrotask(() => off());
          resolve();
        }
      });
    });
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.listeners.clear();
  }

  private onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // Remote changes arrive with the provider as origin; everything else is ours
    // (the editor, the title field, IndexedDB restoring offline edits).
    if (origin === this.provider) return;
    this.localUpdates++;
    this.scheduleRequest();
    this.emit();
  };

  private onStatus = (): void => this.emit();

  private onSync = (synced: boolean): void => {
    // Our sync step 2 (anything made offline) has gone out before the server's step 2 arrived.
    if (synced) this.scheduleRequest();
    this.emit();
  };

  private scheduleRequest(): void {
    if (this.requestScheduled) return;
    this.requestScheduled = true;
    // After the provider's own update handler has sent the update on the same socket.
    queueMicrotask(() => {
      this.requestScheduled = false;
      this.sendRequest();
    });
  }

  private sendRequest(): void {
    const ws = this.provider.ws;
    if (!ws || !this.provider.wsconnected || !this.provider.synced || ws.readyState !== 1) return;
    if (this.confirmed >= this.localUpdates) return;
    const seq = ++this.seq;
    this.requested.set(seq, this.localUpdates);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.Werkraum);
    encoding.writeVarUint(e, WerkraumMessage.SaveRequest);
    encoding.writeVarUint(e, seq);
    ws.send(encoding.toUint8Array(e));
  }

  private receive(decoder: decoding.Decoder): void {
    const sub = decoding.readVarUint(decoder);
    if (sub !== WerkraumMessage.Saved) return;
    const seq = decoding.readVarUint(decoder);
    const covered = this.requested.get(seq);
    if (covered === undefined) return;
    for (const k of [...this.requested.keys()]) if (k <= seq) this.requested.delete(k);
    this.confirmed = Math.max(this.confirmed, covered);
    this.emit();
  }

  private emit(): void {
    const pending = Math.max(0, this.localUpdates - this.confirmed);
    let state: SaveState;
    if (!this.provider.wsconnected) state = this.provider.wsconnecting && pending === 0 ? 'connecting' : 'offline';
    else if (pending > 0) state = 'saving';
    // Connected but the server's state has not arrived: nothing of ours is waiting to be stored.
    else if (!this.provider.synced) state = 'loading';
    else state = 'saved';
    if (state === this.last.state && pending === this.last.pending) return;
    this.last = { state, pending };
    for (const l of this.listeners) l(this.last);
  }
}
