import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../../lib/log';
import type { Store } from '../../lib/store/types';
import { META_MAP } from '../../lib/richtext/extensions';
import { mergeToState } from '../../lib/collab/mergeState';
import { byteLength, encodeAwareness, encodeStoredState, encodeSyncStep2Raw, encodeSyncUpdate } from './messages';
import type { Persister, PersistTarget } from './Persister';
import { prepareFrame, type PreparedFrame } from './frames';
import type { HookList } from './hooks';

/** Anything that can send a binary frame to one client. */
export interface Peer {
  readonly userId: string;
  send(message: Uint8Array): void;
  /** The same, framed once for all peers of a broadcast. */
  sendFrame(frame: PreparedFrame): void;
  readonly awarenessClients: Set<number>;
}

/** What the registry hands every document it loads. */
export interface LiveDocumentContext {
  store: Store;
  persister: Persister;
  logger: Logger;
  compactionThreshold: number;
  hooks: HookList;
}

/** Server-side origin of changes made through the API. */
export interface ServerOrigin {
  userId: string | null;
}

/**
 * Origin of changes that another instance made and stored (or the store held): they are
 * relayed to this instance's clients, but neither stored again nor published again.
 */
export const REMOTE_ORIGIN = Symbol('remote');

/**
 * One loaded document: its Y.Doc, awareness and connected peers. Created and destroyed only by
 * DocumentRegistry. Every update is relayed at once and handed to the persister; `stored`
 * counts how many of them are durable, which is what "saved" acknowledgements wait for.
 */
