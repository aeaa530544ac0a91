import * as Y from 'yjs';

/** The state vector and delete set that a stored update describes. */
export function snapshotOfUpdate(update: Uint8Array): Y.Snapshot {
  const { ds } = Y.decodeUpdate(update);
  return Y.createSnapshot(Y.mergeDeleteSets([ds]), Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)));
}

/** True when everything `part` knows (inserts and deletions) is also in `whole`. */
export function snapshotCovers(whole: Y.Snapshot, part: Y.Snapshot): boolean {
  for (const [client, clock] of part.sv) if ((whole.sv.get(client) ?? 0) < clock) return false;
  // Sorted and merged on both sides, so a subset adds nothing to the union.
  const normalized = Y.mergeDeleteSets([whole.ds]);
  return Y.equalDeleteSets(normalized, Y.mergeDeleteSets([normalized, part.ds]));
}
