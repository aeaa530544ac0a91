import { newId } from '../../lib/ids';
import type { PubSub, PubSubHandler, PubSubMessage } from './PubSub';
import { decodeFrame, encodeFrame } from './wire';

/**
 * An in-process message bus. Each LocalPubSub on one bus acts as one instance; without a
 * shared bus a LocalPubSub is alone and publishing is a no-op. Tests use a shared bus to run
 * several registries in one process, `connected = false` to lose messages, and `reconnect()`.
 */
export class LocalBus {
  readonly members = new Set<LocalPubSub>();
  /** While false every message is lost, as during a broker outage. */
  connected = true;

  /** Ends an outage and tells every member, as a broker reconnect does. */
  reconnect(): void {
    this.connected = true;
    for (const m of this.members) m.reconnected();
  }
}

export class LocalPubSub implements PubSub {
  readonly instanceId: string;
  readonly shared: boolean;
  private readonly handlers = new Map<string, PubSubHandler>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly bus: LocalBus;

  constructor(opts: { bus?: LocalBus; instanceId?: string } = {}) {
    this.instanceId = opts.instanceId ?? newId();
    this.shared = opts.bus !== undefined;
    this.bus = opts.bus ?? new LocalBus();
    this.bus.members.add(this);
  }

  async subscribe(docId: string, handler: PubSubHandler): Promise<void> {
    this.handlers.set(docId, handler);
  }

  async unsubscribe(docId: string): Promise<void> {
    this.handlers.delete(docId);
  }

  publish(docId: string, message: PubSubMessage): void {
    if (!this.shared || !this.bus.connected) return;
    // Encoded like the Redis transport, and delivered asynchronously like a network would.
    const frame = encodeFrame(this.instanceId, message);
    for (const member of this.bus.members) {
      if (member === this) continue;
      setImmediate(() => member.deliver(docId, frame));
    }
  }

  private deliver(docId: string, frame: Uint8Array): void {
    const decoded = decodeFrame(frame);
    if (!decoded || decoded.instanceId === this.instanceId) return;
    this.handlers.get(docId)?.(decoded.message, decoded.instanceId);
  }

  /** Called by the bus after an outage. */
  reconnected(): void {
    for (const l of this.reconnectListeners) l();
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async ping(): Promise<void> {
    if (!this.bus.connected) throw new Error('local bus disconnected');
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.reconnectListeners.clear();
    this.bus.members.delete(this);
  }
}
