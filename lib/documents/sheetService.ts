import { z } from 'zod';
import type * as Y from 'yjs';
import { AppError, badRequest, notFound } from '../errors';
import { newId } from '../ids';
import { CloseCode } from '../collab/protocol';
import type { Config } from '../config';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { DocumentRecord } from '../store/types';
import { columnIndex, formatA1, parseA1, parseA1Range } from '../sheet/a1';
import { formulaToA1, isFormula, referencedExtent } from '../sheet/formulaRefs';
import { cellText } from '../sheet/input';
import { SheetEngine } from '../sheet/SheetEngine';
import { SheetModel } from '../sheet/SheetModel';
import type { CsvDelimiter } from '../convert/sheet/csv';
import { exportWorkbook, type SheetExport } from '../convert/sheet/exportFile';
import { sheetFormatOf, type SheetFormat } from '../convert/sheet/formats';
import { modelToWorkbook } from '../convert/sheet/fromModel';
import { SHEET_IMPORT_LIMITS } from '../convert/sheet/limits';
import { readSheetFile } from '../convert/sheet/readFile';
import { applyWorkbook, planWorkbook } from '../convert/sheet/toModel';
import { titleFromFileName } from '../convert/formats';
import { unsupportedFormat } from '../convert/errors';
import { authorize, titleSchema } from './service';

type S = Pick<Services, 'store' | 'liveDocs'>;
type SC = S & { config: Pick<Config, 'maxImportBytes'> };

/** Most cells one PUT may write (a paste of a large block); bigger changes go through imports. */
export const MAX_CELLS_PER_PUT = 10_000;
/** Most rows or columns one request may insert; the sheet's limits still apply. */
const MAX_LINES_PER_REQUEST = 10_000;

function withModel<T>(ydoc: Y.Doc, fn: (model: SheetModel) => T): T {
  const model = new SheetModel(ydoc);
  try {
    return fn(model);
  } finally {
    model.destroy();
  }
}

/** The same evaluation the browser runs, built on the live state for one request. */
function withEngine<T>(ydoc: Y.Doc, fn: (model: SheetModel, engine: SheetEngine) => T): T {
  return withModel(ydoc, (model) => {
    const engine = new SheetEngine(model);
    try {
      return fn(model, engine);
    } finally {
      engine.destroy();
    }
  });
}

async function authorizeSheet(s: S, p: Principal, docId: string, action: 'read' | 'edit'): Promise<DocumentRecord> {
  const { doc } = await authorize(s, p, docId, action);
  if (doc.kind !== 'sheet') throw new AppError(400, 'unsupported_kind', 'Only spreadsheets have cells, rows and columns');
  return doc;
}

/** A sheet by its visible name (case-insensitive), or the first sheet. */
function sheetIdOf(model: SheetModel, name: string | undefined): string {
  if (name === undefined) {
    const first = model.sheetIds()[0];
    if (first === undefined) throw notFound('Sheet');
    return first;
  }
  const id = model.sheetIdByName(name);
  if (id === undefined) throw notFound(`Sheet "${name}"`);
  return id;
}

// ── export ──────────────────────────────────────────────────────────────────────────────────

export interface SheetExportOptions {
  /** CSV: the sheet to write (default: the first); XLSX and ODS always hold the whole workbook. */
  sheet?: string;
  locale?: string;
  delimiter?: CsvDelimiter;
}

export async function exportSheet(s: S, p: Principal, docId: string, format: SheetFormat, opts: SheetExportOptions = {}): Promise<SheetExport> {
  const doc = await authorizeSheet(s, p, docId, 'read');
  return s.liveDocs.read(docId, (ydoc) => exportSheetDoc(ydoc, doc.title, format, opts));
}

/** A workbook file from any state of a sheet document (the live one, or a version's). */
export function exportSheetDoc(ydoc: Y.Doc, fallbackTitle: string, format: SheetFormat, opts: SheetExportOptions = {}): SheetExport {
  return withEngine(ydoc, (model, engine) => {
    const ids = format === 'csv' ? [sheetIdOf(model, opts.sheet)] : model.sheetIds();
    if (opts.sheet !== undefined && format !== 'csv') sheetIdOf(model, opts.sheet);
    return exportWorkbook(modelToWorkbook(model, engine, ids), format, { title: model.title || fallbackTitle, locale: opts.locale, delimiter: opts.delimiter });
  });
}

