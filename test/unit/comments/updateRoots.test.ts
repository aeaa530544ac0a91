import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateRoots } from '../../../server/sync/updateRoots';

/** A server-side doc and a client that synced with it, as after a connection's handshake. */
function synced(setup?: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  if (setup) server.transact(() => setup(server));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** The update a client change produces, as y-websocket would send it. */
function capture(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const on = (u: Uint8Array) => updates.push(u);
  doc.on('update', on);
  change();
  doc.off('update', on);
  return Y.mergeUpdates(updates);
}

function withComment(doc: Y.Doc) {
  doc.getXmlFragment('content').insert(0, [new Y.XmlText('Hallo Welt')]);
  const thread = new Y.Map<unknown>();
  const replies = new Y.Map<unknown>();
  replies.set('r1', { body: 'Bitte prüfen' });
  thread.set('replies', replies);
  thread.set('resolved', null);
  doc.getMap('comments').set('t1', thread);
}

describe('updateRoots', () => {
  it('names the root a typing update touches, resolved through the origin in the document', () => {
    const { server, client } = synced(withComment);
    const text = client.getXmlFragment('content').get(0) as Y.XmlText;
    const update = capture(client, () => text.insert(5, ','));
    expect(updateRoots(server, update)).toEqual({ roots: new Set(['content']), unresolved: false });
    const del = capture(client, () => text.delete(0, 2));
    expect(updateRoots(server, del)).toEqual({ roots: new Set(['content']), unresolved: false });
  });

  it('sees writes into the comments map, at the top and nested', () => {
    const { server, client } = synced(withComment);
    const top = capture(client, () => client.getMap('comments').set('forged', 'x'));
    expect(updateRoots(server, top).roots).toEqual(new Set(['comments']));
    const thread = client.getMap('comments').get('t1') as Y.Map<unknown>;
    const nested = capture(client, () => (thread.get('replies') as Y.Map<unknown>).set('r2', { body: 'gefälscht' }));
    expect(updateRoots(server, nested).roots).toEqual(new Set(['comments']));
    const resolve = capture(client, () => thread.set('resolved', { by: 'x' }));
    expect(updateRoots(server, resolve).roots).toEqual(new Set(['comments']));
  });

  it('sees deletes of comment content and new nested types inside one update', () => {
    const { server, client } = synced(withComment);
    const del = capture(client, () => client.getMap('comments').delete('t1'));
    expect(updateRoots(server, del).roots).toEqual(new Set(['comments']));
    const deep = capture(client, () => {
      const t = new Y.Map<unknown>();
      const r = new Y.Map<unknown>();
      t.set('replies', r);
      client.getMap('comments').set('t2', t);
      r.set('x', 1);
      r.delete('x');
    });
    expect(updateRoots(server, deep).roots).toEqual(new Set(['comments']));
  });

  it('reports every root of a mixed update, and a whole-state sync from a fresh client', () => {
    const { server } = synced(withComment);
    const offline = new Y.Doc();
    const update = capture(offline, () => {
      offline.getXmlFragment('content').insert(0, [new Y.XmlText('neu')]);
      offline.getMap('meta').set('title', 'T');
      offline.getMap('comments').set('x', 1);
    });
    expect(updateRoots(server, update)).toEqual({ roots: new Set(['content', 'meta', 'comments']), unresolved: false });
  });

  it('does not blame a client for content the document already holds', () => {
    const { server, client } = synced(withComment);
    // Sync step 2 against an older state vector repeats the server's own comment content.
    const echo = Y.encodeStateAsUpdate(client, Y.encodeStateVector(new Y.Doc()));
    expect(updateRoots(server, echo)).toEqual({ roots: new Set(), unresolved: false });
    // The same holds for a comment the server deleted meanwhile.
    server.getMap('comments').delete('t1');
    expect(updateRoots(server, echo).roots.has('comments')).toBe(false);
  });

  it('marks references to content the document lacks as unresolved', () => {
    const { server, client } = synced(withComment);
    const text = client.getXmlFragment('content').get(0) as Y.XmlText;
    capture(client, () => text.insert(0, 'abc'));
    const dependent = capture(client, () => text.insert(2, 'X'));
    expect(updateRoots(server, dependent)).toEqual({ roots: new Set(), unresolved: true });
    const deleteUnknown = capture(client, () => text.delete(0, 1));
    expect(updateRoots(server, deleteUnknown).unresolved).toBe(true);
  });

  it('stays cheap for typing updates in a large document', () => {
    const { server, client } = synced((doc) => {
      const frag = doc.getXmlFragment('content');
      for (let i = 0; i < 2000; i++) {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(`Absatz ${i} mit etwas Text darin.`)]);
        frag.insert(frag.length, [p]);
      }
    });
    const frag = client.getXmlFragment('content');
    const updates: Uint8Array[] = [];
    for (let i = 0; i < 2000; i++) {
      const text = (frag.get((i * 7) % 2000) as Y.XmlElement).get(0) as Y.XmlText;
      updates.push(capture(client, () => (i % 5 === 4 ? text.delete(0, 1) : text.insert(3, 'x'))));
    }
    let inspecting = 0;
    let applying = 0;
    for (const u of updates) {
      const t0 = performance.now();
      const touched = updateRoots(server, u).roots;
      const t1 = performance.now();
      Y.applyUpdate(server, u);
      inspecting += t1 - t0;
      applying += performance.now() - t1;
      expect([...touched]).toEqual(['content']);
    }
    const inspect = inspecting / updates.length;
    if (process.env.REPORT_TIMING) console.log(`inspect ${inspect.toFixed(4)} ms, apply ${(applying / updates.length).toFixed(4)} ms per update`);
    // Generous bound for a shared machine: inspecting must not cost more than about a millisecond.
    expect(inspect).toBeLessThan(1);
  });
});
