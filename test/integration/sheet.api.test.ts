import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { odsToWorkbook } from '../../lib/convert/sheet/odsRead';
import { workbookToOds } from '../../lib/convert/sheet/odsWrite';
import type { SheetData, WorkbookData } from '../../lib/convert/sheet/workbook';
import { xlsxToWorkbook } from '../../lib/convert/sheet/xlsxRead';
import { workbookToXlsx } from '../../lib/convert/sheet/xlsxWrite';
import { DEFAULT_UNZIP_LIMITS } from '../../lib/convert/unzip';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { tempDir, testEnv } from '../helpers/testApp';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitSynced } from '../helpers/collabClient';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAX_IMPORT = 512 * 1024;
const unzip = { unzip: DEFAULT_UNZIP_LIMITS };

function cli(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...testEnv(dataDir) }, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

type Cells = Record<string, { value: unknown; formula?: string }>;

/** A workbook file as another program would send it: two sheets, a formula across them. */
function uploadWorkbook(): WorkbookData {
  const sheet = (name: string, cells: SheetData['cells']): SheetData => ({ name, cells, colWidths: [120], frozen: { rows: 1, cols: 0 }, merges: [] });
  return {
    sheets: [
      sheet('Kosten', [
        { row: 0, col: 0, value: 'Posten', style: { bold: true } },
        { row: 1, col: 0, value: 4 },
        { row: 2, col: 0, value: 6 },
        { row: 3, col: 0, value: 30, formula: '=SUM(A2:A3)*Faktor!A1' },
      ]),
      sheet('Faktor', [{ row: 0, col: 0, value: 3 }]),
    ],
  };
}

