import { Redis, type RedisOptions } from 'ioredis';
import { newId } from '../../lib/ids';
import type { Logger } from '../../lib/log';
import type { PubSub, PubSubHandler, PubSubMessage } from './PubSub';
import { decodeFrame, encodeFrame } from './wire';

export interface RedisPubSubOptions {
  url: string;
  /** Channel prefix; a document's channel is `<prefix>doc:<docId>`. */
  prefix: string;
  logger: Logger;
  instanceId?: string;
  /** Called for every message dropped because Redis was unreachable. */
  onDropped?: () => void;
}

const PING_TIMEOUT_MS = 2_000;

/**
 * Redis Pub/Sub transport, with one publishing and one subscribed connection. Both reconnect
 * forever with capped back-off, and neither queues commands while disconnected: a message
 * published during an outage is dropped (the registry resyncs through the store after the
 * reconnect), and the subscriptions are renewed by this class once the connection is ready.
 */
export class RedisPubSub implements PubSub {
  readonly instanceId: string;
  readonly shared = true;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, PubSubHandler>();
  private readonly reconnectListeners = new Set<() => void>();
  private subReadyBefore = false;
  private closed = false;
  private lastErrorLog = 0;

  constructor(private readonly opts: RedisPubSubOptions) {
    this.instanceId = opts.instanceId ?? newId();
    const common: RedisOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
      connectionName: `werkraum-${this.instanceId}`,
    };
    this.pub = new Redis(opts.url, common);
    this.sub = new Redis(opts.url, { ...common, autoResubscribe: false });
    for (const [name, conn] of [['publisher', this.pub], ['subscriber', this.sub]] as const) {
      conn.on('error', (err: Error) => this.logError(name, err));
    }
    this.sub.on('messageBuffer', (channel: Buffer, frame: Buffer) => this.receive(channel, frame));
    this.sub.on('ready', () => void this.subscriberReady());
  }

  private channel(docId: string): string {
    return `${this.opts.prefix}doc:${docId}`;
  }

  private logError(connection: string, err: Error): void {
    // ioredis reports every failed reconnect attempt; one line every few seconds is enough.
    const now = Date.now();
    if (now - this.lastErrorLog < 5_000) return;
    this.lastErrorLog = now;
    this.opts.logger.warn({ connection, err: err.message }, 'Redis connection problem; reconnecting');
  }

  private async subscriberReady(): Promise<void> {
    const channels = [...this.handlers.keys()].map((d) => this.channel(d));
    try {
      if (channels.length) await this.sub.subscribe(...channels);
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'renewing Redis subscriptions failed');
    }
    if (this.subReadyBefore) {
      this.opts.logger.info({ channels: channels.length }, 'Redis reconnected; resyncing documents through the store');
      for (const l of this.reconnectListeners) l();
    }
    this.subReadyBefore = true;
  }

  private receive(channel: Buffer, frame: Buffer): void {
    const name = channel.toString();
    const docId = name.slice(this.opts.prefix.length + 'doc:'.length);
    const handler = this.handlers.get(docId);
    if (!handler) return;
    let decoded;
    try {
      decoded = decodeFrame(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, docId }, 'dropping a malformed fan-out message');
      return;
    }
    if (!decoded || decoded.instanceId === this.instanceId) return;
    handler(decoded.message, decoded.instanceId);
  }

  async subscribe(docId: string, handler: PubSubHandler): Promise<void> {
    this.handlers.set(docId, handler);
    // While disconnected, subscriberReady() subscribes once the connection is back.
    if (this.sub.status !== 'ready') return;
    try {
      await this.sub.subscribe(this.channel(docId));
      // Unloaded while the subscription was on its way: do not keep the channel.
      if (!this.handlers.has(docId)) await this.sub.unsubscribe(this.channel(docId));
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, docId }, 'Redis subscribe failed; retried after reconnect');
    }
  }

  async unsubscribe(docId: string): Promise<void> {
    if (!this.handlers.delete(docId) || this.sub.status !== 'ready') return;
    await this.sub.unsubscribe(this.channel(docId)).catch(() => undefined);
  }

  publish(docId: string, message: PubSubMessage): void {
    if (this.pub.status !== 'ready') {
      this.opts.onDropped?.();
      return;
    }
    const frame = encodeFrame(this.instanceId, message);
    this.pub.publish(this.channel(docId), Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)).catch(() => this.opts.onDropped?.());
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async ping(): Promise<void> {
    if (this.sub.status !== 'ready') throw new Error(`Redis subscriber is ${this.sub.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pub.ping(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('Redis ping timed out')), PING_TIMEOUT_MS); }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    this.reconnectListeners.clear();
    // quit() waits for Redis; during an outage it would never answer, so disconnect instead.
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
  }
}
