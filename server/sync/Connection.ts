import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Logger } from '../../lib/log';
import type { DocumentRole } from '../../lib/store/types';
import { canEdit } from '../../lib/access/roles';
import { CloseCode, CloseReason, MessageType, WerkraumMessage } from '../../lib/collab/protocol';
import { encodeAwareness, encodeSaved, encodeStoredState, encodeSyncStep1, encodeSyncStep2, isEmptyStateVector, isFullStateRequest } from './messages';
import { refuseClientUpdate } from './updatePolicy';
import { refuseRowWrites } from './rowPolicy';
import type { LiveDocument, Peer } from './LiveDocument';
import type { HookList } from './hooks';
import type { Traffic } from './Traffic';
import { prepareFrame, type PreparedFrame } from './frames';

class MalformedMessage extends Error {}

/** What every connection of a registry shares, held once instead of once per connection. */
export interface ConnectionContext {
  readonly logger: Logger;
  readonly hooks: HookList;
  readonly traffic: Traffic;
  onClose(conn: Connection): void;
}

const NO_GROUPS: ReadonlySet<string> = new Set();
const SMALL_MESSAGE_BYTES = 16 * 1024;
const CONNECTION = Symbol('werkraum.connection');
type OwnedSocket = WebSocket & { [CONNECTION]: Connection };

// Module-level listeners instead of closures: an idle server holds thousands of connections,
// and four closures with their shared context per socket add up.
const ownerOf = (ws: WebSocket): Connection => (ws as OwnedSocket)[CONNECTION];
function onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  ownerOf(this).receive(data, isBinary);
}
function onSocketPong(this: WebSocket): void {
  ownerOf(this).alive = true;
}
function onSocketClose(this: WebSocket): void {
  ownerOf(this).handleClosed();
}
function onSocketError(this: WebSocket, err: Error): void {
  const conn = ownerOf(this);
  conn.ctx.logger.warn({ err: err.message, docId: conn.docId, userId: conn.userId }, 'websocket error');
}

/**
 * One client's WebSocket on one document. Messages that arrive before the document is loaded
 * are queued and handled in order once it is. Any message we cannot parse closes this
 * connection only.
 */
export class Connection implements Peer {
  readonly awarenessClients = new Set<number>();
  alive = true;
  private live: LiveDocument | null = null;
  /** Messages that arrived before the document was loaded; null once attached. */
  private pending: Uint8Array[] | null = [];
  private closed = false;
  droppedUpdates = 0;
  /** The stored state went out before the document was built; its first step 1 is answered from there. */
  private sentStoredState = false;
  private firstMessageWaiters: Array<() => void> | null = null;
  /** The user's groups, for row ownership in sheets; set before the document is attached. */
  private groups: ReadonlySet<string> = NO_GROUPS;

  constructor(
    readonly ws: WebSocket,
    /**
     * The socket `ws` was upgraded from (the same stream ws writes to). Broadcasts are written
     * to it as prepared frames; ws never holds frames back here (no compression, no blobs), so
     * they stay in order with what ws itself sends.
     */
    private readonly socket: Duplex,
    public docId: string,
    readonly userId: string,
    public role: DocumentRole,
    readonly ctx: ConnectionContext,
  ) {
    ws.binaryType = 'nodebuffer';
    (ws as OwnedSocket)[CONNECTION] = this;
    ws.on('message', onSocketMessage);
    ws.on('pong', onSocketPong);
    ws.on('close', onSocketClose);
    ws.on('error', onSocketError);
  }

  get groupIds(): ReadonlySet<string> {
    return this.groups;
  }