describe('spreadsheets through the HTTP API (production server)', () => {
  let server: ServerProcess;
  let dataDir: string;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    dataDir = tempDir('werkraum-sheet-api-');
    server = await startServerProcess(dataDir, { MAX_IMPORT_BYTES: String(MAX_IMPORT) });
    expect(cli(dataDir, ['user', 'add', '--email', 'tabelle@kreis.example', '--name', 'Tina Tabelle'], 'ein-langes-passwort\n').code).toBe(0);
    expect(cli(dataDir, ['user', 'add', '--email', 'fremd@kreis.example', '--name', 'Fritz Fremd'], 'noch-ein-passwort\n').code).toBe(0);
    token = cli(dataDir, ['token', 'create', '--user', 'tabelle@kreis.example', '--name', 'tests']).stdout;
    otherToken = cli(dataDir, ['token', 'create', '--user', 'fremd@kreis.example', '--name', 'tests']).stdout;
    expect(token).toMatch(/^wrk_/);
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, p: string, body?: unknown, t: string = token, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${t}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
    const r = await res;
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return JSON.parse(text) as T;
  }

  const cells = async (id: string, range: string, sheet?: string) =>
    (await ok<{ cells: Cells }>(call('GET', `/api/v1/documents/${id}/cells?range=${range}${sheet ? `&sheet=${encodeURIComponent(sheet)}` : ''}`))).cells;

  function upload(p: string, bytes: Uint8Array | string, filename: string, fields: Record<string, string> = {}) {
    const form = new FormData();
    form.append('file', new File([typeof bytes === 'string' ? bytes : bytes.slice()], filename));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return fetch(`${server.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  }

  async function documentIds(): Promise<string[]> {
    const live = await ok<{ documents: Array<{ id: string }> }>(call('GET', '/api/v1/documents'));
    const trash = await ok<{ documents: Array<{ id: string }> }>(call('GET', '/api/v1/documents?trash=1'));
    return [...live.documents, ...trash.documents].map((d) => d.id).sort();
  }

  async function exported(id: string, format: 'xlsx' | 'ods'): Promise<WorkbookData> {
    const res = await call('GET', `/api/v1/documents/${id}/content?format=${format}`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return format === 'xlsx' ? xlsxToWorkbook(bytes, unzip) : odsToWorkbook(bytes, unzip);
  }

  async function newSheet(title: string): Promise<string> {
    return (await ok<{ id: string; kind: string }>(call('POST', '/api/v1/documents', { title, kind: 'sheet' }), 201)).id;
  }

  it('writes cells, evaluates formulas, and keeps references right through row and column changes', async () => {
    const id = await newSheet('Haushalt');
    // A browser with the sheet open sees the API's writes as ordinary collaborative edits.
    const client = connectClient(server.url.replace('http', 'ws') + '/collab', id, token);
    try {
      await waitSynced(client);
      const put = await ok<{ cells: Cells }>(call('PUT', `/api/v1/documents/${id}/cells`, { cells: { A1: 1, A2: 2, A3: '=SUM(A1:A2)', B1: 'Text', C1: '=A2*10', D1: true, E1: '1.5' } }));
      expect(put.cells.A3).toEqual({ value: 3, formula: '=SUM(A1:A2)' });
      expect(await cells(id, 'A1:E20')).toEqual({
        A1: { value: 1 },
        B1: { value: 'Text' },
        C1: { value: 20, formula: '=A2*10' },
        D1: { value: true },
        E1: { value: 1.5 },
        A2: { value: 2 },
        A3: { value: 3, formula: '=SUM(A1:A2)' },
      });
      await waitFor(
        () => {
          const model = new SheetModel(client.doc);
          const s = model.sheetIds()[0];
          const v = s ? model.getInput(s, 0, 2, 'de-DE') : '';
          model.destroy();
          return v === '=A2*10';
        },
        { what: 'the formula in the browser' },
      );

      // A row inserted above the referenced cell: the formulas follow it.
      expect(await ok(call('POST', `/api/v1/documents/${id}/rows`, { at: 2, count: 1 }))).toMatchObject({ rows: 101 });
      expect(await cells(id, 'A1:C5')).toEqual({
        A1: { value: 1 },
        B1: { value: 'Text' },
        C1: { value: 20, formula: '=A3*10' },
        A3: { value: 2 },
        A4: { value: 3, formula: '=SUM(A1:A3)' },
      });
      // A column inserted before A (by letter): everything moves right, formulas included.
      await ok(call('POST', `/api/v1/documents/${id}/columns`, { at: 'A' }));
      expect((await cells(id, 'D1:D1')).D1).toEqual({ value: 20, formula: '=B3*10' });
      await ok(call('DELETE', `/api/v1/documents/${id}/columns?at=A&count=1`));
      // The referenced row deleted: the reference is gone.
      expect(await ok(call('DELETE', `/api/v1/documents/${id}/rows?at=3&count=1`))).toMatchObject({ rows: 100 });
      const after = await cells(id, 'A1:C5');
      expect(after.C1).toEqual({ value: '#REF!', formula: '=#REF!*10' });
      expect(after.A1).toEqual({ value: 1 });
    } finally {
      client.destroy();
    }
  });

  it('grows the sheet for far cells and refuses bad input, strangers and text documents', async () => {
    const id = await newSheet('Groß');
    await ok(call('PUT', `/api/v1/documents/${id}/cells`, { cells: { A150: 7, AB1: '=A150*2' } }));
    expect(await cells(id, 'AB1')).toEqual({ AB1: { value: 14, formula: '=A150*2' } });
    expect((await call('PUT', `/api/v1/documents/${id}/cells`, { cells: { 'not a cell': 1 } })).status).toBe(400);
    expect((await call('GET', `/api/v1/documents/${id}/cells?range=A1:B2&sheet=Fehlt`)).status).toBe(404);
    expect((await call('PUT', `/api/v1/documents/${id}/cells`, { cells: { A1: 1 } }, otherToken)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/documents/${id}/rows?at=200&count=1`)).status).toBe(400);
    const text = (await ok<{ id: string }>(call('POST', '/api/v1/documents', { title: 'Text', kind: 'text' }), 201)).id;
    expect((await call('GET', `/api/v1/documents/${text}/cells?range=A1`)).status).toBe(400);
  });

  it('exports CSV, XLSX and ODS with formulas and values', async () => {
    const id = await newSheet('Export');
    await ok(call('PUT', `/api/v1/documents/${id}/cells`, { cells: { A1: 'Posten', B1: 'Betrag', A2: 'Miete', B2: 1200.5, A3: '="=1+2"', B3: '=B2*2' } }));
    const de = await call('GET', `/api/v1/documents/${id}/content?format=csv`, undefined, token, { 'accept-language': 'de-DE,de;q=0.9' });
    expect(de.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(de.headers.get('content-disposition')).toMatch(/attachment; filename="Export - Tabelle1\.csv"/);
    const bytes = new Uint8Array(await de.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The formula's text result starts with = and is neutralised; values, not formulas.
    expect(new TextDecoder().decode(bytes)).toBe("Posten;Betrag\r\nMiete;1200,5\r\n'=1+2;2401\r\n");
    const en = await (await call('GET', `/api/v1/documents/${id}/content?format=csv&locale=en&sheet=Tabelle1`)).text();
    expect(en.split('\r\n')[1]).toBe('Miete,1200.5');

    for (const format of ['xlsx', 'ods'] as const) {
      const wb = await exported(id, format);
      const b3 = wb.sheets[0].cells.find((c) => c.row === 2 && c.col === 1);
      expect(b3).toMatchObject({ value: 2401, formula: '=B2*2' });
    }
  });

  it('imports CSV, XLSX and ODS as new spreadsheets', async () => {
    const csv = await ok<{ id: string; kind: string; title: string }>(upload('/api/v1/documents/import', '\uFEFFPosten;Betrag\nMiete;"1.234,56"\n=1+1;x\n', 'Ausgaben.csv'), 201);
    expect(csv).toMatchObject({ kind: 'sheet', title: 'Ausgaben' });
    expect(await cells(csv.id, 'A1:B3')).toEqual({
      A1: { value: 'Posten' },
      B1: { value: 'Betrag' },
      A2: { value: 'Miete' },
      B2: { value: 1234.56 },
      A3: { value: '=1+1' },
      B3: { value: 'x' },
    });
    for (const [name, bytes] of [
      ['Kosten.xlsx', workbookToXlsx(uploadWorkbook(), { title: 'Kosten' })],
      ['Kosten.ods', workbookToOds(uploadWorkbook(), { title: 'Kosten' })],
    ] as const) {
      const doc = await ok<{ id: string; kind: string }>(upload('/api/v1/documents/import', bytes, name), 201);
      expect(doc.kind).toBe('sheet');
      expect(await cells(doc.id, 'A4')).toEqual({ A4: { value: 30, formula: '=SUM(A2:A3)*Faktor!A1' } });
      expect(await cells(doc.id, 'A1', 'Faktor')).toEqual({ A1: { value: 3 } });
      const wb = await exported(doc.id, 'xlsx');
      expect(wb.sheets.map((s) => s.name)).toEqual(['Kosten', 'Faktor']);
      expect(wb.sheets[0]).toMatchObject({ colWidths: [120], frozen: { rows: 1, cols: 0 } });
      expect(wb.sheets[0].cells[0].style).toEqual({ bold: true });
    }
  });

  it('imports a file as new tabs of an existing spreadsheet', async () => {
    const id = await newSheet('Sammlung');
    await ok(call('PUT', `/api/v1/documents/${id}/cells`, { cells: { A1: 'bleibt' } }));
    const xlsx = await ok<{ sheets: Array<{ name: string }> }>(upload(`/api/v1/documents/${id}/import`, workbookToXlsx(uploadWorkbook(), { title: 'x' }), 'Kosten.xlsx'), 201);
    expect(xlsx.sheets.map((s) => s.name)).toEqual(['Kosten', 'Faktor']);
    const ods = await ok<{ sheets: Array<{ name: string }> }>(upload(`/api/v1/documents/${id}/import`, workbookToOds(uploadWorkbook(), { title: 'x' }), 'Kosten.ods'), 201);
    // Taken names get a number; the formula follows its own file's sheet.
    expect(ods.sheets.map((s) => s.name)).toEqual(['Kosten (2)', 'Faktor (2)']);
    expect(await cells(id, 'A4', 'Kosten (2)')).toEqual({ A4: { value: 30, formula: "=SUM(A2:A3)*'Faktor (2)'!A1" } });
    const csv = await ok<{ sheets: Array<{ name: string }> }>(upload(`/api/v1/documents/${id}/import`, 'a,b\n1,2\n', 'Liste.csv'), 201);
    expect(csv.sheets.map((s) => s.name)).toEqual(['Liste']);
    expect(await cells(id, 'A1:B2', 'Liste')).toEqual({ A1: { value: 'a' }, B1: { value: 'b' }, A2: { value: 1 }, B2: { value: 2 } });
    expect(await cells(id, 'A1')).toEqual({ A1: { value: 'bleibt' } });
    expect((await exported(id, 'ods')).sheets.map((s) => s.name)).toEqual(['Tabelle1', 'Kosten', 'Faktor', 'Kosten (2)', 'Faktor (2)', 'Liste']);
  });

  it('leaves nothing behind when an import fails', async () => {
    const before = await documentIds();
    const good = workbookToXlsx(uploadWorkbook(), { title: 'x' });
    const corrupt = good.slice(0, Math.floor(good.length / 2));
    const bad = await upload('/api/v1/documents/import', corrupt, 'Kaputt.xlsx');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('malformed_file');
    expect((await upload('/api/v1/documents/import', 'x'.repeat(MAX_IMPORT + 10), 'Riesig.csv')).status).toBe(413);
    const tooLong = strToU8(Array.from({ length: 100_001 }, () => '1').join('\n'));
    expect((await upload('/api/v1/documents/import', tooLong, 'Lang.csv')).status).toBe(413);
    expect(await documentIds()).toEqual(before);

    // Into an existing spreadsheet: the tabs stay as they were.
    const id = await newSheet('Unverändert');
    expect((await upload(`/api/v1/documents/${id}/import`, corrupt, 'Kaputt.xlsx')).status).toBe(400);
    expect((await upload(`/api/v1/documents/${id}/import`, tooLong, 'Lang.csv')).status).toBe(413);
    expect((await exported(id, 'ods')).sheets.map((s) => s.name)).toEqual(['Tabelle1']);
  });
});
