import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, replaceContent, setAcl } from '../../lib/documents/service';
import { putCells } from '../../lib/documents/sheetService';
import type { VersionComparison, VersionView } from '../../lib/documents/versions';
import type { Principal } from '../../lib/auth/principal';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { GET as listRoute, POST as createRoute } from '../../app/api/v1/documents/[id]/versions/route';
import { GET as versionRoute, PATCH as renameRoute } from '../../app/api/v1/documents/[id]/versions/[vid]/route';
import { GET as versionContentRoute } from '../../app/api/v1/documents/[id]/versions/[vid]/content/route';
import { POST as restoreRoute } from '../../app/api/v1/documents/[id]/versions/[vid]/restore/route';
import { GET as compareRoute } from '../../app/api/v1/documents/[id]/versions/compare/route';
import { GET as contentRoute } from '../../app/api/v1/documents/[id]/content/route';
import { GET as authorshipRoute } from '../../app/api/v1/documents/[id]/authorship/route';
import type { AuthorshipView } from '../../lib/documents/versions';
import type { User } from '../../lib/store/types';

type Person = { user: User; token: string };
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

const base = 'http://127.0.0.1/api/v1/documents';

/** Calls a route handler in-process, as Next would, with a Bearer token. */
async function call<P>(handler: Handler<P>, p: Person, path: string, params: P, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return handler(
    new Request(`${base}/${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${p.token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    }),
    { params: Promise.resolve(params) },
  );
}

const principal = (p: Person): Principal => ({ user: p.user, via: 'token' });
const paragraphs = (doc: Y.Doc): Y.XmlElement[] => doc.getXmlFragment('content').toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
const textOf = (p: Y.XmlElement): Y.XmlText => p.get(0) as Y.XmlText;
const bodyText = (doc: Y.Doc): string[] => paragraphs(doc).map((p) => p.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join(''));

describe('document versions', () => {
  let app: TestApp;
  let anna: Person, ben: Person, lea: Person;
  const clients: TestClient[] = [];

  const client = async (p: Person, docId: string): Promise<TestClient> => {
    const c = connectClient(app.wsUrl, docId, p.token);
    clients.push(c);
    await waitSynced(c);
    return c;
  };

  /** Waits until every client holds the server's state and has it stored. */
  const settled = async (docId: string, cs: TestClient[]) => {
    for (const c of cs) await c.tracker.whenSaved();
    const server = await app.services.liveDocs.read(docId, (d) => JSON.stringify(bodyText(d)));
    await waitFor(() => cs.every((c) => JSON.stringify(bodyText(c.doc)) === server), { what: 'convergence' });
  };

  const textDocument = async (body: string): Promise<string> => {
    const id = (await createDocument(app.services, principal(anna), { title: 'Digitalstrategie', kind: 'text' })).id;
    await replaceContent(app.services, principal(anna), id, 'markdown', body);
    await setAcl(app.services, principal(anna), id, {
      entries: [
        { principal: 'user', id: ben.user.id, role: 'editor' },
        { principal: 'user', id: lea.user.id, role: 'viewer' },
      ],
    });
    return id;
  };

  const named = async (docId: string, name: string, p: Person = anna): Promise<VersionView> => {
    const res = await call(createRoute, p, `${docId}/versions`, { id: docId }, { method: 'POST', body: { name } });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as VersionView;
  };

  const versionText = async (docId: string, vid: string, format = 'text'): Promise<string> => {
    const res = await call(versionContentRoute, anna, `${docId}/versions/${vid}/content?format=${format}`, { id: docId, vid });
    expect(res.status).toBe(200);
    return res.text();
  };

  const compare = async (docId: string, from: string, to: string): Promise<VersionComparison> => {
    const res = await call(compareRoute, lea, `${docId}/versions/compare?from=${from}&to=${to}`, { id: docId });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as VersionComparison;
  };

  beforeAll(async () => {
    app = await startTestApp();
    anna = await createUserWithToken(app.services.store, 'anna@kreis.example', 'Anna Amt');
    ben = await createUserWithToken(app.services.store, 'ben@kreis.example', 'Ben Bauamt');
    lea = await createUserWithToken(app.services.store, 'lea@kreis.example', 'Lea Leser');
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  afterAll(async () => {
    await app.dispose();
  });

  it('creates and names versions with time and authors, and serves their content in every format', async () => {
    const docId = await textDocument('Der Kreis digitalisiert.');
    const a = await client(anna, docId);
    const b = await client(ben, docId);
    textOf(paragraphs(a.doc)[0]).insert(0, 'Anna: ');
    await settled(docId, [a, b]);
    textOf(paragraphs(b.doc)[0]).insert(textOf(paragraphs(b.doc)[0]).length, ' Ben ergänzt.');
    await settled(docId, [a, b]);

    const v1 = await named(docId, 'Entwurf für Kreistag');
    expect(v1.name).toBe('Entwurf für Kreistag');
    expect(v1.auto).toBe(false);
    expect(v1.createdBy?.id).toBe(anna.user.id);
    expect(v1.authors.map((x) => x.name).sort()).toEqual(['Anna Amt', 'Ben Bauamt']);
    expect(v1.authors[0].color).toMatch(/^#[0-9a-f]{6}$/);

    // Later edits change the document, never the version.
    textOf(paragraphs(b.doc)[0]).insert(0, 'Später: ');
    await settled(docId, [a, b]);
    expect(await versionText(docId, v1.id)).toBe('Anna: Der Kreis digitalisiert. Ben ergänzt.');
    expect(await versionText(docId, v1.id, 'markdown')).toContain('Anna: Der Kreis digitalisiert. Ben ergänzt.');
    expect(await versionText(docId, v1.id, 'html')).toContain('<p>Anna: Der Kreis digitalisiert. Ben ergänzt.</p>');
    const pdf = await call(versionContentRoute, anna, `${docId}/versions/${v1.id}/content?format=pdf`, { id: docId, vid: v1.id });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const live = await call(contentRoute, anna, `${docId}/content?format=text`, { id: docId });
    expect(await live.text()).toBe('Später: Anna: Der Kreis digitalisiert. Ben ergänzt.');

    const v2 = await named(docId, 'Zweite Lesung', ben);
    expect(v2.authors.map((x) => x.name)).toEqual(['Ben Bauamt']);
    const list = (await (await call(listRoute, lea, `${docId}/versions`, { id: docId })).json()) as { versions: VersionView[] };
    expect(list.versions.map((v) => v.name)).toEqual(['Zweite Lesung', 'Entwurf für Kreistag']);
    expect(Date.parse(list.versions[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(list.versions[1].createdAt));

    const renamed = await call(renameRoute, ben, `${docId}/versions/${v2.id}`, { id: docId, vid: v2.id }, { method: 'PATCH', body: { name: 'Zweite Lesung (final)' } });
    expect(((await renamed.json()) as VersionView).name).toBe('Zweite Lesung (final)');
    const one = (await (await call(versionRoute, lea, `${docId}/versions/${v2.id}`, { id: docId, vid: v2.id })).json()) as VersionView & { content: { type: string } };
    expect(one.name).toBe('Zweite Lesung (final)');
    expect(one.content.type).toBe('doc');

    // Viewers read versions but do not make them; strangers see nothing; unknown ids are 404.
    expect((await call(createRoute, lea, `${docId}/versions`, { id: docId }, { method: 'POST', body: { name: 'x' } })).status).toBe(403);
    expect((await call(restoreRoute, lea, `${docId}/versions/${v1.id}/restore`, { id: docId, vid: v1.id }, { method: 'POST' })).status).toBe(403);
    const stranger = await createUserWithToken(app.services.store, `s${Date.now()}@kreis.example`);
    expect((await call(listRoute, stranger, `${docId}/versions`, { id: docId })).status).toBe(404);
    expect((await call(versionContentRoute, anna, `${docId}/versions/nope/content`, { id: docId, vid: 'nope' })).status).toBe(404);
    expect((await call(createRoute, anna, `${docId}/versions`, { id: docId }, { method: 'POST', body: { name: '' } })).status).toBe(400);
  });

  it('compares two versions: the diff shows what each of two users inserted and deleted', async () => {
    const docId = await textDocument('Wir digitalisieren alle Verfahren.\n\nDer Kreistag entscheidet im Mai.');
    const a = await client(anna, docId);
    const b = await client(ben, docId);
    const before = await named(docId, 'vorher');

    // Anna inserts in the first paragraph; Ben deletes a word there and adds a paragraph.
    const first = textOf(paragraphs(a.doc)[0]);
    first.insert('Wir digitalisieren alle Verfahren'.length, ' bis 2030');
    await settled(docId, [a, b]);
    const firstB = textOf(paragraphs(b.doc)[0]);
    firstB.delete('Wir digitalisieren '.length, 'alle '.length);
    b.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Ben schlägt einen Zeitplan vor.')]);
      b.doc.getXmlFragment('content').insert(2, [p]);
    });
    // Ben also removes the second paragraph entirely.
    b.doc.getXmlFragment('content').delete(1, 1);
    await settled(docId, [a, b]);
    const after = await named(docId, 'nachher', ben);

    const diff = await compare(docId, before.id, after.id);
    expect(diff.from?.id).toBe(before.id);
    expect(diff.to.id).toBe(after.id);
    const spans = diff.blocks.flatMap((bl) => bl.spans.map((s) => ({ ...s, block: bl.op })));
    expect(spans).toContainEqual({ text: ' bis 2030', op: 'ins', userId: anna.user.id, block: 'same' });
    expect(spans).toContainEqual({ text: 'alle ', op: 'del', userId: ben.user.id, block: 'same' });
    expect(spans).toContainEqual({ text: 'Ben schlägt einen Zeitplan vor.', op: 'ins', userId: ben.user.id, block: 'ins' });
    expect(spans).toContainEqual({ text: 'Der Kreistag entscheidet im Mai.', op: 'del', userId: ben.user.id, block: 'del' });
    expect(diff.blocks[0].spans.map((s) => s.text).join('')).toBe('Wir digitalisieren alle Verfahren bis 2030.');
    expect(diff.blocks.map((bl) => bl.op)).toEqual(['same', 'del', 'ins']);
    expect(diff.authors.map((x) => x.name).sort()).toEqual(['Anna Amt', 'Ben Bauamt']);

    // Either order gives the same comparison; unchanged text is not attributed.
    expect((await compare(docId, after.id, before.id)).blocks).toEqual(diff.blocks);
    expect(spans.filter((s) => s.op === 'same').every((s) => s.userId === null)).toBe(true);
  });

  it('tells who wrote which part of the live document, also after it was unloaded and loaded again', async () => {
    const docId = await textDocument('Vorlage.');
    const a = await client(anna, docId);
    const b = await client(ben, docId);
    textOf(paragraphs(a.doc)[0]).insert(0, 'Anna ');
    textOf(paragraphs(b.doc)[0]).insert(textOf(paragraphs(b.doc)[0]).length, ' Ben');
    await settled(docId, [a, b]);
    const authorship = async (): Promise<AuthorshipView> => {
      const res = await call(authorshipRoute, lea, `${docId}/authorship`, { id: docId });
      expect(res.status).toBe(200);
      return (await res.json()) as AuthorshipView;
    };
    const first = await authorship();
    expect(first.marks[String(a.doc.clientID)]).toEqual([[0, anna.user.id]]);
    expect(first.marks[String(b.doc.clientID)]).toEqual([[0, ben.user.id]]);
    expect(first.people.map((x) => x.name).sort()).toEqual(['Anna Amt', 'Ben Bauamt']);

    // Unloading takes a version that carries the marks into the next load.
    const clientA = a.doc.clientID;
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(async () => (await app.services.store.listVersions(docId)).some((v) => v.auto), { what: 'a version at unload' });
    expect((await authorship()).marks[String(clientA)]).toEqual([[0, anna.user.id]]);
  });

  it('restores a version as a new change, keeping the history', async () => {
    const docId = await textDocument('Erste Fassung.\n\nZweiter Absatz.');
    const a = await client(anna, docId);
    const v1 = await named(docId, 'Erste Fassung');
    textOf(paragraphs(a.doc)[0]).delete(0, 'Erste'.length);
    textOf(paragraphs(a.doc)[0]).insert(0, 'Überarbeitete');
    a.doc.getXmlFragment('content').delete(1, 1);
    await settled(docId, [a]);
    const v2 = await named(docId, 'Überarbeitet');

    const res = await call(restoreRoute, ben, `${docId}/versions/${v1.id}/restore`, { id: docId, vid: v1.id }, { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(200);
    await waitFor(() => JSON.stringify(bodyText(a.doc)) === JSON.stringify(['Erste Fassung.', 'Zweiter Absatz.']), { what: 'restored body at the client' });
    // History is not rewritten: both versions are still there, unchanged.
    expect(await versionText(docId, v2.id)).toBe('Überarbeitete Fassung.');
    expect(await versionText(docId, v1.id)).toBe('Erste Fassung.\n\nZweiter Absatz.');
    // The restore is a change by Ben: the next version names him and the diff attributes it to him.
    const v3 = await named(docId, 'Nach Wiederherstellung');
    expect(v3.authors.map((x) => x.name)).toEqual(['Ben Bauamt']);
    const diff = await compare(docId, v2.id, v3.id);
    const changed = diff.blocks.flatMap((bl) => bl.spans).filter((s) => s.op !== 'same');
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((s) => s.userId === ben.user.id)).toBe(true);
    expect((await app.services.store.listAudit({ action: 'document.version.restore', documentId: docId })).length).toBe(1);
  });

  it('restoring does not disturb a concurrent editor: their text stays and everyone converges', async () => {
    const docId = await textDocument('Einleitung alt.\n\nBen schreibt hier:');
    const a = await client(anna, docId);
    const b = await client(ben, docId);
    const v1 = await named(docId, 'Ausgangslage');
    textOf(paragraphs(a.doc)[0]).insert(0, 'Geänderte ');
    await settled(docId, [a, b]);

    // Ben types character by character into the second paragraph before, during and after the restore.
    let typed = '';
    let done = false;
    let typedWhileRestoring = 0;
    const typing = (async () => {
      for (let afterRestore = 0; afterRestore < 5; ) {
        const t = textOf(paragraphs(b.doc)[1]);
        const ch = ' Personal'[typed.length % 9];
        t.insert(t.length, ch);
        typed += ch;
        if (done) afterRestore++;
        else typedWhileRestoring++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    // The restore runs in this process and applies within a few microtasks; the characters Ben
    // sent meanwhile are still on the wire, so the server applies the restore without them and
    // Ben types without the restore: truly concurrent edits.
    const res = await call(restoreRoute, anna, `${docId}/versions/${v1.id}/restore`, { id: docId, vid: v1.id }, { method: 'POST' });
    done = true;
    expect(res.status).toBe(200);
    await typing;
    expect(typedWhileRestoring).toBeGreaterThan(0);
    await settled(docId, [a, b]);

    const expected = ['Einleitung alt.', 'Ben schreibt hier:' + typed];
    expect(bodyText(a.doc)).toEqual(expected);
    expect(bodyText(b.doc)).toEqual(expected);
    expect(await app.services.liveDocs.read(docId, bodyText)).toEqual(expected);
  });

  it('takes automatic versions for text and sheet documents, and exports sheet versions', async () => {
    const auto = await startTestApp({ env: { VERSION_PAUSE_MS: '150' } });
    try {
      const owner = await createUserWithToken(auto.services.store, 'owner@kreis.example', 'Olga Owner');
      const p = principal(owner);
      const docId = (await createDocument(auto.services, p, { title: 'Protokoll', kind: 'text' })).id;
      const c = connectClient(auto.wsUrl, docId, owner.token);
      clients.push(c);
      await waitSynced(c);
      c.doc.transact(() => {
        const para = new Y.XmlElement('paragraph');
        para.insert(0, [new Y.XmlText('Sitzung eröffnet.')]);
        c.doc.getXmlFragment('content').insert(0, [para]);
      });
      const autoVersion = await waitFor(async () => (await auto.services.store.listVersions(docId)).find((v) => v.auto && v.authors.includes(owner.user.id)), { what: 'an automatic version after a pause' });
      const stored = (await auto.services.store.getVersion(docId, autoVersion.id))!;
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, stored.state);
      expect(bodyText(ydoc)).toEqual(['Sitzung eröffnet.']);

      // A sheet: cells written through the API become an automatic version too, and a named one exports.
      const sheetId = (await createDocument(auto.services, p, { title: 'Fortschritt', kind: 'sheet' })).id;
      await putCells(auto.services, p, sheetId, { cells: { A1: 'Leistung', B1: 'Stand', A2: 'Wohngeld', B2: 40, B3: '=B2*2' } });
      await waitFor(async () => (await auto.services.store.listVersions(sheetId)).some((v) => v.auto), { what: 'an automatic sheet version' });
      const version = await auto.services.versions.take(sheetId, { name: 'Quartal 1', userId: owner.user.id });
      await putCells(auto.services, p, sheetId, { cells: { B2: 90 } });
      const csv = await call(versionContentRoute, owner, `${sheetId}/versions/${version.id}/content?format=csv&delimiter=;`, { id: sheetId, vid: version.id });
      expect(csv.status).toBe(200);
      const csvText = new TextDecoder().decode(await csv.arrayBuffer()).replace(/^\uFEFF/, '');
      expect(csvText.split(/\r?\n/).slice(0, 3)).toEqual(['Leistung;Stand', 'Wohngeld;40', ';80']);
      const xlsx = await call(versionContentRoute, owner, `${sheetId}/versions/${version.id}/content?format=xlsx`, { id: sheetId, vid: version.id });
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      // Text formats do not apply to sheets, nor compare.
      expect((await call(versionContentRoute, owner, `${sheetId}/versions/${version.id}/content?format=text`, { id: sheetId, vid: version.id })).status).toBe(400);

      // Leaving memory is a pause too: an edit just before unloading is kept as a version.
      c.destroy();
      const before = (await auto.services.store.listVersions(sheetId)).length;
      await putCells(auto.services, p, sheetId, { cells: { B2: 95 } });
      await waitFor(async () => (await auto.services.store.listVersions(sheetId)).length > before, { what: 'a version when the sheet was unloaded' });
    } finally {
      await auto.dispose();
    }
  });
});
