import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncHooks } from '../sync/hooks';

export interface MetricsSource {
  connectionCount(): number;
  loadedCount(): number;
  /** Updates waiting to be stored. */
  persistQueueLength(): number;
  /** WebSocket traffic so far (counted by the sync layer, read when scraped). */
  traffic(): { messagesIn: number; bytesIn: number; messagesOut: number; bytesOut: number };
}

/** A counter that follows a running total read at scrape time. */
function totalCounter(name: string, help: string, registers: Registry[], read: () => number): Counter {
  let seen = 0;
  return new Counter({
    name,
    help,
    registers,
    collect() {
      const total = read();
      if (total > seen) this.inc(total - seen);
      seen = total;
    },
  });
}

/**
 * Prometheus metrics of one app instance, in a registry of its own (not prom-client's global
 * one), so that tests can run several apps in one process. Fed through the sync hooks and a
 * measuring wrapper around the store.
 */
export class Metrics implements SyncHooks {
  readonly registry = new Registry();
  private readonly opened: Counter;
  private readonly storeDuration: Histogram<'operation' | 'outcome'>;
  private readonly compactions: Counter;
  private readonly compactedUpdates: Counter;
  private readonly compactionDuration: Histogram;
  private readonly remoteUpdates: Counter;
  private readonly errors: Counter<'kind'>;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({ name: 'werkraum_connections', help: 'Open WebSocket connections', registers, collect() { this.set(source.connectionCount()); } });
    new Gauge({ name: 'werkraum_documents_loaded', help: 'Documents held in memory', registers, collect() { this.set(source.loadedCount()); } });
    new Gauge({ name: 'werkraum_persist_queue_length', help: 'Updates waiting to be stored', registers, collect() { this.set(source.persistQueueLength()); } });
    this.opened = new Counter({ name: 'werkraum_connections_opened_total', help: 'WebSocket connections accepted', registers });
    totalCounter('werkraum_messages_received_total', 'WebSocket messages received', registers, () => source.traffic().messagesIn);
    totalCounter('werkraum_messages_sent_total', 'WebSocket messages sent', registers, () => source.traffic().messagesOut);
    totalCounter('werkraum_received_bytes_total', 'WebSocket payload bytes received', registers, () => source.traffic().bytesIn);
    totalCounter('werkraum_sent_bytes_total', 'WebSocket payload bytes sent', registers, () => source.traffic().bytesOut);
    this.storeDuration = new Histogram({
      name: 'werkraum_store_operation_duration_seconds',
      help: 'Duration of store operations',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.compactions = new Counter({ name: 'werkraum_compactions_total', help: 'Compactions that merged log entries', registers });
    this.compactedUpdates = new Counter({ name: 'werkraum_compacted_updates_total', help: 'Log entries merged into snapshots', registers });
    this.compactionDuration = new Histogram({
      name: 'werkraum_compaction_duration_seconds',
      help: 'Duration of compactions',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.remoteUpdates = new Counter({ name: 'werkraum_remote_updates_applied_total', help: 'Updates from other instances or resyncs applied', registers });
    this.errors = new Counter({ name: 'werkraum_errors_total', help: 'Handled failures by kind', labelNames: ['kind'], registers });
  }

  /** Records one store call (used by instrumentStore). */
  observeStore = (operation: string, seconds: number, ok: boolean): void => {
    this.storeDuration.observe({ operation, outcome: ok ? 'ok' : 'error' }, seconds);
    if (!ok) this.errors.inc({ kind: 'store' });
  };

  /** A fan-out message that could not be sent. */
  pubsubDropped = (): void => this.errors.inc({ kind: 'pubsub_dropped' });

  resyncFailed = (): void => this.errors.inc({ kind: 'resync' });

  connectionOpened(): void {
    this.opened.inc();
  }

  remoteUpdateApplied(): void {
    this.remoteUpdates.inc();
  }

  compacted(_docId: string, merged: number, seconds: number): void {
    if (merged === 0) return;
    this.compactions.inc();
    this.compactedUpdates.inc(merged);
    this.compactionDuration.observe(seconds);
  }

  failed(kind: string): void {
    this.errors.inc({ kind });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
