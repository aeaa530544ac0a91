import { Worker } from 'node:worker_threads';
import * as encoding from 'lib0/encoding';
import type { StoredUpdate, VersionData } from '../types';

interface Waiting {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** A failed append in the worker, with SQLite's error code when there is one. */
export class AppendError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The main thread's handle on appendWorker.mjs: one batch (or one version) per message, answered
 * once committed. A worker that dies fails what it was given (the persister retries it) and is
 * started again on the next batch.
 */
export class AppendThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly file: string) {}

  append(batch: StoredUpdate[]): Promise<void> {
    const packed = packBatch(batch);
    return this.request((id) => ({ id, packed }), [packed.buffer]);
  }

  /**
   * Stores a version. Its commit waits for the disk like an append's, which on the main thread
   * held up relaying whenever a document paused long enough for an automatic version.
   */
  insertVersion(version: VersionData): Promise<void> {
    // A copy of exactly its bytes: the caller keeps its array, and a view would send its whole buffer.
    const state = version.state.slice();
    return this.request((id) => ({ id, version: { ...version, state } }), [state.buffer]);
  }

  private request(message: (id: number) => object, transfer: ArrayBuffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    // Referenced only while it holds requests: pending writes keep the process alive, an idle
    // thread does not.
    if (this.waiting.size === 0) worker.ref();
    const done = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(message(id), transfer);
    });
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Waits for every batch handed over, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  /** Starts the thread ahead of the first batch, so the first edit does not wait for it. */
  start(): Worker {
    // No inherited loader flags: the worker is plain JavaScript and starts faster without them.
    const worker = new Worker(new URL('./appendWorker.mjs', import.meta.url), { workerData: { file: this.file }, execArgv: [] });
    worker.unref();
    worker.on('message', (m: { id: number; error?: string; code?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.error === undefined) w.resolve();
      else w.reject(new AppendError(m.error, m.code));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`append thread exited with ${code}`)));
    this.worker = worker;
    return worker;
  }
}

/**
 * One compact buffer per batch, handed over without copying. An update received from a socket is
 * a view into the socket's read buffer, and cloning a view for another thread copies all of that
 * buffer, not just the update.
 */
function packBatch(batch: StoredUpdate[]): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, batch.length);
  for (const u of batch) {
    encoding.writeVarString(e, u.documentId);
    encoding.writeUint8(e, u.userId === null ? 0 : 1);
    if (u.userId !== null) encoding.writeVarString(e, u.userId);
    encoding.writeVarUint8Array(e, u.update);
  }
  return encoding.toUint8Array(e) as Uint8Array<ArrayBuffer>;
}
