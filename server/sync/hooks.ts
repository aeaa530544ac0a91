import type { Logger } from '../../lib/log';
import type { LiveDocument } from './LiveDocument';

/**
 * Named points in a live document's life where cross-cutting concerns (fan-out across
 * instances, metrics) attach, so the sync core does not know about them. Every method is
 * optional and must not throw into the core: SyncHooks.call catches and logs.
 */
export interface SyncHooks {
  /** A document was loaded from the store; no client is attached yet. */
  documentLoaded?(live: LiveDocument): void;
  /** A document is about to leave memory; its Y.Doc is still readable, but only synchronously. */
  documentUnloading?(live: LiveDocument): void;
  /** A document left memory (unloaded, or destroyed at shutdown). */
  documentUnloaded?(docId: string): void;
  /** A change made on this instance (by a client or the API): relayed locally and queued for storing. */
  localUpdate?(live: LiveDocument, update: Uint8Array): void;
  /** The first `count` updates this instance made to the document are durably stored. */
  stored?(live: LiveDocument, count: number): void;
  /** Presence changed by a client of this instance, or removed when it left. */
  localAwareness?(live: LiveDocument, update: Uint8Array): void;
  /** A change from another instance or from the store was applied (relayed, not stored). */
  remoteUpdateApplied?(live: LiveDocument, bytes: number): void;
  connectionOpened?(docId: string, userId: string): void;
  connectionClosed?(docId: string, userId: string): void;
  compacted?(docId: string, merged: number, seconds: number): void;
  /** Access to the document changed through this instance (ACL, link, group, account). */
  accessChanged?(docId: string): void;
  /** Something failed and was handled (logged, retried, or the connection closed). */
  failed?(kind: 'store_write' | 'load' | 'compaction' | 'malformed' | 'refused_update' | 'resync' | 'pubsub'): void;
}

type Args<K extends keyof SyncHooks> = Parameters<NonNullable<SyncHooks[K]>>;

/** The registered hooks, called in registration order. */
export class HookList {
  private readonly list: SyncHooks[] = [];

  constructor(private readonly logger: Logger) {}

  add(hooks: SyncHooks): void {
    this.list.push(hooks);
  }

  call<K extends keyof SyncHooks>(name: K, ...args: Args<K>): void {
    for (const h of this.list) {
      const fn = h[name] as ((...a: Args<K>) => void) | undefined;
      if (!fn) continue;
      try {
        fn.apply(h, args);
      } catch (err) {
        this.logger.error({ err, hook: name }, 'a sync hook failed');
      }
    }
  }
}
