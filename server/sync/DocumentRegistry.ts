import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Logger } from '../../lib/log';
import type { Store, DocumentRole } from '../../lib/store/types';
import type { LiveDocs } from '../../lib/collab/liveDocs';
import { CloseCode, CloseReason } from '../../lib/collab/protocol';
import { Connection, type ConnectionContext } from './Connection';
import { LiveDocument, type LiveDocumentContext } from './LiveDocument';
import { Persister } from './Persister';
import { HookList, type SyncHooks } from './hooks';
import { byteLength } from './messages';
import { Traffic } from './Traffic';

export interface RegistryOptions {
  store: Store;
  logger: Logger;
  unloadGraceMs: number;
  compactionThreshold: number;
  /** See Persister: the least time between the starts of two durable commits. */
  commitSpacingMs?: number;
  pingIntervalMs: number;
  /** How often every connection's role is checked again (expired links, changes elsewhere). */
  accessRecheckMs?: number;
}

/**
 * The one owner of live documents: concurrent opens share one load promise, the single unload
 * path runs after the last client left plus a grace period, and only when nothing is unstored.
 */
/** From this size on, loading waits briefly for fresh clients to ask, to answer them early. */
const EARLY_STATE_BYTES = 256 * 1024;
const EARLY_STATE_WAIT_MS = 50;

export class DocumentRegistry implements LiveDocs {
  private readonly docs = new Map<string, LiveDocument>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly connections = new Set<Connection>();
  readonly persister: Persister;
  private readonly hooks: HookList;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly accessTimer: NodeJS.Timeout;
  private shuttingDown = false;
  private readonly connectionContext: ConnectionContext;
  /** WebSocket messages and bytes in and out, for the metrics. */
  readonly traffic = new Traffic();
  /** What every loaded document shares, held once. */
  private readonly documentContext: LiveDocumentContext;

  constructor(private readonly opts: RegistryOptions) {
    this.hooks = new HookList(opts.logger);
    this.connectionContext = { logger: opts.logger, hooks: this.hooks, traffic: this.traffic, onClose: (c) => this.disconnect(c) };
    this.persister = new Persister(opts.store, opts.logger, () => this.hooks.call('failed', 'store_write'), opts.commitSpacingMs ?? 0);
    this.documentContext = { store: opts.store, persister: this.persister, logger: opts.logger, compactionThreshold: opts.compactionThreshold, hooks: this.hooks };
    this.pingTimer = setInterval(() => this.pingAll(), opts.pingIntervalMs);
    this.pingTimer.unref();
    this.accessTimer = setInterval(() => void this.recheckAll(), opts.accessRecheckMs ?? 60_000);
    this.accessTimer.unref();
  }

  /** Attaches a cross-cutting concern (fan-out, metrics) at the lifecycle points of SyncHooks. */
  addHooks(hooks: SyncHooks): void {
    this.hooks.add(hooks);
  }

  loadedCount(): number {
    return this.docs.size;
  }

  /** The loaded document, if this instance holds it. */
  get(docId: string): LiveDocument | undefined {
    return this.docs.get(docId);
  }