  set groupIds(ids: ReadonlySet<string>) {
    this.groups = ids.size ? ids : NO_GROUPS;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Called by the registry once the document is loaded. */
  attach(live: LiveDocument): void {
    if (this.closed) return;
    this.live = live;
    // The document's own id string: one copy for all its connections.
    this.docId = live.id;
    this.send(encodeSyncStep1(live.doc));
    const states = [...live.awareness.getStates().keys()];
    if (states.length) this.send(encodeAwareness(live.awareness, states));
    const queued = this.pending ?? [];
    this.pending = null;
    for (const m of queued) if (!this.closed) this.handle(m);
  }

  /**
   * Called while the document is being loaded. A client whose first message asks for
   * everything (a fresh browser tab) gets the stored parts as they are, so it decodes them
   * while the server builds its own copy instead of after. Resolves when the bytes reached the
   * socket, or after a short wait for a slow one (the build must not wait for a slow link).
   */
  sendStoredState(parts: Uint8Array[]): Promise<void> | null {
    if (this.closed || this.live || parts.length === 0 || !this.pending?.[0] || !isFullStateRequest(this.pending[0])) return null;
    if (this.ws.readyState !== this.ws.OPEN) return null;
    this.sentStoredState = true;
    const messages = encodeStoredState(parts);
    const last = messages.pop()!;
    for (const message of messages) this.send(message);
    this.countSent(last.byteLength);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 100);
      this.ws.send(last, (err) => {
        clearTimeout(timer);
        if (err) this.close(CloseCode.InternalError, 'send failed');
        resolve();
      });
    });
  }

  send(message: Uint8Array): void {
    // Small messages (acknowledgements, presence, typing) are copied into one frame; large ones
    // (a document's state) go through ws, which writes header and payload without a copy.
    if (message.byteLength <= SMALL_MESSAGE_BYTES) {
      this.sendFrame(prepareFrame(message));
      return;
    }
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.countSent(message.byteLength);
    this.ws.send(message, (err) => {
      if (err) this.close(CloseCode.InternalError, 'send failed');
    });
  }

  sendFrame(frame: PreparedFrame): void {
    // After ws.close() (CLOSING) nothing may follow its close frame.
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.countSent(frame.message.byteLength);
    // A failed write errors the socket; ws then closes the connection (onSocketClose).
    this.socket.write(frame.bytes);
  }

  private countSent(bytes: number): void {
    this.ctx.traffic.messagesOut++;
    this.ctx.traffic.bytesOut += bytes;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.handleClosed();
  }

  /** @internal called by the socket's close listener. */
  handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    this.wakeFirstMessageWaiters();
    this.ctx.onClose(this);
  }

  private wakeFirstMessageWaiters(): void {
    const waiters = this.firstMessageWaiters;
    this.firstMessageWaiters = null;
    if (waiters) for (const resolve of waiters) resolve();
  }

  /** Resolves once the client sent its first message (or the connection closed). */
  firstMessage(): Promise<void> {
    if (this.pending?.length || this.live || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      (this.firstMessageWaiters ??= []).push(resolve);
    });
  }

  /** @internal called by the socket's message listener. */
  receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.malformed('text frame');
      return;
    }
    const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.ctx.traffic.messagesIn++;
    this.ctx.traffic.bytesIn += message.byteLength;
    if (!this.live) {
      this.pending?.push(message);
      this.wakeFirstMessageWaiters();
    } else this.handle(message);
  }

  private handle(message: Uint8Array): void {
    const live = this.live!;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync:
          this.handleSync(decoder, live, message);
          break;
        case MessageType.Awareness:
          awarenessProtocol.applyAwarenessUpdate(live.awareness, decoding.readVarUint8Array(decoder), this);
          break;
        case MessageType.QueryAwareness:
          this.send(encodeAwareness(live.awareness, [...live.awareness.getStates().keys()]));
          break;
        case MessageType.Werkraum:
          this.handleWerkraum(decoder, live);
          break;
        default:
          throw new MalformedMessage(`unknown message type ${type}`);
      }
    } catch (err) {
      this.malformed(err instanceof Error ? err.message : String(err));
    }
  }

  private handleSync(decoder: decoding.Decoder, live: LiveDocument, message: Uint8Array): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const clientState = decoding.readVarUint8Array(decoder);
        // After the stored state went out, only what changed since the build is missing.
        if (this.sentStoredState && live.loadedStateVector) this.send(encodeSyncStep2(live.doc, live.loadedStateVector));
        else if (isEmptyStateVector(clientState)) {
          // Outside this handler's try: a failure closes this connection only, as here.
          this.sendFullState(live).catch((err: unknown) => {
            this.ctx.logger.error({ err, docId: this.docId }, 'answering a new client with the document failed; closing connection');
            this.close(CloseCode.InternalError, 'sync failed');
          });
        }
        else this.send(encodeSyncStep2(live.doc, clientState));
        this.sentStoredState = false;
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (!canEdit(this.role)) {
          // Read-only: never applied, stored or relayed, whatever the client sends.
          this.droppedUpdates++;
          if (this.droppedUpdates === 1) this.ctx.logger.info({ docId: this.docId, userId: this.userId }, 'dropping updates from a read-only connection');
          return;
        }
        const refusal = refuseClientUpdate(live.doc, update);
        if (refusal) {
          // Dropping it silently would leave a gap in this client's clock that holds back all
          // its later edits; closing makes it reconnect and resync instead.
          this.ctx.hooks.call('failed', 'refused_update');
          this.ctx.logger.warn({ docId: this.docId, userId: this.userId, detail: refusal }, 'refusing a client update; closing connection');
          this.close(CloseCode.UpdateRefused, 'update refused');
          return;
        }
        const rowRefusal = refuseRowWrites(live.doc, update, this.role, this.groupIds);
        if (rowRefusal) {
          // Not applied, stored or relayed; the client drops what it holds and resyncs.
          this.ctx.hooks.call('failed', 'refused_update');
          this.ctx.logger.info({ docId: this.docId, userId: this.userId, detail: rowRefusal }, 'refusing a write into an owned row');
          this.close(CloseCode.UpdateRefused, CloseReason.RowOwned);
          return;
        }
        // An update message is relayed as it came (up to its end); a sync step 2 is not, since
        // clients take one as the end of their own initial sync.
        live.applyClientUpdate(this, update, syncType === syncProtocol.messageYjsUpdate ? message.subarray(0, decoder.pos) : null);
        return;
      }
      default:
        throw new MalformedMessage(`unknown sync message type ${syncType}`);
    }
  }

  private async sendFullState(live: LiveDocument): Promise<void> {
    for (const message of await live.fullStateMessages()) this.send(message);
  }

  private handleWerkraum(decoder: decoding.Decoder, live: LiveDocument): void {
    const sub = decoding.readVarUint(decoder);
    if (sub !== WerkraumMessage.SaveRequest) throw new MalformedMessage(`unknown werkraum message ${sub}`);
    const seq = decoding.readVarUint(decoder);
    // Everything this client sent before the request was applied (in order) and enqueued;
    // with several instances, what they relayed to this document must be stored as well,
    // since a client that moved here does not send again what this instance already has.
    live.whenDurable(live.enqueuedCount).then(() => this.send(encodeSaved(seq)));
  }

  private malformed(detail: string): void {
    this.ctx.hooks.call('failed', 'malformed');
    this.ctx.logger.warn({ docId: this.docId, userId: this.userId, detail }, 'malformed message; closing connection');
    this.close(CloseCode.MalformedMessage, 'malformed message');
  }
}
