// sheet: a 10,000 × 30 sheet with 10 % formulas — model build and full evaluation in Node, then
// in Chromium the time to first render (while a colleague has it open, and again once nobody
// has) and the frame times of a scripted scroll.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { SheetEngine } from '../../lib/sheet/SheetEngine';
import { formulaToStored } from '../../lib/sheet/formulaRefs';
import type { RawValue } from '../../lib/sheet/types';
import { tempDir, testEnv } from '../../test/helpers/testApp';
import { createFirstAdmin, startServerProcess } from '../../test/helpers/serverProcess';
import { launchBrowser, signIn } from '../../test/helpers/browser';
import { readMetric } from '../../test/helpers/metrics';
import { connect, synced } from './clients';
import { ROOT, pinProcess } from '../lib';

const ROWS = 10_000;
const COLS = 30;

/** Fills the sheet as an import does: one transaction, cells packed (SheetModel.fillEmptySheet). */
function fill(model: SheetModel, sheetId: string): void {
  model.transact(() => {
    if (model.rowCount(sheetId) < ROWS) model.insertRows(sheetId, model.rowCount(sheetId), ROWS - model.rowCount(sheetId));
    if (model.colCount(sheetId) < COLS) model.insertCols(sheetId, model.colCount(sheetId), COLS - model.colCount(sheetId));
    const ctx = model.refContext(sheetId);
    const cells: Array<{ row: number; col: number; cell: { v: RawValue } }> = [];
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) {
        // Every tenth column holds a formula over its row: 10 % formulas.
        const v = c % 10 === 9 ? formulaToStored(`=SUM(A${r + 1}:C${r + 1})*2`, 'en', ctx) : r * COLS + c;
        cells.push({ row: r, col: c, cell: { v } });
      }
    }
    model.fillEmptySheet(sheetId, cells);
  });
}

/** Frame times of a scripted scroll: 120 frames, 400 px down in each. */
function scrollFrames(page: Page, holderSelector: string): Promise<number[]> {
  return page.evaluate(async (selector) => {
    const holder = document.querySelector(selector) as HTMLElement;
    const deltas: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      holder.scrollTop += 400;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return deltas;
  }, holderSelector);
}

function frameStats(frames: number[]) {
  const sorted = [...frames].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)], max: sorted.at(-1)!, over50: sorted.filter((f) => f > 50).length };
}

/** A page with Handsontable alone (its own distribution files), configured as our sheet grid. */
function gridAlonePage(dir: string, box: { width: number; height: number }): string {
  const dist = (file: string) => pathToFileURL(path.join(ROOT, 'node_modules/handsontable', file)).href;
  const file = path.join(dir, 'grid-alone.html');
  writeFileSync(file, `<!doctype html><html lang="de"><head><meta charset="utf-8">
<link rel="stylesheet" href="${dist('styles/handsontable.min.css')}"><link rel="stylesheet" href="${dist('styles/ht-theme-main.min.css')}">
<script src="${dist('dist/handsontable.full.min.js')}"></script>
<style>body { margin: 0 } #grid { width: ${box.width}px; height: ${box.height}px }</style></head>
<body><div id="grid"></div><script>
const data = Array.from({ length: ${ROWS} }, (_, r) => Array.from({ length: ${COLS} }, (_, c) => c % 10 === 9 ? ((r * ${COLS}) * 3 + 3) * 2 : r * ${COLS} + c));
new Handsontable(document.getElementById('grid'), { data, licenseKey: 'non-commercial-and-evaluation', themeName: 'ht-theme-main',
  rowHeaders: true, colHeaders: true, width: '100%', height: '100%', colWidths: 110, wordWrap: false, outsideClickDeselects: false,
  columnSorting: true, filters: true, dropdownMenu: true, manualColumnResize: true, contextMenu: true, fillHandle: true });
</script></body></html>`);
  return file;
}

// Node: build and evaluate, on both cores as a server on this machine would (nothing else runs yet).
const t0 = performance.now();
const doc = new Y.Doc();
const model = new SheetModel(doc);
model.initialize({ title: 'Bench', rows: 100, cols: 26 });
const sid = model.sheetIds()[0];
fill(model, sid);
const built = performance.now();
const engine = new SheetEngine(model);
const values = engine.getSheetValues(sid);
const evaluated = performance.now();
if (values[ROWS - 1][9] !== ((ROWS - 1) * COLS * 3 + 3) * 2) throw new Error(`unexpected value ${values[ROWS - 1][9]}`);
const state = Y.encodeStateAsUpdate(doc);
engine.destroy();
model.destroy();

