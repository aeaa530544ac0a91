import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, replaceContent, setAcl } from '../../lib/documents/service';
import { CloseCode } from '../../lib/collab/protocol';
import { anchorInType } from '../../lib/comments/anchor';
import { COMMENTS_MAP, readThreads, type CommentThread } from '../../lib/comments/model';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { GET as listRoute, POST as createRoute } from '../../app/api/v1/documents/[id]/comments/route';
import { PATCH as resolveRoute } from '../../app/api/v1/documents/[id]/comments/[threadId]/route';
import { POST as replyRoute } from '../../app/api/v1/documents/[id]/comments/[threadId]/replies/route';
import { DELETE as deleteReplyRoute, PATCH as editReplyRoute } from '../../app/api/v1/documents/[id]/comments/[threadId]/replies/[replyId]/route';
import { GET as contentRoute } from '../../app/api/v1/documents/[id]/content/route';
import type { User } from '../../lib/store/types';

type Person = { user: User; token: string };

// Route handlers called in-process against a real app (store, registry, WebSocket sync).
describe('comment threads', () => {
  let app: TestApp;
  let owner: Person, editor: Person, commenter: Person, viewer: Person, stranger: Person;
  let docId: string;
  const clients: TestClient[] = [];
  const base = 'http://127.0.0.1/api/v1/documents';

  const client = (p: Person) => {
    const c = connectClient(app.wsUrl, docId, p.token);
    clients.push(c);
    return c;
  };
  const call = async <P extends { id: string }>(handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>, p: Person, method: string, path: string, params: Omit<P, 'id'>, body?: unknown) => {
    const res = await handler(
      new Request(`${base}/${docId}/comments${path}`, {
        method,
        headers: { authorization: `Bearer ${p.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
      { params: Promise.resolve({ id: docId, ...params } as P) },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const threadsIn = (c: TestClient): CommentThread[] => readThreads(c.doc);
  /** An anchor on `word` of the document's first paragraph, made in a client's replica. */
  const anchorOn = (c: TestClient, word: string) => {
    const paragraph = c.doc.getXmlFragment('content').get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const at = text.toString().indexOf(word);
    return { ...anchorInType(text, at, at + word.length), quote: word };
  };

  beforeAll(async () => {
    app = await startTestApp();
    const s = app.services.store;
    owner = await createUserWithToken(s, 'owner@kreis.example', 'Olga Owner');
    editor = await createUserWithToken(s, 'editor@kreis.example', 'Erik Editor');
    commenter = await createUserWithToken(s, 'commenter@kreis.example', 'Clara Commenter');
    viewer = await createUserWithToken(s, 'viewer@kreis.example', 'Viktor Viewer');
    stranger = await createUserWithToken(s, 'stranger@kreis.example', 'Stefan Stranger');
    const p = { user: owner.user, via: 'token' as const };
    docId = (await createDocument(app.services, p, { title: 'Strategie', kind: 'text' })).id;
    await replaceContent(app.services, p, docId, 'markdown', 'Wir digitalisieren alle Verfahren bis 2030.');
    await setAcl(app.services, p, docId, {
      entries: [
        { principal: 'user', id: editor.user.id, role: 'editor' },
        { principal: 'user', id: commenter.user.id, role: 'commenter' },
        { principal: 'user', id: viewer.user.id, role: 'viewer' },
      ],
    });
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  afterAll(async () => {
    await app.dispose();
  });

  it('creates, replies, resolves and reopens through the API, visible live to another client', async () => {
    const a = client(commenter);
    const b = client(editor);
    await Promise.all([waitSynced(a), waitSynced(b)]);

    const created = await call(createRoute, commenter, 'POST', '', {}, { anchor: anchorOn(a, 'alle Verfahren'), body: 'Wirklich alle?', mentions: [editor.user.id] });
    expect(created.status).toBe(201);
    const thread = created.body.thread as CommentThread;
    expect(thread.replies[0]).toMatchObject({ authorId: commenter.user.id, authorName: 'Clara Commenter', body: 'Wirklich alle?', mentions: [{ id: editor.user.id, name: 'Erik Editor' }] });
    await waitFor(() => threadsIn(b).find((t) => t.id === thread.id), { what: 'thread on the other client' });
    expect(threadsIn(b).find((t) => t.id === thread.id)!.anchor.quote).toBe('alle Verfahren');

    const reply = await call(replyRoute, editor, 'POST', `/${thread.id}/replies`, { threadId: thread.id }, { body: 'Ja, bis 2030.' });
    expect(reply.status).toBe(201);
    await waitFor(() => threadsIn(a).find((t) => t.id === thread.id)?.replies.length === 2, { what: 'reply on the author client' });
    expect(threadsIn(a).find((t) => t.id === thread.id)!.replies.map((r) => r.body)).toEqual(['Wirklich alle?', 'Ja, bis 2030.']);

    expect((await call(resolveRoute, editor, 'PATCH', `/${thread.id}`, { threadId: thread.id }, { resolved: true })).status).toBe(200);
    await waitFor(() => threadsIn(a).find((t) => t.id === thread.id)?.resolved?.by === editor.user.id, { what: 'resolved on the author client' });
    expect((await call(resolveRoute, commenter, 'PATCH', `/${thread.id}`, { threadId: thread.id }, { resolved: false })).status).toBe(200);
    await waitFor(() => threadsIn(b).find((t) => t.id === thread.id)?.resolved === null, { what: 'reopened on the other client' });

    const listed = await call(listRoute, viewer, 'GET', '', {});
    expect(listed.status).toBe(200);
    expect((listed.body.threads as CommentThread[]).map((t) => t.id)).toContain(thread.id);
  });

  it('applies the role rules: viewers read, commenters and up comment, only authors change their text', async () => {
    const a = client(owner);
    await waitSynced(a);
    const anchor = anchorOn(a, 'Verfahren');
    expect((await call(createRoute, viewer, 'POST', '', {}, { anchor, body: 'Darf ich nicht' })).status).toBe(403);
    expect((await call(createRoute, stranger, 'POST', '', {}, { anchor, body: 'Kenne ich nicht' })).status).toBe(404);
    expect((await call(listRoute, stranger, 'GET', '', {})).status).toBe(404);

    const made = await call(createRoute, owner, 'POST', '', {}, { anchor, body: 'Vom Owner', mentions: [stranger.user.id, viewer.user.id] });
    expect(made.status).toBe(201);
    const thread = made.body.thread as CommentThread;
    // Only people with access can be mentioned.
    expect(thread.replies[0].mentions).toEqual([{ id: viewer.user.id, name: 'Viktor Viewer' }]);
    const first = thread.replies[0].id;

    expect((await call(replyRoute, viewer, 'POST', `/${thread.id}/replies`, { threadId: thread.id }, { body: 'nein' })).status).toBe(403);
    expect((await call(resolveRoute, viewer, 'PATCH', `/${thread.id}`, { threadId: thread.id }, { resolved: true })).status).toBe(403);
    const answer = await call(replyRoute, commenter, 'POST', `/${thread.id}/replies`, { threadId: thread.id }, { body: 'Antwort' });
    expect(answer.status).toBe(201);
    const answerId = (answer.body.reply as { id: string }).id;

    const path = (id: string) => `/${thread.id}/replies/${id}`;
    const ids = (id: string) => ({ threadId: thread.id, replyId: id });
    expect((await call(editReplyRoute, editor, 'PATCH', path(answerId), ids(answerId), { body: 'fremd' })).status).toBe(403);
    expect((await call(deleteReplyRoute, owner, 'DELETE', path(answerId), ids(answerId))).status).toBe(403);
    const edited = await call(editReplyRoute, commenter, 'PATCH', path(answerId), ids(answerId), { body: 'Antwort, korrigiert' });
    expect(edited.status).toBe(200);
    expect(edited.body.reply).toMatchObject({ body: 'Antwort, korrigiert' });
    await waitFor(() => threadsIn(a).find((t) => t.id === thread.id)?.replies[1]?.body === 'Antwort, korrigiert', { what: 'edited reply' });

    // Deleting the opener keeps the thread while an answer remains; the last one removes it.
    expect((await call(deleteReplyRoute, owner, 'DELETE', path(first), ids(first))).status).toBe(200);
    await waitFor(() => threadsIn(a).find((t) => t.id === thread.id)?.replies[0]?.deleted, { what: 'deleted opener' });
    expect(threadsIn(a).find((t) => t.id === thread.id)!.replies[0].body).toBe('');
    expect((await call(deleteReplyRoute, commenter, 'DELETE', path(answerId), ids(answerId))).status).toBe(200);
    await waitFor(() => !threadsIn(a).some((t) => t.id === thread.id), { what: 'thread removed' });
    expect((await call(replyRoute, commenter, 'POST', `/${thread.id}/replies`, { threadId: thread.id }, { body: 'zu spät' })).status).toBe(404);
  });

  it('refuses anchors outside the document body and malformed input', async () => {
    const other = new Y.Doc();
    const text = new Y.XmlText('fremd');
    other.getXmlFragment('content').insert(0, [text]);
    const foreign = { ...anchorInType(text, 0, 3), quote: 'fre' };
    const bad = await call(createRoute, owner, 'POST', '', {}, { anchor: foreign, body: 'x' });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string }).code).toBe('invalid_anchor');
    expect((await call(createRoute, owner, 'POST', '', {}, { anchor: { start: '###', end: '###' }, body: 'x' })).status).toBe(400);
    const a = client(owner);
    await waitSynced(a);
    expect((await call(createRoute, owner, 'POST', '', {}, { anchor: anchorOn(a, 'Wir'), body: '   ' })).status).toBe(400);
  });

  it('drops a client update that forges a comment; it never reaches others or the store', async () => {
    const honest = client(commenter);
    const forger = client(editor);
    await Promise.all([waitSynced(honest), waitSynced(forger)]);
    const before = await app.services.liveDocs.read(docId, (d) => d.getMap(COMMENTS_MAP).size);

    forger.doc.getMap(COMMENTS_MAP).set('forged', 'Ich bin gar nicht der Server');
    await waitFor(() => forger.closes.some((c) => c.code === CloseCode.UpdateRefused), { what: 'forger closed' });
    expect(await app.services.liveDocs.read(docId, (d) => d.getMap(COMMENTS_MAP).has('forged'))).toBe(false);
    expect(await app.services.liveDocs.read(docId, (d) => d.getMap(COMMENTS_MAP).size)).toBe(before);

    // The honest client still gets others' edits, and never the forged entry.
    const typist = client(editor);
    await waitSynced(typist);
    (typist.doc.getXmlFragment('content').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Neu: ')]);
    await waitFor(() => honest.doc.getXmlFragment('content').toString().includes('Neu: '), { what: 'honest edit relayed' });
    expect(honest.doc.getMap(COMMENTS_MAP).has('forged')).toBe(false);
    await typist.tracker.whenSaved();

    // A forged delete of a real thread is refused the same way.
    const anchor = anchorOn(honest, 'Verfahren');
    const made = await call(createRoute, owner, 'POST', '', {}, { anchor, body: 'Bleibt' });
    const threadId = (made.body.thread as CommentThread).id;
    await waitFor(() => typist.doc.getMap(COMMENTS_MAP).has(threadId), { what: 'thread at the typist' });
    const closesBefore = typist.closes.length;
    typist.doc.getMap(COMMENTS_MAP).delete(threadId);
    await waitFor(() => typist.closes.length > closesBefore, { what: 'delete refused' });
    expect(typist.closes.at(-1)!.code).toBe(CloseCode.UpdateRefused);
    expect(await app.services.liveDocs.read(docId, (d) => d.getMap(COMMENTS_MAP).has(threadId))).toBe(true);
    expect(honest.doc.getMap(COMMENTS_MAP).has(threadId)).toBe(true);
  });

  it('keeps exports free of comments', async () => {
    const a = client(owner);
    await waitSynced(a);
    expect((await call(createRoute, owner, 'POST', '', {}, { anchor: anchorOn(a, 'Verfahren'), body: 'Geheimer Kommentar' })).status).toBe(201);
    for (const format of ['text', 'html', 'markdown', 'odt', 'docx']) {
      const res = await contentRoute(new Request(`${base}/${docId}/content?format=${format}`, { headers: { authorization: `Bearer ${owner.token}` } }), { params: Promise.resolve({ id: docId }) });
      expect(res.status, format).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.includes('Geheimer Kommentar'), format).toBe(false);
    }
  });
});
