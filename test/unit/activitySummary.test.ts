import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { ActivitySummary } from '../../lib/collab/ActivitySummary';

/** A browser's document and presence, with the provider's `synced` flag driven by the test. */
function browser() {
  const doc = new Y.Doc();
  const source = { awareness: new Awareness(doc), synced: false };
  return { doc, source, summary: new ActivitySummary(source, doc) };
}

/** Someone else's edits arriving through the provider (its origin, as y-websocket applies them). */
function receive(b: ReturnType<typeof browser>, from: Y.Doc): void {
  Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(b.doc)), b.source);
}

/** Someone's presence, as the provider applies it. */
function present(b: ReturnType<typeof browser>, other: Y.Doc, name: string): void {
  const theirs = new Awareness(other);
  theirs.setLocalStateField('user', { name });
  applyAwarenessUpdate(b.source.awareness, encodeAwarenessUpdate(theirs, [other.clientID]), 'remote');
}

describe('ActivitySummary', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names who changed the document since the last look, once', () => {
    const b = browser();
    const bernd = new Y.Doc();
    b.source.synced = true;
    present(b, bernd, 'Bernd Beispiel');
    bernd.getText('t').insert(0, 'Handlungsfelder');
    receive(b, bernd);
    bernd.getText('t').insert(0, 'Die ');
    receive(b, bernd);
    expect(b.summary.take()).toEqual([{ kind: 'joined', name: 'Bernd Beispiel' }, { kind: 'edited', names: ['Bernd Beispiel'] }]);
    expect(b.summary.take()).toEqual([]);
    removeAwarenessStates(b.source.awareness, [bernd.clientID], 'remote');
    expect(b.summary.take()).toEqual([{ kind: 'left', name: 'Bernd Beispiel' }]);
  });

  it('does not announce the document as it was when opened, nor the own typing', () => {
    const b = browser();
    const anna = new Y.Doc();
    anna.getText('t').insert(0, 'Ausgangslage');
    // The first sync arrives before the provider counts as synced.
    receive(b, anna);
    b.source.synced = true;
    b.doc.getText('t').insert(0, 'Eigene Eingabe ');
    expect(b.summary.take()).toEqual([]);
    expect(b.doc.getText('t').toString()).toBe('Eigene Eingabe Ausgangslage');
  });

  it('names who was there on opening once, as present, not as joining', () => {
    const b = browser();
    const [anna, ownTab, bernd, clara] = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    b.source.awareness.setLocalStateField('user', { name: 'Dora Dezernat' });
    // The server sends who is there before the document itself, the user's own other tab too.
    present(b, anna, 'Anna Amt');
    present(b, ownTab, 'Dora Dezernat');
    present(b, bernd, 'Bernd Beispiel');
    b.source.synced = true;
    present(b, clara, 'Clara Kreis');
    expect(b.summary.take()).toEqual([
      { kind: 'present', names: ['Anna Amt', 'Bernd Beispiel'] },
      { kind: 'joined', name: 'Clara Kreis' },
    ]);
    expect(b.summary.take()).toEqual([]);
  });

  it('keeps quiet about everyone when the own connection drops and returns', () => {
    vi.useFakeTimers();
    const b = browser();
    b.source.synced = true;
    const people = ['Bernd Beispiel', 'Clara Kreis'].map((name) => {
      const theirs = new Awareness(new Y.Doc());
      theirs.setLocalStateField('user', { name });
      return theirs;
    });
    const relay = (theirs: Awareness) => applyAwarenessUpdate(b.source.awareness, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    people.forEach(relay);
    expect(b.summary.take()).toEqual([{ kind: 'joined', name: 'Bernd Beispiel' }, { kind: 'joined', name: 'Clara Kreis' }]);
    // The provider drops everyone's presence when its socket closes, and syncs again later.
    b.source.synced = false;
    removeAwarenessStates(b.source.awareness, people.map((p) => p.clientID), 'provider');
    expect(b.summary.take()).toEqual([]);
    people.forEach(relay); // the server's copy, same clock: not taken back
    b.source.synced = true;
    expect(b.summary.take()).toEqual([]);
    // Bernd's next renewal brings him back without a word; Clara has really gone.
    people[0].setLocalStateField('user', { name: 'Bernd Beispiel' });
    relay(people[0]);
    expect(b.summary.take()).toEqual([]);
    vi.advanceTimersByTime(31_000);
    expect(b.summary.take()).toEqual([{ kind: 'left', name: 'Clara Kreis' }]);
    expect(b.summary.take()).toEqual([]);
    for (const p of people) p.destroy();
  });

  it('says "others" for changes by someone without a name, and nothing for deletions alone', () => {
    const b = browser();
    b.source.synced = true;
    const unnamed = new Y.Doc();
    unnamed.getText('t').insert(0, 'Notiz');
    receive(b, unnamed);
    expect(b.summary.take()).toEqual([{ kind: 'editedAnonymous' }]);
    unnamed.getText('t').delete(0, 2);
    receive(b, unnamed);
    expect(b.summary.take()).toEqual([]);
  });

  it('stops listening when destroyed', () => {
    const b = browser();
    b.source.synced = true;
    b.summary.destroy();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'x');
    receive(b, other);
    expect(b.summary.take()).toEqual([]);
  });
});
