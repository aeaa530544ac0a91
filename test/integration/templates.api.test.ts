import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { documentJSON } from '../../lib/richtext/content';
import { tempDir, testEnv } from '../helpers/testApp';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitSynced } from '../helpers/collabClient';
import type { JSONContent } from '@tiptap/core';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVICES = 49;

function cli(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...testEnv(dataDir) }, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

type Cells = Record<string, { value: unknown; formula?: string }>;
const count = (json: JSONContent, type: string): number => (json.type === type ? 1 : 0) + (json.content ?? []).reduce((n, c) => n + count(c, type), 0);

describe('templates through the HTTP API (production server)', () => {
  let server: ServerProcess;
  let dataDir: string;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    dataDir = tempDir('werkraum-templates-');
    server = await startServerProcess(dataDir);
    expect(cli(dataDir, ['user', 'add', '--email', 'admin@kreis.example', '--name', 'Ada Admin', '--admin'], 'ein-langes-passwort\n').code).toBe(0);
    expect(cli(dataDir, ['user', 'add', '--email', 'amt@kreis.example', '--name', 'Amalie Amt'], 'noch-ein-passwort\n').code).toBe(0);
    admin = cli(dataDir, ['token', 'create', '--user', 'admin@kreis.example', '--name', 'tests']).stdout;
    user = cli(dataDir, ['token', 'create', '--user', 'amt@kreis.example', '--name', 'tests']).stdout;
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, p: string, body?: unknown, t = user) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${t}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** The live document as a client sees it. */
  async function documentContent(id: string): Promise<JSONContent> {
    const c = connectClient(server.url.replace('http', 'ws') + '/collab', id, user);
    try {
      await waitSynced(c);
      return documentJSON(c.doc);
    } finally {
      c.destroy();
    }
  }

  it('lists the templates with their stable ids, texts and previews', async () => {
    const { status, body } = await call('GET', '/api/v1/templates');
    expect(status).toBe(200);
    const templates = body.templates as Array<{ id: string; kind: string; title: { de: string }; description: { de: string }; preview: { kind: string } }>;
    expect(templates.map((t) => [t.id, t.kind])).toEqual([
      ['digitalstrategie', 'text'],
      ['quartalsbericht', 'text'],
      ['ergebnisprotokoll', 'text'],
      ['ozg-priorisierung', 'sheet'],
      ['zustaendigkeitsmatrix', 'sheet'],
    ]);
    for (const t of templates) {
      expect(t.title.de).toBeTruthy();
      expect(t.description.de.length).toBeGreaterThan(40);
      expect(t.preview.kind).toBe(t.kind);
    }
  });

  it('creates the prioritisation sheet from its template and evaluates the worked example', async () => {
    const created = await call('POST', '/api/v1/documents', { template: 'ozg-priorisierung', title: 'Priorisierung 2025' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'sheet', title: 'Priorisierung 2025', templateId: 'ozg-priorisierung' });
    const id = created.body.id as string;
    const header = await call('GET', `/api/v1/documents/${id}/cells?range=A1:AF1&sheet=Priorisierung`);
    expect(header.status).toBe(200);
    const h = header.body.cells as Cells;
    expect([h.A1.value, h.D1.value, h.L1.value, h.X1.value, h.AB1.value, h.AF1.value]).toEqual(['Nr', 'Leistung', 'Reifegrad Ist', 'Prioritäts-Score', 'Priorität final', 'Bemerkung']);
    const rows = await call('GET', `/api/v1/documents/${id}/cells?range=A2:D100&sheet=Priorisierung`);
    const r = rows.body.cells as Cells;
    expect(Object.keys(r).filter((k) => k.startsWith('D'))).toHaveLength(SERVICES);
    expect(r.D25.value).toBe('Altlastenkatasterauskunft');
    // §3: Altlastenkatasterauskunft → Prioritäts-Score 1.92, class B; override "Labor" → final "Labor".
    const put = await call('PUT', `/api/v1/documents/${id}/cells`, {
      sheet: 'Priorisierung',
      cells: { K25: 300, L25: 1, M25: 3, O25: 'unbekannt', Q25: 'Nein', S25: 3, T25: 4, U25: 5, W25: 3 },
    });
    expect(put.status).toBe(200);
    let scores = (await call('GET', `/api/v1/documents/${id}/cells?range=N25:AB25&sheet=Priorisierung`)).body.cells as Cells;
    expect([scores.N25.value, scores.R25.value, scores.V25.value, scores.X25.value, scores.Y25.value, scores.AB25.value]).toEqual([2, 2, 3.2, 1.92, 'B', 'B']);
    expect(scores.X25.formula).toBe('=IF(OR(V25="",W25=""),"",ROUND(V25*(6-W25)/5,2))');
    await call('PUT', `/api/v1/documents/${id}/cells`, { sheet: 'Priorisierung', cells: { Z25: 'Labor', AA25: 'Laborleistung lt. Q1-Bericht' } });
    scores = (await call('GET', `/api/v1/documents/${id}/cells?range=Y25:AB25&sheet=Priorisierung`)).body.cells as Cells;
    expect([scores.Y25.value, scores.AB25.value]).toEqual(['B', 'Labor']);
    const summary = (await call('GET', `/api/v1/documents/${id}/cells?range=A1:B40&sheet=Auswertung`)).body.cells as Cells;
    const figure = (label: string) => {
      const key = Object.keys(summary).find((k) => k.startsWith('A') && summary[k].value === label)!;
      return summary[`B${key.slice(1)}`].value;
    };
    expect(figure('Leistungen gesamt')).toBe(SERVICES);
    expect(figure('Labor')).toBe(1);
    expect(figure('Anteil Reifegrad ≥ 3')).toBe(0);
  });

  it('creates the matrix and the documents with their structure', async () => {
    const matrix = await call('POST', '/api/v1/documents', { template: 'zustaendigkeitsmatrix' });
    expect(matrix.body).toMatchObject({ kind: 'sheet', title: 'Zuständigkeitsmatrix' });
    const cells = (await call('GET', `/api/v1/documents/${matrix.body.id}/cells?range=A1:S1`)).body.cells as Cells;
    expect(cells.Q1.value).toBe('Klärungsstatus');
    const strategy = await call('POST', '/api/v1/documents', { template: 'digitalstrategie', title: 'Digitalstrategie 2030' });
    expect(strategy.body).toMatchObject({ kind: 'text', templateId: 'digitalstrategie' });
    const json = await documentContent(strategy.body.id as string);
    expect(count(json, 'heading')).toBeGreaterThan(25);
    expect(count(json, 'guidance')).toBeGreaterThan(10);
    expect(count(json, 'taskList')).toBeGreaterThan(0);
  });

  it('refuses unknown templates and a kind that does not fit', async () => {
    expect((await call('POST', '/api/v1/documents', { template: 'gibt-es-nicht' })).status).toBe(404);
    expect((await call('POST', '/api/v1/documents', { template: 'ozg-priorisierung', kind: 'text' })).status).toBe(400);
  });

  it('lets administrators save a document as an organisation template and retire it', async () => {
    const source = await call('POST', '/api/v1/documents', { template: 'ergebnisprotokoll', title: 'Protokoll Amtsleiterrunde' }, admin);
    const sourceId = source.body.id as string;
    expect((await call('POST', '/api/v1/templates', { documentId: sourceId, title: 'Protokoll Amtsleiterrunde' })).status).toBe(403);
    const saved = await call('POST', '/api/v1/templates', { documentId: sourceId, title: 'Protokoll Amtsleiterrunde', description: 'Mit festen TOPs' }, admin);
    expect(saved.status).toBe(201);
    const templateId = saved.body.id as string;
    expect(templateId).toMatch(/^org-/);
    expect(saved.body).toMatchObject({ kind: 'text', source: 'organization', title: { de: 'Protokoll Amtsleiterrunde' } });
    const listed = (await call('GET', '/api/v1/templates')).body.templates as Array<{ id: string }>;
    expect(listed.map((t) => t.id)).toContain(templateId);

    const copy = await call('POST', '/api/v1/documents', { template: templateId });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ kind: 'text', title: 'Protokoll Amtsleiterrunde', templateId });
    expect(count(await documentContent(copy.body.id as string), 'guidance')).toBeGreaterThan(0);

    const sheetSource = await call('POST', '/api/v1/documents', { template: 'zustaendigkeitsmatrix', title: 'Matrix Kreis' }, admin);
    const sheetTemplate = await call('POST', '/api/v1/templates', { documentId: sheetSource.body.id, title: 'Matrix mit VGP' }, admin);
    expect(sheetTemplate.body).toMatchObject({ kind: 'sheet', preview: { kind: 'sheet', tabs: [{ name: 'Zuständigkeiten', rows: SERVICES }] } });
    const sheetCopy = await call('POST', '/api/v1/documents', { template: sheetTemplate.body.id, title: 'Matrix 2026' });
    expect(sheetCopy.body).toMatchObject({ kind: 'sheet', title: 'Matrix 2026' });
    const copied = (await call('GET', `/api/v1/documents/${sheetCopy.body.id}/cells?range=B25:B25`)).body.cells as Cells;
    expect(copied.B25.value).toBe('Altlastenkatasterauskunft');

    expect((await call('DELETE', `/api/v1/templates/${templateId}`)).status).toBe(403);
    expect((await call('DELETE', '/api/v1/templates/digitalstrategie', undefined, admin)).status).toBe(400);
    expect((await call('DELETE', `/api/v1/templates/${templateId}`, undefined, admin)).status).toBe(200);
    const after = (await call('GET', '/api/v1/templates')).body.templates as Array<{ id: string }>;
    expect(after.map((t) => t.id)).not.toContain(templateId);
    expect((await call('POST', '/api/v1/documents', { template: templateId })).status).toBe(404);
    // Documents made from it keep their content.
    expect(count(await documentContent(copy.body.id as string), 'heading')).toBeGreaterThan(3);
  });
});
