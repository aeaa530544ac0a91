import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import { tempDir, testEnv } from '../helpers/testApp';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitSynced } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';
import { docToDocx } from '../../lib/convert/docxExport';
import { docxToDoc } from '../../lib/convert/docxImport';
import { docToHtml } from '../../lib/convert/htmlExport';
import { docToMarkdown } from '../../lib/convert/markdownExport';
import { markdownToDoc } from '../../lib/convert/markdownImport';
import { docToOdt } from '../../lib/convert/odtExport';
import { odtToDoc } from '../../lib/convert/odtImport';
import { normalizeDoc } from '../../lib/convert/schemaDoc';
import { outline, sampleDoc, sampleTexts } from '../unit/convert/fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAX_IMPORT = 512 * 1024;

function cli(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...testEnv(dataDir) }, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('document import and export through the HTTP API (production server)', () => {
  let server: ServerProcess;
  let dataDir: string;
  let token: string;
  let otherToken: string;
  const expected = outline(normalizeDoc(sampleDoc));

  beforeAll(async () => {
    dataDir = tempDir('werkraum-convert-');
    server = await startServerProcess(dataDir, { MAX_IMPORT_BYTES: String(MAX_IMPORT) });
    expect(cli(dataDir, ['user', 'add', '--email', 'import@kreis.example', '--name', 'Ina Import'], 'ein-langes-passwort\n').code).toBe(0);
    expect(cli(dataDir, ['user', 'add', '--email', 'leser@kreis.example', '--name', 'Lea Leser'], 'noch-ein-passwort\n').code).toBe(0);
    token = cli(dataDir, ['token', 'create', '--user', 'import@kreis.example', '--name', 'tests']).stdout;
    otherToken = cli(dataDir, ['token', 'create', '--user', 'leser@kreis.example', '--name', 'tests']).stdout;
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const auth = (t: string | null = token): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});

  function upload(bytes: Uint8Array | string, filename: string, opts: { title?: string; t?: string | null } = {}) {
    const form = new FormData();
    form.append('file', new File([typeof bytes === 'string' ? bytes : bytes.slice()], filename));
    if (opts.title) form.append('title', opts.title);
    return fetch(`${server.url}/api/v1/documents/import`, { method: 'POST', headers: auth(opts.t === undefined ? token : opts.t), body: form });
  }

  async function importOk(bytes: Uint8Array | string, filename: string, title?: string): Promise<string> {
    const res = await upload(bytes, filename, { title });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { id: string; title: string; kind: string };
    expect(body.kind).toBe('text');
    return body.id;
  }

  const content = (id: string, format: string, t: string | null = token) => fetch(`${server.url}/api/v1/documents/${id}/content?format=${format}`, { headers: auth(t) });

  async function markdownOf(id: string): Promise<JSONContent> {
    const res = await content(id, 'markdown');
    expect(res.status).toBe(200);
    return markdownToDoc(await res.text());
  }

  async function documentIds(): Promise<string[]> {
    const live = (await (await fetch(`${server.url}/api/v1/documents`, { headers: auth() })).json()) as { documents: Array<{ id: string }> };
    const trash = (await (await fetch(`${server.url}/api/v1/documents?trash=1`, { headers: auth() })).json()) as { documents: Array<{ id: string }> };
    return [...live.documents, ...trash.documents].map((d) => d.id).sort();
  }

  let sampleId: string;

  it('imports ODT, DOCX, Markdown and HTML with every structure', async () => {
    const files: Array<[Uint8Array | string, string]> = [
      [docToOdt(sampleDoc, { title: 'x' }), 'Strategie.odt'],
      [await docToDocx(sampleDoc, { title: 'x' }), 'Strategie.docx'],
      [docToMarkdown(sampleDoc), 'Strategie.md'],
      [docToHtml(sampleDoc), 'Strategie.html'],
    ];
    for (const [bytes, name] of files) {
      const id = await importOk(bytes, name);
      expect(outline(await markdownOf(id)), name).toEqual(expected);
      const meta = (await (await fetch(`${server.url}/api/v1/documents/${id}`, { headers: auth() })).json()) as { title: string; role: string };
      expect(meta).toMatchObject({ title: 'Strategie', role: 'owner' });
      sampleId = id;
    }
  });

  it('imports an Etherpad export and plain text, with a given title', async () => {
    const pad = {
      'pad:p': { atext: { text: '*Protokoll\nErster Punkt\n', attribs: '*0*1+1|1+a|1+c' }, pool: { numToAttrib: { 0: ['heading', 'h1'], 1: ['lmkr', '1'] } } },
    };
    const padId = await importOk(JSON.stringify(pad), 'sitzung.etherpad', 'Sitzung März');
    expect(await (await content(padId, 'text')).text()).toBe('Protokoll\n\nErster Punkt');
    expect(((await (await fetch(`${server.url}/api/v1/documents/${padId}`, { headers: auth() })).json()) as { title: string }).title).toBe('Sitzung März');
    const txtId = await importOk('Zeile eins\n\nZeile zwei', 'notiz.txt');
    expect(await (await content(txtId, 'text')).text()).toBe('Zeile eins\n\nZeile zwei');
  });

  it('exports every format with its type and a file name from the title', async () => {
    const text = await (await content(sampleId, 'text')).text();
    for (const t of sampleTexts) expect(text).toContain(t);
    const html = await content(sampleId, 'html');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<h1>Digitalstrategie 2026</h1>');
    const md = await content(sampleId, 'markdown');
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe(`inline; filename="Strategie.md"; filename*=UTF-8''Strategie.md`);

    const odt = await content(sampleId, 'odt');
    expect(odt.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    expect(odt.headers.get('content-disposition')).toBe(`attachment; filename="Strategie.odt"; filename*=UTF-8''Strategie.odt`);
    const odtBytes = new Uint8Array(await odt.arrayBuffer());
    expect(strFromU8(unzipSync(odtBytes).mimetype)).toBe('application/vnd.oasis.opendocument.text');
    expect(outline(odtToDoc(odtBytes))).toEqual(expected);

    const docx = await content(sampleId, 'docx');
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers.get('content-disposition')).toMatch(/^attachment; filename="Strategie\.docx"/);
    expect(outline(docxToDoc(new Uint8Array(await docx.arrayBuffer())))).toEqual(expected);

    const pdf = await content(sampleId, 'pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="Strategie\.pdf"/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const bad = await content(sampleId, 'rtf');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    expect((await content(sampleId, 'pdf', otherToken)).status).toBe(404);
  });

  it('replaces the content with one change that open editors see at once', async () => {
    const c = connectClient(server.url.replace('http', 'ws') + '/collab', sampleId, token);
    try {
      await waitSynced(c);
      const put = (body: string, format: string, t = token) =>
        fetch(`${server.url}/api/v1/documents/${sampleId}/content?format=${format}`, { method: 'PUT', headers: { ...auth(t), 'content-type': 'text/plain' }, body });
      const res = await put('# Neu\n\n- eins\n- zwei\n\n<img src=x onerror=alert(1)>', 'markdown');
      expect(res.status, await res.clone().text()).toBe(200);
      const live = () => outline(yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('content')) as JSONContent);
      await waitFor(() => live()[0] === 'h1: Neu', { what: 'the replaced content at the live client' });
      expect(live()).toEqual(['h1: Neu', 'bulletList', '  listItem', '    paragraph: eins', '  listItem', '    paragraph: zwei']);
      expect(await (await content(sampleId, 'html')).text()).not.toContain('onerror');

      expect((await put('<p>HTML</p>', 'html')).status).toBe(200);
      await waitFor(() => live()[0] === 'paragraph: HTML', { what: 'HTML replacement' });
      expect((await put('x', 'pdf')).status).toBe(400);

      // Viewers may read but not replace.
      const lookup = (await (await fetch(`${server.url}/api/v1/users/lookup?email=leser@kreis.example`, { headers: auth() })).json()) as { id: string };
      const acl = await fetch(`${server.url}/api/v1/documents/${sampleId}/acl`, {
        method: 'PUT',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ entries: [{ principal: 'user', id: lookup.id, role: 'viewer' }] }),
      });
      expect(acl.status).toBe(200);
      expect((await content(sampleId, 'text', otherToken)).status).toBe(200);
      expect((await put('<p>nein</p>', 'html', otherToken)).status).toBe(403);
    } finally {
      c.destroy();
    }
  });

  it('refuses bad imports with JSON errors and leaves no document behind', async () => {
    const before = await documentIds();
    const cases: Array<[Promise<Response>, number, string]> = [
      [upload(new Uint8Array(MAX_IMPORT + 1).fill(65), 'gross.txt'), 413, 'too_large'],
      [upload(zipSync({ 'word/other.xml': strToU8('<x/>') }), 'kaputt.docx'), 400, 'malformed_file'],
      [upload(strToU8('kein zip'), 'kaputt.odt'), 400, 'malformed_file'],
      [upload(zipSync({ 'content.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }), 'bombe.odt'), 413, 'too_large'],
      [upload('GIF89a', 'bild.gif'), 400, 'unsupported_format'],
      [upload('{"x": 1}', 'pad.etherpad'), 400, 'malformed_file'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect(r.status).toBe(status);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const noFile = await fetch(`${server.url}/api/v1/documents/import`, { method: 'POST', headers: auth(), body: new FormData() });
    expect(noFile.status).toBe(400);
    const notMultipart = await fetch(`${server.url}/api/v1/documents/import`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(400);
    expect((await upload('# x', 'a.md', { t: null })).status).toBe(401);
    expect(await documentIds()).toEqual(before);
  });
});
