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

const MAX_BACKOFF_MS = 5_000;

/**
 * Group commit: updates enqueued within one event-loop turn (and while a write is running)
 * go to the store in one transaction. A failed write keeps its entries at the head of the
 * queue and is retried with back-off; nothing is acknowledged before it is stored.
 */
export class Persister {
  private queue: Entry[] = [];
  private scheduled = false;
  private running = false;
  private backoffMs = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly pendingByDoc = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  enqueue(target: PersistTarget, update: Uint8Array, userId: string | null): void {
    this.queue.push({ target, update, userId });
    this.pendingByDoc.set(target.id, (this.pendingByDoc.get(target.id) ?? 0) + 1);
    this.schedule();
  }

  hasPending(docId: string): boolean {
    return (this.pendingByDoc.get(docId) ?? 0) > 0;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Resolves when everything enqueued so far (and after) is stored. */
  flush(): Promise<void> {
    if (!this.running && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.store.appendUpdates(coalesce(batch));
        this.backoffMs = 0;
      } catch (err) {
        this.queue = batch.concat(this.queue);
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : 50);
        this.logger.error({ err, updates: batch.length, retryInMs: this.backoffMs }, 'storing updates failed; will retry');
        await new Promise((r) => setTimeout(r, this.backoffMs));
        continue;
      }
      const counts = new Map<PersistTarget, number>();
      for (const e of batch) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
      for (const [target, n] of counts) {
        const left = (this.pendingByDoc.get(target.id) ?? 0) - n;
        if (left > 0) this.pendingByDoc.set(target.id, left);
        else this.pendingByDoc.delete(target.id);
        target.markStored(n);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
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
