import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { snapshotCovers, snapshotOfUpdate } from '../../server/sync/stateCompare';
import { decodeFrame, encodeFrame } from '../../server/pubsub/wire';
import { PubSubKind } from '../../server/pubsub/PubSub';

describe('comparing live state with stored state', () => {
  it('sees missing inserts and missing deletions, and nothing when the store has it all', () => {
    const live = new Y.Doc();
    live.getText('t').insert(0, 'abcdef');
    const stored = Y.encodeStateAsUpdate(live);
    expect(snapshotCovers(snapshotOfUpdate(stored), Y.snapshot(live))).toBe(true);

    live.getText('t').delete(1, 2);
    expect(snapshotCovers(snapshotOfUpdate(stored), Y.snapshot(live))).toBe(false);
    const withDelete = Y.mergeUpdates([stored, Y.encodeStateAsUpdate(live)]);
    expect(snapshotCovers(snapshotOfUpdate(withDelete), Y.snapshot(live))).toBe(true);

    live.getText('t').insert(0, 'x');
    expect(snapshotCovers(snapshotOfUpdate(withDelete), Y.snapshot(live))).toBe(false);
    // The store knowing more than the live doc is fine.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    other.getText('t').insert(0, 'y');
    expect(snapshotCovers(snapshotOfUpdate(Y.encodeStateAsUpdate(other)), Y.snapshot(live))).toBe(true);
  });
});

describe('fan-out frames', () => {
  it('round-trip sender, kind and payload, and refuse other versions', () => {
    const payload = new Uint8Array([1, 2, 3, 250]);
    const frame = encodeFrame('instance-1', { kind: PubSubKind.Update, payload, seq: 300 });
    expect(decodeFrame(frame)).toEqual({ instanceId: 'instance-1', message: { kind: PubSubKind.Update, payload, seq: 300 } });
    expect(decodeFrame(encodeFrame('i', { kind: PubSubKind.Awareness, payload }))?.message.seq).toBe(0);
    const future = frame.slice();
    future[0] = 2;
    expect(decodeFrame(future)).toBeNull();
  });
});
