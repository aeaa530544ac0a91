import * as Y from 'yjs';
import type { Logger } from '../../lib/log';
import type { Store, VersionRecord } from '../../lib/store/types';
import type { VersionTaker } from '../../lib/versions/recorder';
import {
  addDeletes, addInsert, decodeAttribution, emptyAttribution, encodeAttribution, mergeAttribution, type Attribution,
} from '../../lib/versions/attribution';
import { REMOTE_ORIGIN, type LiveDocument } from '../sync/LiveDocument';
import type { SyncHooks } from '../sync/hooks';

export interface VersionRecorderOptions {
  store: Store;
  logger: Logger;
  /** An automatic version after this long without edits… */
  pauseMs: number;
  /** …or once edits have gone on this long since the last version. */
  intervalMs: number;
  /** Keeps a document loaded while a version of it is taken. */
  withDocument<T>(docId: string, fn: (live: LiveDocument) => Promise<T>): Promise<T>;
}

interface Tracked {
  live: LiveDocument;
  /** Created on the first change or read (most loaded documents are only read). */
  attribution: Attribution | null;
  /** Users who changed the document since the last version. */
  authors: Set<string> | null;
  dirtySince: number | null;
  timer: NodeJS.Timeout | null;
  /** The attribution of the latest stored version, merged in once read (see `seed`). */
  seeded: Promise<void> | null;
  onTransaction: (tr: Y.Transaction) => void;
}

/**
 * Records who wrote and deleted what in each loaded document, and stores versions: automatic
 * ones after a pause, after a long stretch of edits and when a changed document leaves memory,
 * and named ones on request. It attaches at the registry's hooks; the sync core knows nothing
 * of it.
 */
export class VersionRecorder implements SyncHooks, VersionTaker {
  private readonly docs = new Map<string, Tracked>();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(private readonly opts: VersionRecorderOptions) {}

  documentLoaded(live: LiveDocument): void {
    const t: Tracked = {
      live,
      attribution: null,
      authors: null,
      dirtySince: null,
      timer: null,
      seeded: null,
      onTransaction: NOOP,
    };
    // Assigned, not written in the literal: a function defined as a named property gets an own
    // "name" property at run time (a property array per loaded document).
    t.onTransaction = (tr) => this.onTransaction(t, tr);
    live.doc.on('afterTransaction', t.onTransaction);
    this.docs.set(live.id, t);
  }

  documentUnloading(live: LiveDocument): void {
    const t = this.docs.get(live.id);
    if (!t) return;
    // Leaving memory is a pause too; the state must be taken now, while the doc exists.
    if (t.dirtySince !== null) void this.record(t, { name: null, createdBy: null, auto: true }).catch(() => undefined);
    this.forget(t);
  }

  documentUnloaded(docId: string): void {
    const t = this.docs.get(docId);
    if (t) this.forget(t);
  }

  private forget(t: Tracked): void {
    if (t.timer) clearTimeout(t.timer);
    t.live.doc.off('afterTransaction', t.onTransaction);
    this.docs.delete(t.live.id);
  }

  /**
   * Reads the latest version's attribution once, on first need: most loaded documents are only
   * read, and a query plus its promise per load is what an idle server would hold for nothing.
   */
  private seed(t: Tracked): Promise<void> {
    t.seeded ??= this.opts.store.latestVersion(t.live.id).then(
      (v) => { if (v) mergeAttribution(attributionOf(t), decodeAttribution(v.attribution)); },
      (err: unknown) => this.opts.logger.error({ err, docId: t.live.id }, 'reading the latest version failed; earlier authorship stays unknown'),
    );
    return t.seeded;
  }

  private onTransaction(t: Tracked, tr: Y.Transaction): void {
    // Changes from other instances are attributed where they were made.
    if (tr.origin === REMOTE_ORIGIN) return;
    const userId = userOf(tr.origin);
    let changed = false;
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after > before) {
        addInsert(attributionOf(t), client, before, after, userId);
        changed = true;
      }
    }
    if (hasDeletes(tr.deleteSet)) {
      if (userId) addDeletes(attributionOf(t), userId, tr.deleteSet);
      changed = true;
    }
    if (!changed) return;
    void this.seed(t);
    if (userId) (t.authors ??= new Set()).add(userId);
    const now = Date.now();
    t.dirtySince ??= now;
    if (now - t.dirtySince >= this.opts.intervalMs) {
      if (t.timer) clearTimeout(t.timer);
      t.timer = null;
      void this.record(t, { name: null, createdBy: null, auto: true }).catch(() => undefined);
      return;
    }
    // One pause timer per document, pushed back by every change: a new timer per keystroke
    // was a timer allocated and another cancelled on the relay's thread for every edit.
    if (t.timer) {
      t.timer.refresh();
      return;
    }
    t.timer = setTimeout(() => {
      t.timer = null;
      if (t.dirtySince !== null && this.docs.get(t.live.id) === t) void this.record(t, { name: null, createdBy: null, auto: true }).catch(() => undefined);
    }, this.opts.pauseMs);
    t.timer.unref();
  }

  async take(docId: string, opts: { name: string | null; userId: string }): Promise<VersionRecord> {
    return this.opts.withDocument(docId, async (live) => {
      const t = this.docs.get(docId);
      if (!t || t.live !== live) throw new Error(`document ${docId} is loaded but not tracked`);
      await this.seed(t);
      return this.record(t, { name: opts.name, createdBy: opts.userId, auto: false });
    });
  }

  async authorship(docId: string): Promise<Attribution['marks']> {
    return this.opts.withDocument(docId, async () => {
      const t = this.docs.get(docId);
      if (!t) return new Map();
      await this.seed(t);
      return new Map([...attributionOf(t).marks].map(([client, list]) => [client, list.map(([c, u]): [number, string | null] => [c, u])]));
    });
  }

  /** Takes the state now (synchronously) and stores it with what is known about its authors. */
  private record(t: Tracked, v: { name: string | null; createdBy: string | null; auto: boolean }): Promise<VersionRecord> {
    const state = Y.encodeStateAsUpdate(t.live.doc);
    const authors = t.authors ? [...t.authors] : [];
    t.authors = null;
    t.dirtySince = null;
    if (t.timer) clearTimeout(t.timer);
    t.timer = null;
    const docId = t.live.id;
    const write = this.seed(t).then(() =>
      this.opts.store.createVersion({ documentId: docId, ...v, authors, state, attribution: encodeAttribution(attributionOf(t)) }),
    );
    this.writes.add(write);
    void write.then(
      () => this.writes.delete(write),
      (err: unknown) => {
        this.writes.delete(write);
        this.opts.logger.error({ err, docId, auto: v.auto }, 'storing a version failed');
      },
    );
    return write;
  }

  /** Waits for every version being written (before the store closes). */
  async flush(): Promise<void> {
    while (this.writes.size) await Promise.allSettled([...this.writes]);
  }

  stop(): void {
    for (const t of [...this.docs.values()]) this.forget(t);
  }
}

const NOOP = (): void => undefined;

function attributionOf(t: Tracked): Attribution {
  return (t.attribution ??= emptyAttribution());
}

function userOf(origin: unknown): string | null {
  if (typeof origin !== 'object' || origin === null || !('userId' in origin)) return null;
  const { userId } = origin as { userId: unknown };
  return typeof userId === 'string' ? userId : null;
}

function hasDeletes(ds: Y.Transaction['deleteSet']): boolean {
  for (const items of ds.clients.values()) if (items.length > 0) return true;
  return false;
}
