import * as Y from 'yjs';
import type { Logger } from '../../lib/log';
import type { Store, StoredUpdate } from '../../lib/store/types';

/** The part of a live document the persister reports back to. */
export interface PersistTarget {
  readonly id: string;
  markStored(count: number): void;
}

interface Entry {
  target: PersistTarget;
  update: Uint8Array;
  userId: string | null;
}

interface Parked {
  entries: Entry[];
  backoffMs: number;
  timer: NodeJS.Timeout | null;
}

const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 5_000;

/**
 * Group commit: updates enqueued within one event-loop turn (and while a write is running) go to
 * the store in one transaction. Commits start at least `commitSpacingMs` apart: a durable commit
 * costs the same CPU (mostly the kernel's flush) for one update as for fifty, so under load the
 * updates that arrive within the spacing share one, while a lone edit after a quiet spell is
 * written at once. When that fails, each document is retried in a transaction of
 * its own, so one failing document cannot hold back the others; a document that still fails is
 * parked (with everything enqueued for it afterwards, to keep its order) and retried with
 * back-off. Nothing is dropped and nothing is acknowledged before it is stored.
 */
export class Persister {
  private queue: Entry[] = [];
  private readonly parked = new Map<string, Parked>();
  private scheduled = false;
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly pendingByDoc = new Map<string, number>();
  private lastCommitAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly onFailure: () => void = () => undefined,
    private readonly commitSpacingMs = 0,
  ) {}

  enqueue(target: PersistTarget, update: Uint8Array, userId: string | null): void {
    const entry = { target, update, userId };
    this.pendingByDoc.set(target.id, (this.pendingByDoc.get(target.id) ?? 0) + 1);
    const parked = this.parked.get(target.id);
    if (parked) parked.entries.push(entry);
    else {
      this.queue.push(entry);
      this.schedule();
    }
  }

  hasPending(docId: string): boolean {
    return (this.pendingByDoc.get(docId) ?? 0) > 0;
  }

  get size(): number {
    let n = this.queue.length;
    for (const p of this.parked.values()) n += p.entries.length;
    return n;
  }

  /** Resolves when everything enqueued so far (and after) is stored. */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.running && !this.scheduled && this.queue.length === 0 && this.parked.size === 0;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const wait = this.untilNextCommit();
    if (wait > 0) setTimeout(() => void this.run(), wait);
    else setImmediate(() => void this.run());
  }

  private untilNextCommit(): number {
    return this.lastCommitAt + this.commitSpacingMs - performance.now();
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    while (this.queue.length > 0) {
      const wait = this.untilNextCommit();
      // What arrives meanwhile goes into the same commit.
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastCommitAt = performance.now();
      const batch = this.queue;
      this.queue = [];
      try {
        await this.store.appendUpdates(coalesce(batch));
        this.stored(batch);
      } catch (err) {
        const byDoc = groupByDoc(batch);
        this.logger.warn({ err, updates: batch.length, documents: byDoc.size }, 'storing a batch failed; retrying per document');
        for (const entries of byDoc.values()) await this.storeAlone(entries);
      }
    }
    this.running = false;
    this.notifyIfIdle();
  }

  private async storeAlone(entries: Entry[]): Promise<void> {
    try {
      await this.store.appendUpdates(coalesce(entries));
      this.stored(entries);
    } catch (err) {
      this.park(entries, err);
    }
  }

  private park(entries: Entry[], err: unknown): void {
    const docId = entries[0].target.id;
    const existing = this.parked.get(docId);
    const parked: Parked = existing ?? { entries: [], backoffMs: 0, timer: null };
    parked.entries = entries.concat(parked.entries);
    parked.backoffMs = Math.min(MAX_BACKOFF_MS, parked.backoffMs ? parked.backoffMs * 2 : FIRST_BACKOFF_MS);
    this.parked.set(docId, parked);
    this.onFailure();
    this.logger.error({ err, docId, updates: parked.entries.length, retryInMs: parked.backoffMs }, 'storing updates failed; will retry');
    parked.timer = setTimeout(() => void this.retryParked(docId), parked.backoffMs);
  }

  private async retryParked(docId: string): Promise<void> {
    const parked = this.parked.get(docId);
    if (!parked) return;
    const entries = parked.entries;
    parked.entries = [];
    try {
      await this.store.appendUpdates(coalesce(entries));
      this.stored(entries);
      if (parked.entries.length === 0) {
        this.parked.delete(docId);
        this.logger.info({ docId }, 'stored updates after retry');
      } else {
        // More arrived while retrying: keep them in order, try again at once.
        parked.backoffMs = 0;
        parked.timer = setTimeout(() => void this.retryParked(docId), 0);
      }
    } catch (err) {
      this.park(entries, err);
    }
    this.notifyIfIdle();
  }

  private stored(entries: Entry[]): void {
    const counts = new Map<PersistTarget, number>();
    for (const e of entries) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
    for (const [target, n] of counts) {
      const left = (this.pendingByDoc.get(target.id) ?? 0) - n;
      if (left > 0) this.pendingByDoc.set(target.id, left);
      else this.pendingByDoc.delete(target.id);
      target.markStored(n);
    }
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function groupByDoc(batch: Entry[]): Map<string, Entry[]> {
  const m = new Map<string, Entry[]>();
  for (const e of batch) {
    const list = m.get(e.target.id);
    if (list) list.push(e);
    else m.set(e.target.id, [e]);
  }
  return m;
}

/** Merges consecutive updates of one document by one author into one log row. */
function coalesce(batch: Entry[]): StoredUpdate[] {
  const out: StoredUpdate[] = [];
  let run: Entry[] = [];
  const emit = () => {
    if (run.length === 0) return;
    const first = run[0];
    out.push({
      documentId: first.target.id,
      userId: first.userId,
      update: run.length === 1 ? first.update : Y.mergeUpdates(run.map((e) => e.update)),
    });
    run = [];
  };
  for (const e of batch) {
    if (run.length > 0 && (run[0].target !== e.target || run[0].userId !== e.userId)) emit();
    run.push(e);
  }
  emit();
  return out;
}