// ── cells ───────────────────────────────────────────────────────────────────────────────────

export interface CellView {
  value: number | string | boolean | null;
  /** A1 form, English notation (`=SUM(A1:A2)`). */
  formula?: string;
}

/** Every non-empty cell of a block, keyed by A1 address; formulas evaluated. */
function readCells(model: SheetModel, engine: SheetEngine, sheetId: string, start: { row: number; col: number }, end: { row: number; col: number }): Record<string, CellView> {
  const ctx = model.refContext(sheetId);
  const found: Array<{ row: number; col: number; view: CellView }> = [];
  model.forEachCell(sheetId, (row, col, cell) => {
    if (row < start.row || row > end.row || col < start.col || col > end.col) return;
    const v = cell.v;
    if (typeof v === 'string' && isFormula(v)) found.push({ row, col, view: { value: engine.getValue(sheetId, row, col), formula: formulaToA1(v, 'en', ctx) } });
    else if (v !== '') found.push({ row, col, view: { value: typeof v === 'string' ? cellText(v) : v } });
  });
  found.sort((a, b) => a.row - b.row || a.col - b.col);
  return Object.fromEntries(found.map((f) => [formatA1(f), f.view]));
}

export async function getCells(s: S, p: Principal, docId: string, range: string, sheet?: string): Promise<{ sheet: string; cells: Record<string, CellView> }> {
  await authorizeSheet(s, p, docId, 'read');
  const parsed = parseA1Range(range);
  if (!parsed) throw badRequest(`Not a cell or range: ${range}`);
  return s.liveDocs.read(docId, (ydoc) =>
    withEngine(ydoc, (model, engine) => {
      const sheetId = sheetIdOf(model, parsed.sheet ?? sheet);
      return { sheet: model.sheetName(sheetId)!, cells: readCells(model, engine, sheetId, parsed.start, parsed.end) };
    }),
  );
}

export const putCellsSchema = z.object({
  sheet: z.string().min(1).max(31).optional(),
  cells: z
    .record(z.string().regex(/^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}$/, 'Cell addresses are A1 references'), z.union([z.string().max(32_767), z.number(), z.boolean(), z.null()]))
    .refine((c) => Object.keys(c).length <= MAX_CELLS_PER_PUT, `At most ${MAX_CELLS_PER_PUT} cells per request`),
});

/**
 * Writes cells as one collaborative change: text goes through the model's input rules (English
 * notation: `=SUM(A1;A2)` is not a formula, `1.5` is a number), numbers and booleans are stored
 * as they are, null clears. Sheets grow to take cells and references beyond their end.
 */
