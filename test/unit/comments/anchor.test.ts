import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { anchorFromProseMirror, anchorInType, positionInside, proseMirrorRange, resolvePosition } from '../../../lib/comments/anchor';
import { richTextSchema } from '../../../lib/convert/schemaDoc';

/** The text an anchor covers now in a Y.XmlText (both ends must resolve into it). */
function anchoredText(doc: Y.Doc, text: Y.XmlText, anchor: { start: string; end: string }): string | null {
  const start = resolvePosition(doc, anchor.start);
  const end = resolvePosition(doc, anchor.end);
  if (!start || !end || start.type !== text || end.type !== text) return null;
  return text.toString().slice(start.index, end.index);
}

function paragraphDoc(content: string) {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(content)]);
  doc.getXmlFragment('content').insert(0, [p]);
  return doc;
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('comment anchors', () => {
  it('keep text typed right before and right after the range outside of it', () => {
    const doc = paragraphDoc('Hallo schöne Welt');
    const text = textOf(doc);
    const anchor = anchorInType(text, 6, 12);
    expect(anchoredText(doc, text, anchor)).toBe('schöne');
    text.insert(12, '!!');
    text.insert(6, 'sehr ');
    text.insert(0, 'Oh, ');
    expect(anchoredText(doc, text, anchor)).toBe('schöne');
    text.delete(0, 10);
    expect(text.toString()).toBe('sehr schöne!! Welt');
    expect(anchoredText(doc, text, anchor)).toBe('schöne');
  });

  it('resolve in another replica and only inside the container they were made in', () => {
    const doc = paragraphDoc('abc def');
    const anchor = anchorInType(textOf(doc), 4, 7);
    const other = new Y.Doc();
    expect(resolvePosition(other, anchor.start)).toBeNull();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(anchoredText(other, textOf(other), anchor)).toBe('def');
    expect(positionInside(other, anchor.start, other.getXmlFragment('content'))).toBe(true);
    expect(positionInside(other, anchor.start, other.getXmlFragment('elsewhere'))).toBe(false);
    expect(resolvePosition(other, 'not base64 at all ###')).toBeNull();
  });

  it('map a ProseMirror selection to the same words after others edit the Yjs document', () => {
    const schema = richTextSchema();
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('content');
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Strategie' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Wir digitalisieren ' }, { type: 'text', text: 'alle Verfahren', marks: [{ type: 'bold' }] }, { type: 'text', text: ' bis 2030.' }] },
      ],
    }, fragment);
    const first = initProseMirrorDoc(fragment, schema);
    // Heading open and close tags, then the paragraph's open tag.
    const pmFrom = 'Strategie'.length + 2 + 1 + 'Wir '.length;
    const pmTo = pmFrom + 'digitalisieren alle'.length;
    expect(first.doc.textBetween(pmFrom, pmTo)).toBe('digitalisieren alle');
    const anchor = anchorFromProseMirror(doc, fragment, first.mapping, pmFrom, pmTo);

    // Another user edits around the range: at both boundaries, in front and in another block.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const paragraph = remote.getXmlFragment('content').get(1) as Y.XmlElement;
    const plain = paragraph.get(0) as Y.XmlText;
    plain.insert('Wir '.length, 'gemeinsam ');
    plain.insert(0, 'Heute: ');
    const heading = (remote.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    heading.insert(0, 'Digitale ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));

    const now = initProseMirrorDoc(fragment, schema);
    const range = proseMirrorRange(doc, fragment, now.mapping, anchor);
    expect(range).not.toBeNull();
    expect(now.doc.textBetween(range!.from, range!.to)).toBe('digitalisieren alle');
  });

  it('cover words at the very start and end of a block', () => {
    const schema = richTextSchema();
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('content');
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Strategie' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Wir digitalisieren bis 2030.' }] },
      ],
    }, fragment);
    const pm = initProseMirrorDoc(fragment, schema);
    const paragraphEnd = 'Strategie'.length + 2 + 1 + 'Wir digitalisieren bis 2030.'.length;
    const ranges: Array<[number, number, string]> = [
      [1, 1 + 'Strategie'.length, 'Strategie'],
      [paragraphEnd - '2030.'.length, paragraphEnd, '2030.'],
      ['Strategie'.length + 3, 'Strategie'.length + 3 + 'Wir'.length, 'Wir'],
    ];
    const anchors = ranges.map(([from, to, text]) => {
      expect(pm.doc.textBetween(from, to)).toBe(text);
      return anchorFromProseMirror(doc, fragment, pm.mapping, from, to);
    });
    // Someone types at the start of each block.
    for (const block of [0, 1]) ((fragment.get(block) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Neu ');
    const now = initProseMirrorDoc(fragment, schema);
    ranges.forEach(([, , text], i) => {
      const range = proseMirrorRange(doc, fragment, now.mapping, anchors[i]);
      expect(range, text).not.toBeNull();
      expect(now.doc.textBetween(range!.from, range!.to)).toBe(text);
    });
  });

  it('resolve a range on the first word of the document', () => {
    const schema = richTextSchema();
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('content');
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Wir digitalisieren.' }] }] }, fragment);
    // Another user typed the first word, so the range starts at an item of theirs.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const text = (other.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    'Neu: '.split('').forEach((ch, i) => text.insert(i, ch));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    const pm = initProseMirrorDoc(fragment, schema);
    const anchor = anchorFromProseMirror(doc, fragment, pm.mapping, 1, 4);
    expect(proseMirrorRange(doc, fragment, pm.mapping, anchor)).toEqual({ from: 1, to: 4 });
  });

  it('stay on the same words while several users insert and delete around them (randomized)', () => {
    const word = fc.stringMatching(/^[a-zäöü]{1,6}$/);
    const op = fc.record({
      client: fc.nat({ max: 2 }),
      kind: fc.constantFrom('insert', 'insert', 'delete'),
      side: fc.constantFrom('before', 'after'),
      at: fc.nat({ max: 1000 }),
      len: fc.integer({ min: 1, max: 8 }),
      text: fc.oneof(word, word.map((w) => ` ${w} `)),
    });
    const step = fc.oneof(op.map((o) => ({ type: 'edit' as const, ...o })), fc.record({ type: fc.constant('deliver' as const), from: fc.nat({ max: 2 }), to: fc.nat({ max: 2 }) }));
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 8 }), fc.nat(), fc.array(step, { maxLength: 60 }), (words, pick, steps) => {
        const origin = paragraphDoc(words.join(' '));
        const docs = [0, 1, 2].map(() => {
          const d = new Y.Doc();
          Y.applyUpdate(d, Y.encodeStateAsUpdate(origin));
          return d;
        });
        // The anchor covers one or two whole words, made on client 0.
        const first = pick % words.length;
        const last = Math.min(words.length - 1, first + (pick % 2));
        const start = words.slice(0, first).join(' ').length + (first > 0 ? 1 : 0);
        const expected = words.slice(first, last + 1).join(' ');
        const anchor = anchorInType(textOf(docs[0]), start, start + expected.length);
        // What each client has sent but another has not received yet, in the order it was made.
        const outbox = docs.map(() => docs.map(() => [] as Uint8Array[]));
        docs.forEach((d, i) => d.on('update', (u: Uint8Array, o: unknown) => {
          if (o === 'sync') return;
          for (let j = 0; j < docs.length; j++) if (j !== i) outbox[i][j].push(u);
        }));
        const deliver = (from: number, to: number) => {
          for (const u of outbox[from][to].splice(0)) Y.applyUpdate(docs[to], u, 'sync');
        };
        for (const s of steps) {
          if (s.type === 'deliver') {
            if (s.from !== s.to) deliver(s.from, s.to);
            continue;
          }
          const doc = docs[s.client];
          const text = textOf(doc);
          const a = resolvePosition(doc, anchor.start)!.index;
          const b = resolvePosition(doc, anchor.end)!.index;
          // Each user edits only outside the range as they currently see it.
          const [lo, hi] = s.side === 'before' ? [0, a] : [b, text.length];
          const at = lo + (s.at % (hi - lo + 1));
          if (s.kind === 'insert') text.insert(at, s.text);
          else if (at < hi) text.delete(at, Math.min(s.len, hi - at));
        }
        for (let round = 0; round < 2; round++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) deliver(i, j);
        const result = docs.map((d) => textOf(d).toString());
        expect(result[1]).toBe(result[0]);
        expect(result[2]).toBe(result[0]);
        for (const d of docs) expect(anchoredText(d, textOf(d), anchor)).toBe(expected);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });
});