export class LiveDocument implements PersistTarget {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  /** What the stored parts it was built from hold: a client sent those parts already has this (null when none was). */
  readonly loadedStateVector: Uint8Array | null;
  /** In-flight API reads/changes; the document is not unloaded while > 0. */
  holds = 0;
  private enqueued = 0;
  /** The peer whose update is being applied after it was relayed already (applyClientUpdate). */
  private relayedAhead: Peer | null = null;
  private stored = 0;
  private storedWaiters: Array<{ target: number; resolve: () => void }> | null = null;
  private logEntries: number;
  /** Bytes in the log after the snapshot (approximate: counted when handed to the persister). */
  private logBytes: number;
  private snapshotBytes: number;
  private compacting = false;
  private durabilityChecks: Array<() => Promise<void>> | null = null;
  private titleTimer: NodeJS.Timeout | null = null;
  /** The whole state as messages, for clients that hold nothing; see fullStateMessages. */
  private fullState: readonly Uint8Array[] | null = null;
  private fullStateTimer: NodeJS.Timeout | null = null;
  /** Counts changes, so an answer prepared across an await is kept only if nothing changed meanwhile. */
  private changes = 0;
  /**
   * Other instances write this document's log too: the store may then hold changes this copy has
   * not received yet (a client answered from it would build on content the server lacks and have
   * its next edit refused), or lack changes relayed here and not stored yet.
   */
  private sharedWithInstances = false;
  // Listeners assigned in the constructor, not as arrow-function class fields: V8 gives a class
  // field's function an own "name" property (a property array per function and document).
  private readonly onUpdate: (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void;
  private readonly onAwarenessUpdate: (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

  constructor(
    readonly id: string,
    parts: Uint8Array[],
    logEntries: number,
    private readonly deps: LiveDocumentContext,
    /** Some client was sent the stored parts before this build (see DocumentRegistry.load). */
    opts: { sentStoredState: boolean } = { sentStoredState: false },
  ) {
    this.onUpdate = (update, origin, _doc, tr) => this.handleUpdate(update, origin, tr);
    this.onAwarenessUpdate = (change, origin) => this.handleAwarenessUpdate(change, origin);
    this.doc = new Y.Doc();
    if (parts.length) this.doc.transact(() => {
      for (const part of parts) Y.applyUpdate(this.doc, part);
    });
    this.logEntries = logEntries;
    this.loadedStateVector = opts.sentStoredState ? Y.encodeStateVector(this.doc) : null;
    this.logBytes = byteLength(parts.slice(parts.length - logEntries));
    this.snapshotBytes = parts.length > logEntries ? parts[0].byteLength : 0;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant; it only relays presence.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Applies a client's inspected update. A plain update message is relayed as the client sent
   * it before it is applied: the others see the change without waiting for its integration
   * and for Yjs to encode it again, the relay path's largest cost after the sockets. What the
   * update's event holds is then the same content (refused updates never get here, and the
   * server keeps no content waiting for missing parts — unless another instance's did, in
   * which case applying may release it and the event is relayed as usual).
   */
  applyClientUpdate(from: Peer, update: Uint8Array, message: Uint8Array | null): void {
    const store = this.doc.store;
    if (message && store.pendingStructs === null && store.pendingDs === null) {
      const frame = prepareFrame(message);
      for (const peer of this.peers) if (peer !== from) peer.sendFrame(frame);
      this.relayedAhead = from;
    }
    try {
      Y.applyUpdate(this.doc, update, from);
    } finally {
      this.relayedAhead = null;
    }
  }

  private handleUpdate(update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    this.changes++;
    this.dropFullState();
    if (this.relayedAhead === null || origin !== this.relayedAhead) {
      const frame = prepareFrame(encodeSyncUpdate(update));
      for (const peer of this.peers) if (peer !== origin) peer.sendFrame(frame);
    }
    if (origin === REMOTE_ORIGIN) return;
    this.noticeTitle(tr);
    const userId = isPeer(origin) ? origin.userId : ((origin as ServerOrigin | null)?.userId ?? null);
    this.enqueued++;
    this.logBytes += update.byteLength;
    this.deps.persister.enqueue(this, update, userId);
    this.deps.hooks.call('localUpdate', this, update);
  }

  private handleAwarenessUpdate(
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void {
    if (isPeer(origin)) {
      for (const c of added) origin.awarenessClients.add(c);
      for (const c of removed) origin.awarenessClients.delete(c);
    }
    const changed = added.concat(updated, removed);
    if (changed.length === 0) return;
    const frame = prepareFrame(encodeAwareness(this.awareness, changed));
    for (const peer of this.peers) peer.sendFrame(frame);
    if (origin !== REMOTE_ORIGIN) {
      this.deps.hooks.call('localAwareness', this, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
  }

  /**
   * The answer to a client that holds nothing: the whole document, as updates and a final sync
   * step 2. When everything this instance holds is stored, that is the stored snapshot and log
   * as they are — read in a millisecond, where encoding the document takes as long as the
   * client's decoding (a tenth of a second for a long history, a third for a large sheet).
   * Otherwise (unstored changes, several instances) the document is encoded. People who open
   * a large document together (a meeting starting) share one answer: it is kept until the next
   * change, and a few seconds at most; a small one is read again, which costs less than the
   * memory of keeping it. A change made while the answer is being read reaches the asking
   * client as a relay.
   */
  async fullStateMessages(): Promise<readonly Uint8Array[]> {
    if (this.fullState) return this.fullState;
    const before = this.changes;
    const messages = (await this.storedStateMessages()) ?? [encodeSyncStep2Raw(Y.encodeStateAsUpdate(this.doc))];
    if (this.changes === before && !this.fullState && byteLength(messages) >= FULL_STATE_KEEP_MIN_BYTES) {
      this.fullState = messages;
      this.fullStateTimer = setTimeout(() => this.dropFullState(), FULL_STATE_KEEP_MS);
      this.fullStateTimer.unref();
    }
    return messages;
  }

  /** The stored parts as messages, when they hold everything this document holds; else null. */
  private async storedStateMessages(): Promise<Uint8Array[] | null> {
    if (this.stored < this.enqueued || this.sharedWithInstances) return null;
    try {
      const { snapshot, updates } = await this.deps.store.loadDocState(this.id);
      const parts = snapshot ? [snapshot, ...updates] : updates;
      if (parts.length === 0) return null;
      return encodeStoredState(parts);
    } catch (err) {
      this.deps.logger.warn({ err, docId: this.id }, 'reading the stored state for a new client failed; encoding it instead');
      return null;
    }
  }

  private dropFullState(): void {
    if (!this.fullState) return;
    this.fullState = null;
    if (this.fullStateTimer) clearTimeout(this.fullStateTimer);
    this.fullStateTimer = null;
  }

  /** Called by the fan-out when other instances may write this document (see sharedWithInstances). */
  markSharedWithInstances(): void {
    this.sharedWithInstances = true;
    this.dropFullState();
  }

  /** Applies a change that is already stored elsewhere: relayed to the clients, not stored or published. */
  applyRemoteUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    this.deps.hooks.call('remoteUpdateApplied', this, update.byteLength);
  }

  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** Presence of this instance's own clients, for another instance that just loaded the document. */
  encodeLocalAwareness(): Uint8Array | null {
    const clients = [...this.peers].flatMap((p) => [...p.awarenessClients]).filter((c) => this.awareness.getStates().has(c));
    return clients.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients) : null;
  }

  /**
   * Stores content that this instance holds but no instance has stored (its author's instance
   * died between relaying and storing). Not relayed: every client here has it already.
   */
  storeOrphaned(update: Uint8Array): void {
    this.enqueued++;
    this.deps.persister.enqueue(this, update, null);
  }

  /**
   * The instance where the title was typed writes it to the table. Read from the transaction
   * rather than by observing the meta map: an observer per loaded document costs memory, and
   * most documents' titles never change while loaded.
   */
  private noticeTitle(tr: Y.Transaction): void {
    const meta = this.doc.share.get(META_MAP);
    if (!meta || !tr.changed.get(meta)?.has('title')) return;
    if (this.titleTimer) clearTimeout(this.titleTimer);
    // Titles change per keystroke; the table only needs the settled value.
    this.titleTimer = setTimeout(() => void this.writeTitle(), 300);
  }

  private async writeTitle(): Promise<void> {
    this.titleTimer = null;
    const title = this.doc.getMap(META_MAP).get('title');
    if (typeof title !== 'string' || !title.trim()) return;
    try {
      await this.deps.store.updateDocument(this.id, { title: title.trim().slice(0, 200) });
    } catch (err) {
      this.deps.logger.error({ err, docId: this.id }, 'storing the title failed');
    }
  }

  /** How many updates were handed to the persister so far. */
  get enqueuedCount(): number {
    return this.enqueued;
  }

  get hasUnstored(): boolean {
    return this.stored < this.enqueued || this.titleTimer !== null;
  }

  /**
   * Resolves once the first `target` updates of this instance are stored and every other
   * check added with addDurabilityCheck passes: what "saved" promises to a client.
   */
  whenDurable(target: number = this.enqueued): Promise<void> {
    if (!this.durabilityChecks) return this.whenStored(target);
    return Promise.all([this.whenStored(target), ...this.durabilityChecks.map((check) => check())]).then(() => undefined);
  }

  /** Adds a condition for "saved" (fan-out: changes relayed from other instances are stored too). */
  addDurabilityCheck(check: () => Promise<void>): void {
    (this.durabilityChecks ??= []).push(check);
  }

  /** Resolves once the first `target` updates are durable. */
  whenStored(target: number = this.enqueued): Promise<void> {
    if (this.stored >= target) return Promise.resolve();
    return new Promise((resolve) => (this.storedWaiters ??= []).push({ target, resolve }));
  }

  markStored(count: number): void {
    this.stored += count;
    this.logEntries += count;
    this.deps.hooks.call('stored', this, this.stored);
    if (this.storedWaiters) {
      const ready = this.storedWaiters.filter((w) => w.target <= this.stored);
      const waiting = this.storedWaiters.filter((w) => w.target > this.stored);
      this.storedWaiters = waiting.length ? waiting : null;
      for (const w of ready) w.resolve();
    }
    if (this.logEntries >= this.deps.compactionThreshold || this.logIsLarge()) void this.compact();
  }

  /**
   * A few large updates (an import, a pasted sheet, a replayed history) make every later load
   * slow long before the entry count triggers compaction: compact when the log outweighs the
   * snapshot (at least 1 MiB of it).
   */
  private logIsLarge(): boolean {
    return this.logBytes >= Math.max(LARGE_LOG_BYTES, this.snapshotBytes);
  }

  /** Compacts a log that was loaded large (left so by an older version or a crash). */
  compactIfLarge(): void {
    if (this.logEntries > 0 && this.logIsLarge()) void this.compact();
  }

  private async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      const started = performance.now();
      let snapshotBytes = this.snapshotBytes;
      const { merged } = await this.deps.store.compact(this.id, (parts) => {
        const state = mergeToState(parts);
        snapshotBytes = state.byteLength;
        return state;
      });
      // Other instances append to and compact the same log: count what is really there.
      this.logEntries = await this.deps.store.countLogEntries(this.id);
      this.logBytes = 0;
      this.snapshotBytes = snapshotBytes;
      const seconds = (performance.now() - started) / 1000;
      this.deps.hooks.call('compacted', this.id, merged, seconds);
      this.deps.logger.debug({ docId: this.id, merged, ms: Math.round(seconds * 1000) }, 'compacted update log');
    } catch (err) {
      this.deps.hooks.call('failed', 'compaction');
      this.deps.logger.error({ err, docId: this.id }, 'compaction failed; the log stays as it is');
    } finally {
      this.compacting = false;
    }
  }

  /** Removes a peer and the presence it controlled. */
  removePeer(peer: Peer): void {
    this.peers.delete(peer);
    if (peer.awarenessClients.size) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], null);
    }
  }

  async destroy(): Promise<void> {
    if (this.titleTimer) {
      clearTimeout(this.titleTimer);
      await this.writeTitle();
    }
    this.dropFullState();
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

const LARGE_LOG_BYTES = 1024 * 1024;
const FULL_STATE_KEEP_MS = 5_000;
const FULL_STATE_KEEP_MIN_BYTES = 64 * 1024;

function isPeer(origin: unknown): origin is Peer {
  return typeof origin === 'object' && origin !== null && 'awarenessClients' in origin && 'send' in origin;
}
