import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageType, WerkraumMessage } from '../../lib/collab/protocol';

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
}

/** A sync step 2 carrying an update as it is (a stored state), without a Y.Doc to encode from. */
export function encodeSyncStep2Raw(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Total bytes of stored parts or encoded messages. */
export function byteLength(chunks: readonly Uint8Array[]): number {
  let sum = 0;
  for (const c of chunks) sum += c.byteLength;
  return sum;
}

/**
 * Stored parts (snapshot, then log entries) as the messages that give a client everything:
 * updates, the last one as sync step 2, so the client counts itself synced once it has all.
 */
export function encodeStoredState(parts: readonly Uint8Array[]): Uint8Array[] {
  return parts.map((part, i) => (i === parts.length - 1 ? encodeSyncStep2Raw(part) : encodeSyncUpdate(part)));
}

/** An encoded state vector with no entries: the client holds nothing of the document. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  try {
    return Y.decodeStateVector(stateVector).size === 0;
  } catch {
    return false;
  }
}

/** True for a sync step 1 with an empty state vector: a client that holds nothing yet. */
export function isFullStateRequest(message: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== MessageType.Sync || decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep1) return false;
    return isEmptyStateVector(decoding.readVarUint8Array(d));
  } catch {
    return false;
  }
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

export function encodeSaved(seq: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Werkraum);
  encoding.writeVarUint(e, WerkraumMessage.Saved);
  encoding.writeVarUint(e, seq);
  return encoding.toUint8Array(e);
}