// Chromium: first render and scroll of the same sheet, served by the real app.
const dataDir = tempDir('werkraum-bench-sheet-');
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const server = await startServerProcess(dataDir, { LOG_LEVEL: 'error', METRICS_TOKEN });
// The server on core 0; the browser on any core, as on a person's computer with two or more.
pinProcess(server.child.pid!, 0);
await createFirstAdmin(server, { name: 'Bench', email: 'bench@kreis.example', password: 'bench-passwort-1' });
const token = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'token', 'create', '--user', 'bench@kreis.example', '--name', 'bench'], {
  cwd: ROOT, env: { ...process.env, ...testEnv(dataDir) }, encoding: 'utf8',
}).stdout.trim();
const res = await fetch(`${server.url}/api/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Grosse Tabelle', kind: 'sheet' }) });
const { id } = (await res.json()) as { id: string };
const port = Number(new URL(server.url).port);
const c = connect(port, id, token, true);
await synced(c);
// Replace the initial sheet's content with the prepared one, as one import-like change.
const remoteModel = new SheetModel(c.doc);
const remoteSheet = remoteModel.sheetIds()[0];
fill(remoteModel, remoteSheet);
await c.tracker!.whenSaved();
// This client stays connected: a colleague has the sheet open, so it is in the server's memory
// (opening a sheet nobody has open costs the server's load on top; see docs/performance.md).
// The 4 MB log is compacted into one snapshot right after it is stored; opening the sheet is
// measured after that, as it would be any later day.
const metric = (name: string) => readMetric(server.url, METRICS_TOKEN, name);
while (!((await metric('werkraum_compactions_total')) >= 1)) await new Promise((r) => setTimeout(r, 200));
const loadedDocuments = () => metric('werkraum_documents_loaded');

const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
await signIn(page, server.url, 'bench@kreis.example', 'bench-passwort-1');
// The page records the frame in which the first cell shows a value (relative to navigation
// start): asking from here would wait for the page's main thread, busy with the formula engine.
await context.addInitScript({
  // The server's preview of the first screen counts as painted cells; the live grid's own first
  // paint is recorded as well.
  content: `(() => { const painted = (sel) => { const td = document.querySelector(sel); return td && td.textContent !== ''; };
    const check = () => {
      if (!window.__cellsPainted && painted('.sheet-preview tbody tr td, .sheet-grid .ht_master tbody tr td')) window.__cellsPainted = performance.now();
      if (painted('.sheet-grid .ht_master tbody tr td')) window.__gridPainted = performance.now(); else requestAnimationFrame(check); };
    requestAnimationFrame(check); })()`,
});
// A server that has just started compiles and loads each route's code on its first request; a
// small sheet's page takes that cost, as someone's earlier visit would have.
const small = await fetch(`${server.url}/api/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Klein', kind: 'sheet' }) });
await page.goto(`${server.url}/s/${((await small.json()) as { id: string }).id}`);
await page.waitForFunction(() => performance.getEntriesByName('sheet:engine').length > 0, null, { timeout: 120_000 });
await page.goto(`${server.url}/s/${id}`);
await page.waitForFunction(() => performance.getEntriesByName('sheet:engine').length > 0, null, { timeout: 120_000 });
const [firstRender, gridPainted, evaluatedAt, syncedAt] = await page.evaluate(() => [
  (window as unknown as { __cellsPainted: number }).__cellsPainted,
  (window as unknown as { __gridPainted: number }).__gridPainted,
  performance.getEntriesByName('sheet:engine')[0].startTime,
  performance.getEntriesByName('sheet:synced')[0].startTime,
]);
// BENCH_SHEET_TRACE=<file> records a Chromium trace of the scroll (open it in DevTools' Performance panel).
const tracePath = process.env.BENCH_SHEET_TRACE;
if (tracePath) {
  await browser.startTracing(page, {
    path: tracePath,
    categories: [
      'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
      // The stack that forced each layout and style recalculation, and a CPU profile.
      'disabled-by-default-devtools.timeline.stack', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing',
    ],
  });
}
const frames = await scrollFrames(page, '.sheet-grid .ht_master .wtHolder');
if (tracePath) await browser.stopTracing();
// The grid library alone, as the scroll's reference: the same size of grid and window, theme,
// column width and menus, over a plain 10,000 × 30 array of the same numbers.
const gridBox = await page.evaluate(() => {
  const r = (document.querySelector('.sheet-grid') as HTMLElement).getBoundingClientRect();
  return { width: Math.round(r.width), height: Math.round(r.height) };
});
const alone = await context.newPage();
await alone.goto(pathToFileURL(gridAlonePage(dataDir, gridBox)).href);
await alone.waitForSelector('.ht_master tbody td');
const aloneFrames = await scrollFrames(alone, '.ht_master .wtHolder');
await alone.close();
// Then the same sheet when nobody has it open: everyone left, the server unloaded it (and kept
// its first screen), and someone opens it again.
await page.close();
c.provider.destroy();
while ((await loadedDocuments()) !== 0) await new Promise((r) => setTimeout(r, 200));
const cold = await context.newPage();
await cold.goto(`${server.url}/s/${id}`);
await cold.waitForFunction(() => (window as unknown as { __cellsPainted?: number }).__cellsPainted !== undefined, null, { timeout: 120_000 });
const coldFirstRender = await cold.evaluate(() => (window as unknown as { __cellsPainted: number }).__cellsPainted);
await browser.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
const { p50, p95, max, over50 } = frameStats(frames);
const reference = frameStats(aloneFrames);
process.stdout.write(JSON.stringify({
  rows: ROWS, cols: COLS, stateBytes: state.length,
  nodeBuildMs: built - t0, nodeEvaluateMs: evaluated - built,
  chromiumSyncedMs: syncedAt, chromiumFirstRenderMs: firstRender, chromiumColdFirstRenderMs: coldFirstRender, chromiumGridPaintedMs: gridPainted, chromiumFormulasShownMs: evaluatedAt,
  scrollFrameP50Ms: p50, scrollFrameP95Ms: p95, scrollFrameMaxMs: max, framesOver50ms: over50,
  gridAloneScrollFrameP50Ms: reference.p50, gridAloneScrollFrameP95Ms: reference.p95, gridAloneScrollFrameMaxMs: reference.max, gridAloneFramesOver50ms: reference.over50,
}) + '\n');
process.exit(0);
