/** What instances tell each other about a document they hold. */
export enum PubSubKind {
  /** A Yjs update made on the sending instance. */
  Update = 0,
  /** An awareness (presence) update of the sending instance's clients. */
  Awareness = 1,
  /** "I just loaded this document: send me your clients' presence." */
  AwarenessQuery = 2,
  /** The sender's updates of this document up to `seq` are durably stored. */
  Stored = 3,
  /** Who may do what with the document changed: re-check the connections. */
  AccessChanged = 4,
}

export interface PubSubMessage {
  kind: PubSubKind;
  payload: Uint8Array;
  /** Update: the sender's running number of the update; Stored: how many of them are stored. */
  seq?: number;
}

/** `from` is the sending instance's id. */
export type PubSubHandler = (message: PubSubMessage, from: string) => void;

/**
 * Fan-out of document messages between the instances that hold a document. Delivery is
 * at most once and a member never receives its own messages. Only server/pubsub/redis.ts
 * knows Redis; server/pubsub/local.ts serves one process.
 */
export interface PubSub {
  /** This instance's id, sent with every message so that echoes can be dropped. */
  readonly instanceId: string;
  /** True when other instances may exist, so that documents have to be resynced through the store. */
  readonly shared: boolean;
  /** Starts delivering the document's messages to `handler`; resolves once active (or deferred until connected). */
  subscribe(docId: string, handler: PubSubHandler): Promise<void>;
  unsubscribe(docId: string): Promise<void>;
  /** Fire and forget: a message that cannot be sent now is dropped (resync covers it). */
  publish(docId: string, message: PubSubMessage): void;
  /** Called after the connection came back, when messages may have been lost. Returns an unsubscribe function. */
  onReconnect(listener: () => void): () => void;
  /** Resolves when the transport is usable (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
