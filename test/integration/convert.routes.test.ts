import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { GET as getContent, PUT as putContent } from '../../app/api/v1/documents/[id]/content/route';
import { POST as importRoute } from '../../app/api/v1/documents/import/route';
import { docToDocx } from '../../lib/convert/docxExport';
import { docxToDoc } from '../../lib/convert/docxImport';
import { docToOdt } from '../../lib/convert/odtExport';
import { odtToDoc } from '../../lib/convert/odtImport';
import { markdownToDoc } from '../../lib/convert/markdownImport';
import { normalizeDoc } from '../../lib/convert/schemaDoc';
import { outline, sampleDoc } from '../unit/convert/fixture';

// The same routes as convert.api.test.ts, called in-process against a real app (store, registry,
// WebSocket sync) without a Next build, so they run on every change of the route code.
describe('content and import route handlers (in-process app)', () => {
  let app: TestApp;
  let token: string;
  let userId: string;
  const expected = outline(normalizeDoc(sampleDoc));
  const base = 'http://127.0.0.1/api/v1/documents';

  beforeAll(async () => {
    app = await startTestApp({ env: { MAX_IMPORT_BYTES: String(256 * 1024) } });
    const u = await createUserWithToken(app.services.store, 'routes@kreis.example');
    token = u.token;
    userId = u.user.id;
  });

  afterAll(async () => {
    await app.dispose();
  });

  const params = (id: string) => ({ params: Promise.resolve({ id }) });
  const headers = () => ({ authorization: `Bearer ${token}` });

  function upload(bytes: Uint8Array | string, filename: string) {
    const form = new FormData();
    form.append('file', new File([typeof bytes === 'string' ? bytes : bytes.slice()], filename));
    return importRoute(new Request(`${base}/import`, { method: 'POST', headers: headers(), body: form }), { params: Promise.resolve({}) });
  }

  const exportAs = (id: string, format: string) => getContent(new Request(`${base}/${id}/content?format=${format}`, { headers: headers() }), params(id));

  it('imports office files and exports every format', async () => {
    const odt = await upload(docToOdt(sampleDoc, { title: 'x' }), 'Bericht.odt');
    expect(odt.status, await odt.clone().text()).toBe(201);
    const { id } = (await odt.json()) as { id: string };
    const docx = await upload(await docToDocx(sampleDoc, { title: 'x' }), 'Bericht.docx');
    expect(docx.status).toBe(201);

    expect(outline(markdownToDoc(await (await exportAs(id, 'markdown')).text()))).toEqual(expected);
    const odtOut = await exportAs(id, 'odt');
    expect(odtOut.headers.get('content-disposition')).toMatch(/^attachment; filename="Bericht\.odt"/);
    expect(outline(odtToDoc(new Uint8Array(await odtOut.arrayBuffer())))).toEqual(expected);
    expect(outline(docxToDoc(new Uint8Array(await (await exportAs(id, 'docx')).arrayBuffer())))).toEqual(expected);
    const pdf = await exportAs(id, 'pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await (await exportAs(id, 'html')).text()).toContain('<h1>Digitalstrategie 2026</h1>');
  });

  it('replaces content as one change that a live client sees', async () => {
    const created = (await (await upload('<h1>Alt</h1>', 'alt.html')).json()) as { id: string };
    const c = connectClient(app.wsUrl, created.id, token);
    try {
      await waitSynced(c);
      const res = await putContent(new Request(`${base}/${created.id}/content?format=markdown`, { method: 'PUT', headers: headers(), body: '## Neu\n\nText' }), params(created.id));
      expect(res.status).toBe(200);
      await waitFor(() => outline(yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('content')) as JSONContent)[0] === 'h2: Neu', { what: 'replaced content' });
    } finally {
      c.destroy();
    }
  });

  it('leaves no document behind when an import fails', async () => {
    const count = async () => (await app.services.store.listDocumentsForUser(userId, {})).length + (await app.services.store.listDocumentsForUser(userId, { trashed: true })).length;
    const before = await count();
    const bomb = zipSync({ 'content.xml': new Uint8Array(32 * 1024 * 1024) }, { level: 9 });
    for (const [res, status] of [
      [await upload(bomb, 'bombe.odt'), 413],
      [await upload(new Uint8Array(300 * 1024).fill(65), 'gross.txt'), 413],
      [await upload(zipSync({ 'x.xml': strToU8('<x/>') }), 'leer.docx'), 400],
      [await upload('x', 'bild.png'), 400],
    ] as const) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toBeTruthy();
    }
    expect(await count()).toBe(before);
  });

  it('moves the new document to the trash when storing its content fails', async () => {
    const live = app.services.liveDocs;
    const change = live.change.bind(live);
    live.change = () => Promise.reject(new Error('disk full'));
    try {
      const res = await upload('# Titel', 'fehler.md');
      expect(res.status).toBe(500);
    } finally {
      live.change = change;
    }
    const visible = await app.services.store.listDocumentsForUser(userId, {});
    expect(visible.map((d) => d.title)).not.toContain('fehler');
    const trashed = await app.services.store.listDocumentsForUser(userId, { trashed: true });
    expect(trashed.map((d) => d.title)).toContain('fehler');
  });
});