  loadedDocuments(): LiveDocument[] {
    return [...this.docs.values()];
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Takes over an authorised WebSocket (and the socket it was upgraded from) for `docId` with the given role. */
  connect(ws: WebSocket, socket: Duplex, docId: string, userId: string, role: DocumentRole): Connection {
    const conn = new Connection(ws, socket, docId, userId, role, this.connectionContext);
    this.connections.add(conn);
    this.hooks.call('connectionOpened', docId, userId);
    this.opts.logger.debug({ docId, userId, role }, 'connection opened');
    // Groups first: row ownership is checked from the first message on.
    this.opts.store.listUserGroups(userId).then((groups) => {
      conn.groupIds = new Set(groups.map((g) => g.id));
      return this.acquire(docId);
    }).then(
      (live) => {
        if (conn.isClosed) {
          this.maybeScheduleUnload(live);
          return;
        }
        live.peers.add(conn);
        conn.attach(live);
      },
      (err) => {
        this.hooks.call('failed', 'load');
        this.opts.logger.error({ err, docId, userId }, 'loading document failed');
        conn.close(CloseCode.InternalError, 'document could not be loaded');
      },
    );
    return conn;
  }

  private disconnect(conn: Connection): void {
    this.connections.delete(conn);
    this.hooks.call('connectionClosed', conn.docId, conn.userId);
    this.opts.logger.debug({ docId: conn.docId, userId: conn.userId }, 'connection closed');
    const live = this.docs.get(conn.docId);
    if (!live) return;
    live.removePeer(conn);
    this.maybeScheduleUnload(live);
  }

  private acquire(docId: string): Promise<LiveDocument> {
    this.cancelUnload(docId);
    const live = this.docs.get(docId);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(docId);
    if (!loading) {
      loading = this.load(docId).finally(() => this.loading.delete(docId));
      this.loading.set(docId, loading);
    }
    return loading;
  }

  private async load(docId: string): Promise<LiveDocument> {
    const { snapshot, updates } = await this.opts.store.loadDocState(docId);
    const parts = snapshot ? [snapshot, ...updates] : updates;
    // Building the Y.Doc blocks for a while on large documents: fresh clients get the stored
    // parts first and decode them meanwhile. A client sends its first message right after
    // the upgrade; for a large document that is worth a short wait.
    const waiting = [...this.connections].filter((c) => c.docId === docId);
    if (byteLength(parts) >= EARLY_STATE_BYTES) {
      await Promise.race([Promise.all(waiting.map((c) => c.firstMessage())), new Promise((r) => setTimeout(r, EARLY_STATE_WAIT_MS))]);
    }
    const early = waiting.map((c) => c.sendStoredState(parts));
    await Promise.all(early);
    const live = new LiveDocument(docId, parts, updates.length, this.documentContext, { sentStoredState: early.some((sent) => sent !== null) });
    this.docs.set(docId, live);
    this.hooks.call('documentLoaded', live);
    // After the first client had its answer: compaction holds the event loop for a while.
    setImmediate(() => live.compactIfLarge());
    return live;
  }

  private maybeScheduleUnload(live: LiveDocument): void {
    if (live.peers.size > 0 || live.holds > 0 || this.unloadTimers.has(live.id) || this.shuttingDown) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(live.id);
      void this.tryUnload(live);
    }, this.opts.unloadGraceMs);
    timer.unref();
    this.unloadTimers.set(live.id, timer);
  }

  private cancelUnload(docId: string): void {
    const t = this.unloadTimers.get(docId);
    if (t) {
      clearTimeout(t);
      this.unloadTimers.delete(docId);
    }
  }

  private async tryUnload(live: LiveDocument): Promise<void> {
    if (live.peers.size > 0 || live.holds > 0 || this.docs.get(live.id) !== live) return;
    if (live.hasUnstored) {
      // Not yet durable: wait for the store, then try again through the one unload path.
      await live.whenStored();
      this.maybeScheduleUnload(live);
      return;
    }
    this.docs.delete(live.id);
    this.hooks.call('documentUnloading', live);
    await live.destroy();
    this.hooks.call('documentUnloaded', live.id);
    this.opts.logger.debug({ docId: live.id }, 'document unloaded');
  }

  async change(docId: string, userId: string | null, fn: (doc: Y.Doc) => void): Promise<void> {
    const live = await this.acquire(docId);
    live.holds++;
    try {
      live.doc.transact(() => fn(live.doc), { userId });
      await live.whenStored();
    } finally {
      live.holds--;
      this.maybeScheduleUnload(live);
    }
  }

  /** Runs `fn` on the loaded document and keeps it loaded until `fn` has finished. */
  async withDocument<T>(docId: string, fn: (live: LiveDocument) => Promise<T>): Promise<T> {
    const live = await this.acquire(docId);
    live.holds++;
    try {
      return await fn(live);
    } finally {
      live.holds--;
      this.maybeScheduleUnload(live);
    }
  }

  async read<T>(docId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const live = await this.acquire(docId);
    live.holds++;
    try {
      return fn(live.doc);
    } finally {
      live.holds--;
      this.maybeScheduleUnload(live);
    }
  }

  peek<T>(docId: string, fn: (doc: Y.Doc) => T): T | undefined {
    const live = this.docs.get(docId);
    return live ? fn(live.doc) : undefined;
  }

  /**
   * Re-checks the role of every connection to the document: a downgrade applies to the next
   * message, a revocation closes the connection. Other instances holding the document are told
   * through the fan-out (`announce`), and every connection is re-checked periodically as well,
   * which covers links that expire and changes another instance could not announce.
   */
  async refreshAccess(docId: string, opts: { announce: boolean } = { announce: true }): Promise<void> {
    if (opts.announce) this.hooks.call('accessChanged', docId);
    const doc = await this.opts.store.getDocument(docId);
    for (const conn of [...this.connections]) {
      if (conn.docId !== docId) continue;
      const user = await this.opts.store.getUserById(conn.userId);
      const role = doc && doc.deletedAt === null && user && !user.disabled ? await this.opts.store.getRole(docId, conn.userId) : null;
      if (!role) {
        conn.close(CloseCode.Forbidden, CloseReason.AccessRevoked);
      } else {
        conn.role = role;
        conn.groupIds = new Set((await this.opts.store.listUserGroups(conn.userId)).map((g) => g.id));
      }
    }
  }

  /** Re-checks every connection of a user (disabled, role changes). */
  async refreshUser(userId: string): Promise<void> {
    const docIds = new Set([...this.connections].filter((c) => c.userId === userId).map((c) => c.docId));
    for (const docId of docIds) await this.refreshAccess(docId);
  }

  closeDocument(docId: string, code: number, reason: string): void {
    for (const conn of [...this.connections]) if (conn.docId === docId) conn.close(code, reason);
  }

  private async recheckAll(): Promise<void> {
    const docIds = new Set([...this.connections].map((c) => c.docId));
    try {
      for (const docId of docIds) await this.refreshAccess(docId, { announce: false });
    } catch (err) {
      this.opts.logger.error({ err }, 're-checking access failed; the next round tries again');
    }
  }

  private pingAll(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        this.opts.logger.info({ docId: conn.docId, userId: conn.userId }, 'no pong; dropping dead connection');
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /** Closes every connection, stores everything pending, and unloads all documents. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.pingTimer);
    clearInterval(this.accessTimer);
    for (const t of this.unloadTimers.values()) clearTimeout(t);
    this.unloadTimers.clear();
    for (const conn of [...this.connections]) conn.close(CloseCode.GoingAway, 'server shutting down');
    await Promise.allSettled(this.loading.values());
    await this.persister.flush();
    for (const live of this.docs.values()) {
      this.hooks.call('documentUnloading', live);
      await live.destroy();
      this.hooks.call('documentUnloaded', live.id);
    }
    this.docs.clear();
  }
}
