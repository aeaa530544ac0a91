import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { PubSubKind, type PubSubMessage } from './PubSub';

const VERSION = 1;

/** Compact binary frame: version, sender instance id, kind, sequence number, payload. */
export function encodeFrame(instanceId: string, message: PubSubMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarString(e, instanceId);
  encoding.writeVarUint(e, message.kind);
  encoding.writeVarUint(e, message.seq ?? 0);
  encoding.writeVarUint8Array(e, message.payload);
  return encoding.toUint8Array(e);
}

/** Decodes a frame; null for a frame of another version or kind (from a newer instance during an upgrade). */
export function decodeFrame(frame: Uint8Array): { instanceId: string; message: PubSubMessage } | null {
  const d = decoding.createDecoder(frame);
  if (decoding.readVarUint(d) !== VERSION) return null;
  const instanceId = decoding.readVarString(d);
  const kind = decoding.readVarUint(d);
  if (!(kind in PubSubKind)) return null;
  const seq = decoding.readVarUint(d);
  return { instanceId, message: { kind, seq, payload: decoding.readVarUint8Array(d) } };
}
