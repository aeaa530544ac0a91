import { describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import * as ws from 'ws';
import { prepareFrame } from '../../server/sync/frames';

// ws exports its frame writer and reader at run time; its type definitions leave them out.
const { Sender, Receiver } = ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
  Receiver: new (options: { isServer: boolean; binaryType: string }) => EventEmitter & { write(chunk: Buffer, cb: () => void): void };
};

/** What ws itself would write for the message (header and payload). */
function wsFrame(message: Uint8Array): Buffer {
  const data = Buffer.from(message);
  return Buffer.concat(Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));
}

describe('prepared frames', () => {
  // Each length class of RFC 6455: 7-bit, 16-bit and 64-bit payload lengths, and their edges.
  const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];

  it.each(lengths)('frames a %i-byte message as ws does', (length) => {
    const message = new Uint8Array(length).map((_, i) => i % 251);
    const frame = prepareFrame(message);
    expect(frame.message).toBe(message);
    expect(frame.bytes.equals(wsFrame(message))).toBe(true);
  });

  it('is read back by a WebSocket client as the same binary message', async () => {
    const messages = lengths.map((n) => new Uint8Array(n).map((_, i) => (i * 7) % 256));
    const receiver = new Receiver({ isServer: false, binaryType: 'nodebuffer' });
    const got: Buffer[] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(true);
      got.push(data);
    });
    const done = new Promise<void>((resolve) => receiver.write(Buffer.concat(messages.map((m) => prepareFrame(m).bytes)), resolve));
    await done;
    expect(got.map((b) => b.length)).toEqual(lengths);
    got.forEach((b, i) => expect(b.equals(Buffer.from(messages[i]))).toBe(true));
  });
});
