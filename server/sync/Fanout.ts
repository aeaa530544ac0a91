import * as Y from 'yjs';
import { mergeToState } from '../../lib/collab/mergeState';
import type { Logger } from '../../lib/log';
import type { Store } from '../../lib/store/types';
import { PubSubKind, type PubSub, type PubSubMessage } from '../pubsub/PubSub';
import type { LiveDocument } from './LiveDocument';
import type { SyncHooks } from './hooks';
import { snapshotCovers, snapshotOfUpdate } from './stateCompare';
import { RemoteProgress } from './RemoteProgress';

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const NOTHING = new Uint8Array(0);

export interface FanoutOptions {
  pubsub: PubSub;
  store: Store;
  logger: Logger;
  /** The registry's loaded documents. */
  docs: {
    get(docId: string): LiveDocument | undefined;
    loadedDocuments(): LiveDocument[];
    /** Re-checks this instance's connections of the document (without announcing it again). */
    refreshAccess(docId: string, opts: { announce: boolean }): Promise<void>;
  };
  resyncIntervalMs: number;
  /** Reports each failed resync (metrics). */
  onResyncFailed?: () => void;
}

/**
 * Connects the DocumentRegistry with other instances through a PubSub, at the registry's
 * lifecycle points: a loaded document is subscribed, an unloaded one unsubscribed; local
 * changes and presence are published; remote ones are applied with REMOTE_ORIGIN, which
 * relays them to this instance's clients without storing or publishing them again (their
 * own instance stores them).
 *
 * Pub/Sub loses messages (outages, reconnects), so every loaded document is also compared
 * with the store periodically and after a reconnect: what the store has and the live doc
 * lacks is applied. Content the live doc has held for a whole interval that is still not in
 * the store (its instance died after relaying it) is stored here.
 *
 * Updates carry their sender's running number, and each instance announces how many of its
 * updates are stored; "saved" acknowledgements here wait until what other instances relayed
 * is stored too (RemoteProgress), or until the store is seen to hold it.
 */
export class Fanout implements SyncHooks {
  private timer: NodeJS.Timeout | null = null;
  private offReconnect: (() => void) | null = null;
  private readonly resyncing = new Set<string>();
  /** What each live doc held at its previous resync. */
  private readonly seen = new Map<string, Y.Snapshot>();
  private readonly progress = new Map<string, RemoteProgress>();
  /** Documents with a follow-up resync scheduled because an acknowledgement waits for it. */
  private readonly followUps = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private resyncFailures = 0;

  constructor(private readonly opts: FanoutOptions) {}