export async function putCells(s: S, p: Principal, docId: string, body: z.infer<typeof putCellsSchema>): Promise<{ sheet: string; cells: Record<string, CellView> }> {
  await authorizeSheet(s, p, docId, 'edit');
  const entries = Object.entries(body.cells).map(([a1, value]) => {
    const at = parseA1(a1);
    if (!at) throw badRequest(`Not a cell address: ${a1}`);
    return { at, value };
  });
  let sheetName = '';
  await s.liveDocs.change(docId, p.user.id, (ydoc) =>
    withModel(ydoc, (model) => {
      const sheetId = sheetIdOf(model, body.sheet);
      sheetName = model.sheetName(sheetId)!;
      // Everything that could be refused is checked before the first write: a Yjs transaction
      // cannot be rolled back.
      const needs = new Map<string, { rows: number; cols: number }>();
      const need = (id: string, rows: number, cols: number) => {
        const n = needs.get(id) ?? { rows: 0, cols: 0 };
        needs.set(id, { rows: Math.max(n.rows, rows), cols: Math.max(n.cols, cols) });
      };
      for (const { at, value } of entries) {
        need(sheetId, at.row + 1, at.col + 1);
        if (typeof value !== 'string' || !isFormula(value)) continue;
        for (const e of referencedExtent(value, 'en')) {
          const target = e.sheet === undefined ? sheetId : model.sheetIdByName(e.sheet);
          if (target !== undefined) need(target, e.rows, e.cols);
        }
      }
      for (const n of needs.values()) {
        if (n.rows > SHEET_IMPORT_LIMITS.maxRows || n.cols > SHEET_IMPORT_LIMITS.maxCols) {
          throw badRequest(`Sheets hold at most ${SHEET_IMPORT_LIMITS.maxRows} rows and ${SHEET_IMPORT_LIMITS.maxCols} columns`);
        }
      }
      for (const [id, n] of needs) {
        if (n.rows > model.rowCount(id)) model.insertRows(id, model.rowCount(id), n.rows - model.rowCount(id));
        if (n.cols > model.colCount(id)) model.insertCols(id, model.colCount(id), n.cols - model.colCount(id));
      }
      for (const { at, value } of entries) {
        if (typeof value === 'string') model.setInput(sheetId, at.row, at.col, value, 'en');
        else model.setValue(sheetId, at.row, at.col, value);
      }
    }),
  );
  return s.liveDocs.read(docId, (ydoc) =>
    withEngine(ydoc, (model, engine) => {
      const sheetId = model.sheetIdByName(sheetName) ?? sheetIdOf(model, undefined);
      const all = entries.map((e) => e.at);
      const start = { row: Math.min(...all.map((a) => a.row)), col: Math.min(...all.map((a) => a.col)) };
      const end = { row: Math.max(...all.map((a) => a.row)), col: Math.max(...all.map((a) => a.col)) };
      const wanted = new Set(all.map((a) => formatA1(a)));
      const cells = entries.length ? readCells(model, engine, sheetId, start, end) : {};
      return { sheet: sheetName, cells: Object.fromEntries(Object.entries(cells).filter(([k]) => wanted.has(k))) };
    }),
  );
}

// ── rows and columns ────────────────────────────────────────────────────────────────────────

export type LineDim = 'rows' | 'columns';

/** A 1-based row number; for columns also a letter (`C` = 3). Query strings give text. */
const rowNumberSchema = z.coerce.number().int().min(1);
const columnNumberSchema = z.union([
  z.number().int().min(1),
  z
    .string()
    .trim()
    .regex(/^([0-9]+|[A-Za-z]{1,3})$/, 'A column number or letter')
    .transform((x) => (/^[0-9]+$/.test(x) ? Number(x) : columnIndex(x) + 1))
    .pipe(z.number().int().min(1)),
]);

const lines = (at: typeof rowNumberSchema | typeof columnNumberSchema) =>
  z.object({
    sheet: z.string().min(1).max(31).optional(),
    at,
    count: z.coerce.number().int().min(1).max(MAX_LINES_PER_REQUEST).default(1),
  });
export const rowsSchema = lines(rowNumberSchema);
export const columnsSchema = lines(columnNumberSchema);
export type LinesInput = z.infer<typeof rowsSchema> | z.infer<typeof columnsSchema>;

/**
 * Inserts `count` rows (columns) so that the first new one has number `at`: `at` = 3 inserts
 * before the current row 3; one past the last row appends. Formulas keep pointing at the cells
 * they meant, wherever those move.
 */
export async function insertLines(s: S, p: Principal, docId: string, dim: LineDim, input: LinesInput): Promise<{ sheet: string; rows: number; columns: number }> {
  await authorizeSheet(s, p, docId, 'edit');
  return changeLines(s, p, docId, input, (model, sheetId, index) => {
    const limit = dim === 'rows' ? SHEET_IMPORT_LIMITS.maxRows : SHEET_IMPORT_LIMITS.maxCols;
    const size = dim === 'rows' ? model.rowCount(sheetId) : model.colCount(sheetId);
    if (index < 0 || index > size) throw badRequest(`"at" must be between 1 and ${size + 1}`);
    if (size + input.count > limit) throw badRequest(`Sheets hold at most ${limit} ${dim}`);
    if (dim === 'rows') model.insertRows(sheetId, index, input.count);
    else model.insertCols(sheetId, index, input.count);
  });
}

