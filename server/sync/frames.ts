/**
 * A message relayed to every client of a document, framed once. Sending it through each
 * client's WebSocket would build a header, a buffer view and an options object per client and
 * hand the kernel two buffers per socket; written as one prepared frame it is one buffer for
 * all of them and one plain write each. (Go's gorilla/websocket and uWebSockets offer the same
 * as "prepared messages"; ws has no such call.)
 */
export interface PreparedFrame {
  /** The message itself (for accounting, and for peers that are not sockets). */
  readonly message: Uint8Array;
  /** A final, unmasked binary WebSocket frame (RFC 6455 §5.2) carrying the message. */
  readonly bytes: Buffer;
}

export function prepareFrame(message: Uint8Array): PreparedFrame {
  const length = message.byteLength;
  // Server frames are never masked: 2 header bytes, plus 2 or 8 for the extended length.
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerLength + length);
  bytes[0] = 0x82; // FIN + binary opcode
  if (headerLength === 2) bytes[1] = length;
  else if (headerLength === 4) {
    bytes[1] = 126;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = 127;
    bytes.writeBigUInt64BE(BigInt(length), 2);
  }
  bytes.set(message, headerLength);
  return { message, bytes };
}
