import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDeletes, addInsert, authorAt, decodeAttribution, deleterAt, emptyAttribution, encodeAttribution, mergeAttribution, type Attribution } from '../../lib/versions/attribution';
import { compareStates } from '../../lib/versions/compare';

/** Records every transaction of `doc` as the user in `who.current`, like the server does. */
function track(doc: Y.Doc, who: { current: string }): Attribution {
  const a = emptyAttribution();
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    for (const [client, after] of tr.afterState) addInsert(a, client, tr.beforeState.get(client) ?? 0, after, who.current);
    addDeletes(a, who.current, tr.deleteSet);
  });
  return a;
}

function paragraph(doc: Y.Doc, text: string, at = doc.getXmlFragment('content').length): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText(text);
  p.insert(0, [t]);
  doc.getXmlFragment('content').insert(at, [p]);
  return t;
}

describe('version attribution', () => {
  it('keeps authors per clock range, merges deletions and survives encoding', () => {
    const a = emptyAttribution();
    addInsert(a, 7, 0, 10, 'anna');
    addInsert(a, 7, 10, 15, 'ben');
    addInsert(a, 7, 15, 20, 'ben');
    expect(a.marks.get(7)).toEqual([[0, 'anna'], [10, 'ben']]);
    expect(authorAt(a, 7, 9)).toBe('anna');
    expect(authorAt(a, 7, 19)).toBe('ben');
    expect(authorAt(a, 8, 0)).toBeNull();
    addDeletes(a, 'ben', { clients: new Map([[7, [{ clock: 2, len: 2 }, { clock: 6, len: 1 }]]]) });
    addDeletes(a, 'ben', { clients: new Map([[7, [{ clock: 4, len: 2 }]]]) });
    expect(a.deletes.get('ben')?.get(7)).toEqual([[2, 5]]);
    expect(deleterAt(a, 7, 6)).toBe('ben');
    expect(deleterAt(a, 7, 7)).toBeNull();
    const copy = decodeAttribution(encodeAttribution(a));
    expect(copy).toEqual(a);
    expect(decodeAttribution('not json')).toEqual(emptyAttribution());

    // Older knowledge fills in below what was recorded since loading.
    const fresh = emptyAttribution();
    addInsert(fresh, 7, 20, 25, 'clara');
    mergeAttribution(fresh, copy);
    expect(authorAt(fresh, 7, 3)).toBe('anna');
    expect(authorAt(fresh, 7, 22)).toBe('clara');
    expect(deleterAt(fresh, 7, 3)).toBe('ben');
  });

  it('splits text that one Yjs item holds across versions and writers', () => {
    // One server-side client writes for several users (API changes); its items merge.
    const doc = new Y.Doc();
    const who = { current: 'anna' };
    const attribution = track(doc, who);
    const t = paragraph(doc, 'Haushalt');
    const v1 = Y.encodeStateAsUpdate(doc);
    who.current = 'ben';
    t.insert(t.length, ' 2026');
    who.current = 'clara';
    t.insert(t.length, ' beschlossen');
    t.delete(0, 'Haus'.length);
    const v2 = Y.encodeStateAsUpdate(doc);
    const [block] = compareStates(v1, v2, attribution);
    expect(block.spans).toEqual([
      { text: 'Haus', op: 'del', userId: 'clara' },
      { text: 'halt', op: 'same', userId: null },
      { text: ' 2026', op: 'ins', userId: 'ben' },
      { text: ' beschlossen', op: 'ins', userId: 'clara' },
    ]);
    // From the empty document everything is an insertion by its author.
    const all = compareStates(null, v2, attribution);
    expect(all[0].op).toBe('ins');
    expect(all[0].spans.map((s) => [s.text, s.userId])).toEqual([['halt', 'anna'], [' 2026', 'ben'], [' beschlossen', 'clara']]);
  });

  it('shows removed list items and table cells from the older version', () => {
    const doc = new Y.Doc();
    const who = { current: 'anna' };
    const attribution = track(doc, who);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Punkt eins')]);
    item.insert(0, [p]);
    list.insert(0, [item]);
    doc.getXmlFragment('content').insert(0, [list]);
    paragraph(doc, 'Schluss');
    const v1 = Y.encodeStateAsUpdate(doc);
    who.current = 'ben';
    doc.getXmlFragment('content').delete(0, 1);
    const blocks = compareStates(v1, Y.encodeStateAsUpdate(doc), attribution);
    expect(blocks).toEqual([
      { node: 'paragraph', attrs: {}, containers: ['bulletList', 'listItem'], op: 'del', userId: 'ben', spans: [{ text: 'Punkt eins', op: 'del', userId: 'ben' }] },
      { node: 'paragraph', attrs: {}, containers: [], op: 'same', userId: null, spans: [{ text: 'Schluss', op: 'same', userId: null }] },
    ]);
  });
});