/** Deletes `count` rows (columns) from number `at` on; references to them become `#REF!`. */
export async function deleteLines(s: S, p: Principal, docId: string, dim: LineDim, input: LinesInput): Promise<{ sheet: string; rows: number; columns: number }> {
  await authorizeSheet(s, p, docId, 'edit');
  return changeLines(s, p, docId, input, (model, sheetId, index) => {
    const size = dim === 'rows' ? model.rowCount(sheetId) : model.colCount(sheetId);
    if (index < 0 || index + input.count > size) throw badRequest(`Rows or columns ${input.at}…${index + input.count} are not all in the sheet (it has ${size})`);
    if (dim === 'rows') model.deleteRows(sheetId, index, input.count);
    else model.deleteCols(sheetId, index, input.count);
  });
}

async function changeLines(
  s: S,
  p: Principal,
  docId: string,
  input: LinesInput,
  fn: (model: SheetModel, sheetId: string, index: number) => void,
): Promise<{ sheet: string; rows: number; columns: number }> {
  let out = { sheet: '', rows: 0, columns: 0 };
  await s.liveDocs.change(docId, p.user.id, (ydoc) =>
    withModel(ydoc, (model) => {
      const sheetId = sheetIdOf(model, input.sheet);
      fn(model, sheetId, input.at - 1);
      out = { sheet: model.sheetName(sheetId)!, rows: model.rowCount(sheetId), columns: model.colCount(sheetId) };
    }),
  );
  return out;
}

// ── import ──────────────────────────────────────────────────────────────────────────────────

export interface SheetUpload {
  bytes: Uint8Array;
  filename: string;
  contentType?: string;
  title?: string;
  locale?: string;
  delimiter?: CsvDelimiter;
}

function readUpload(s: SC, file: SheetUpload) {
  const format = sheetFormatOf(file.filename, file.contentType ?? '');
  if (!format) throw unsupportedFormat('Unsupported spreadsheet type: use .csv, .xlsx or .ods');
  const wb = readSheetFile({ bytes: file.bytes, filename: file.filename, format, maxBytes: s.config.maxImportBytes, locale: file.locale, delimiter: file.delimiter });
  return { wb, format };
}

/**
 * Creates a spreadsheet document from a CSV, XLSX or ODS file. The file is read and checked
 * completely first, so a bad file creates nothing; the content is then written in the same
 * change that sets the document up. Should storing fail, the new document goes to the trash.
 */
export async function importSheetDocument(s: SC, p: Principal, file: SheetUpload): Promise<DocumentRecord> {
  const { wb, format } = readUpload(s, file);
  const plan = planWorkbook(wb, []);
  const title = titleSchema.parse(file.title?.trim() ? file.title : titleFromFileName(file.filename));
  const doc = await s.store.createDocument({ id: newId(), kind: 'sheet', title, ownerId: p.user.id });
  try {
    await s.liveDocs.change(doc.id, p.user.id, (ydoc) => withModel(ydoc, (model) => applyWorkbook(model, plan, { title: doc.title })));
  } catch (err) {
    await s.store.updateDocument(doc.id, { deletedAt: Date.now() }).catch(() => undefined);
    s.liveDocs.closeDocument(doc.id, CloseCode.DocumentDeleted, 'import failed');
    throw err;
  }
  await s.store.audit({ actor: p.user.id, action: 'document.import', documentId: doc.id, detail: { title: doc.title, format, sheets: plan.sheets.length } });
  return doc;
}

/** Adds the sheets of a file as new tabs (names made unique), as one collaborative change. */
export async function importSheetTabs(s: SC, p: Principal, docId: string, file: SheetUpload): Promise<{ sheets: Array<{ id: string; name: string }> }> {
  await authorizeSheet(s, p, docId, 'edit');
  const { wb, format } = readUpload(s, file);
  let added: Array<{ id: string; name: string }> = [];
  await s.liveDocs.change(docId, p.user.id, (ydoc) =>
    withModel(ydoc, (model) => {
      // Planned against the live names inside the change, so a tab added meanwhile cannot clash.
      const plan = planWorkbook(wb, model.sheetList().map((x) => x.name));
      const ids = applyWorkbook(model, plan);
      added = ids.map((id) => ({ id, name: model.sheetName(id)! }));
    }),
  );
  await s.store.audit({ actor: p.user.id, action: 'document.import', documentId: docId, detail: { format, sheets: added.length, tabs: true } });
  return { sheets: added };
}