  start(): void {
    if (!this.opts.pubsub.shared) return;
    this.timer = setInterval(() => void this.resyncAll(), this.opts.resyncIntervalMs);
    this.timer.unref();
    this.offReconnect = this.opts.pubsub.onReconnect(() => void this.resyncAll());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.followUps.values()) clearTimeout(t);
    this.followUps.clear();
    this.offReconnect?.();
  }

  documentLoaded(live: LiveDocument): void {
    const { pubsub } = this.opts;
    if (!pubsub.shared) return;
    live.markSharedWithInstances();
    const progress = new RemoteProgress();
    this.progress.set(live.id, progress);
    live.addDurabilityCheck(() => {
      const stored = progress.whenStored();
      if (progress.outstanding) this.followUp(live);
      return stored;
    });
    void pubsub.subscribe(live.id, (m, from) => this.receive(live.id, m, from)).then(() => {
      // Changes published before our subscription became active are in the store by now,
      // or will be at the next periodic resync.
      void this.resync(live);
      pubsub.publish(live.id, { kind: PubSubKind.AwarenessQuery, payload: NOTHING });
    });
  }

  documentUnloaded(docId: string): void {
    this.seen.delete(docId);
    this.progress.delete(docId);
    const t = this.followUps.get(docId);
    if (t) clearTimeout(t);
    this.followUps.delete(docId);
    if (this.opts.pubsub.shared) void this.opts.pubsub.unsubscribe(docId);
  }

  localUpdate(live: LiveDocument, update: Uint8Array): void {
    if (this.opts.pubsub.shared) this.opts.pubsub.publish(live.id, { kind: PubSubKind.Update, payload: update, seq: live.enqueuedCount });
  }

  stored(live: LiveDocument, count: number): void {
    if (this.opts.pubsub.shared) this.opts.pubsub.publish(live.id, { kind: PubSubKind.Stored, payload: NOTHING, seq: count });
  }

  localAwareness(live: LiveDocument, update: Uint8Array): void {
    if (this.opts.pubsub.shared) this.opts.pubsub.publish(live.id, { kind: PubSubKind.Awareness, payload: update });
  }

  /**
   * While an acknowledgement waits for changes relayed from another instance, resync soon
   * instead of at the next interval: if that instance died, this stores its changes.
   */
  private followUp(live: LiveDocument): void {
    if (this.followUps.has(live.id) || this.stopped) return;
    const t = setTimeout(() => {
      this.followUps.delete(live.id);
      void this.resync(live).then(() => {
        if (this.progress.get(live.id)?.outstanding) this.followUp(live);
      });
    }, Math.min(1_000, this.opts.resyncIntervalMs));
    t.unref();
    this.followUps.set(live.id, t);
  }

  accessChanged(docId: string): void {
    if (this.opts.pubsub.shared) this.opts.pubsub.publish(docId, { kind: PubSubKind.AccessChanged, payload: NOTHING });
  }

  private receive(docId: string, message: PubSubMessage, from: string): void {
    const live = this.opts.docs.get(docId);
    if (!live) return;
    try {
      switch (message.kind) {
        case PubSubKind.Update:
          live.applyRemoteUpdate(message.payload);
          this.progress.get(docId)?.receivedUpdate(from, message.seq ?? 0);
          break;
        case PubSubKind.Stored:
          this.progress.get(docId)?.storedUpTo(from, message.seq ?? 0);
          break;
        case PubSubKind.Awareness:
          live.applyRemoteAwareness(message.payload);
          break;
        case PubSubKind.AccessChanged:
          void this.opts.docs.refreshAccess(docId, { announce: false });
          break;
        case PubSubKind.AwarenessQuery: {
          const presence = live.encodeLocalAwareness();
          if (presence) this.opts.pubsub.publish(docId, { kind: PubSubKind.Awareness, payload: presence });
          break;
        }
      }
    } catch (err) {
      this.opts.logger.warn({ err, docId, kind: message.kind }, 'dropping a fan-out message that could not be applied');
    }
  }

  /** Resyncs every loaded document, one after another. */
  async resyncAll(): Promise<void> {
    for (const live of this.opts.docs.loadedDocuments()) {
      if (this.stopped) return;
      await this.resync(live);
    }
  }

  /** Brings one live document and the store into agreement (see the class comment). */
  async resync(live: LiveDocument): Promise<void> {
    if (this.resyncing.has(live.id) || this.stopped) return;
    this.resyncing.add(live.id);
    try {
      const progress = this.progress.get(live.id);
      const captured = progress?.capture();
      const before = Y.snapshot(live.doc);
      const { snapshot, updates } = await this.opts.store.loadDocState(live.id);
      if (this.opts.docs.get(live.id) !== live) return;
      const parts = snapshot ? [snapshot, ...updates] : updates;
      const stored = parts.length === 0 ? EMPTY_UPDATE : mergeToState(parts);
      const storedSnapshot = snapshotOfUpdate(stored);
      // Everything held before the load is in the store: what other instances relayed is stored.
      if (captured && snapshotCovers(storedSnapshot, before)) progress!.confirm(captured);
      live.applyRemoteUpdate(Y.diffUpdate(stored, Y.encodeStateVector(live.doc)));
      // This instance's own unstored changes are on their way to the store; judge orphans only without them.
      if (!live.hasUnstored) {
        const previous = this.seen.get(live.id);
        if (previous && !snapshotCovers(storedSnapshot, previous)) {
          this.opts.logger.warn({ docId: live.id }, 'storing changes that no instance has stored');
          live.storeOrphaned(Y.diffUpdate(Y.encodeStateAsUpdate(live.doc), Y.encodeStateVectorFromUpdate(stored)));
        }
        this.seen.set(live.id, Y.snapshot(live.doc));
      }
      if (this.resyncFailures > 0) this.opts.logger.info({ docId: live.id }, 'resync through the store works again');
      this.resyncFailures = 0;
    } catch (err) {
      this.opts.onResyncFailed?.();
      // While the store is down this fails for every document at every interval: log the first.
      if (this.resyncFailures++ === 0) this.opts.logger.warn({ err, docId: live.id }, 'resync through the store failed; retrying');
    } finally {
      this.resyncing.delete(live.id);
    }
  }
}
