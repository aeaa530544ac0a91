import type { Cell } from './types';

/**
 * Packed cells: the first content of a sheet that is filled all at once (an imported workbook),
 * kept as a few write-once chunks instead of one Yjs entry per cell.
 *
 * A sheet's `cells` map holds one entry per edited cell, so two people typing into cells of the
 * same row merge cell by cell. That costs about 530 bytes of heap per cell and a string decode
 * per key: 160 MB and seconds of decoding for an imported 10,000 × 30 sheet. Cells that arrive
 * together, before anyone could have edited them, need no cell-level merging, so they are stored
 * as UTF-8 JSON in the sheet's `base` map (chunk id → bytes). A cell's entry in `cells`, when it
 * has one, always wins over its packed value: every later edit, clearing included, is written
 * there. A chunk is never rewritten, so concurrent edits never meet one.
 *
 * Chunk JSON: `{"cols":[colId…],"rows":[[rowId, cell…]…]}`, a cell at its column's position in
 * `cols`: null (empty), a raw value, or `{v, s}` for a styled cell.
 */

/** Rows per chunk: keeps one chunk's bytes well below the server's message size limit. */
export const CHUNK_ROWS = 2000;

export interface PackedRow {
  /** Position of each column id in `cells`, shared by the rows of a chunk. */
  colPos: ReadonlyMap<string, number>;
  cols: readonly string[];
  /** Cells as the `cells` map stores them (`{v}` or `{v, s}`), undefined where empty. */
  cells: readonly unknown[];
}

/** rowId → its packed cells. A row id in two chunks (only a malformed document) keeps the first. */
export type PackedRows = ReadonlyMap<string, PackedRow>;

export function encodeChunk(colIds: readonly string[], rows: ReadonlyArray<readonly [string, ReadonlyArray<Cell | null>]>): Uint8Array {
  const packed = rows.map(([rowId, cells]) => {
    let end = cells.length;
    while (end > 0 && cells[end - 1] === null) end--;
    return [rowId, ...cells.slice(0, end).map((c) => (c === null ? null : c.s !== undefined ? { v: c.v, s: c.s } : c.v))];
  });
  return new TextEncoder().encode(JSON.stringify({ cols: colIds, rows: packed }));
}

interface ParsedChunk {
  cols: string[];
  rows: unknown[][];
}

const decoder = new TextDecoder();
const parsedChunks = new WeakMap<Uint8Array, ParsedChunk | null>();

/** A chunk's content, or null when it is not a well-formed chunk (clients write documents). */
export function parseChunk(value: unknown): ParsedChunk | null {
  if (!(value instanceof Uint8Array)) return null;
  const cached = parsedChunks.get(value);
  if (cached !== undefined) return cached;
  let parsed: ParsedChunk | null = null;
  try {
    const json = JSON.parse(decoder.decode(value)) as { cols?: unknown; rows?: unknown };
    if (Array.isArray(json.cols) && json.cols.every((c) => typeof c === 'string') && Array.isArray(json.rows)) {
      const rows = json.rows.filter((r): r is unknown[] => Array.isArray(r) && typeof r[0] === 'string');
      parsed = { cols: json.cols as string[], rows };
    }
  } catch {
    parsed = null;
  }
  parsedChunks.set(value, parsed);
  return parsed;
}

/** The row ids a chunk writes (authorization of row ownership on the server). */
export function chunkRowIds(value: unknown): string[] {
  return parseChunk(value)?.rows.map((r) => r[0] as string) ?? [];
}

/** Every packed row of a sheet's `base` map, chunks in key order so every replica agrees. */
export function indexChunks(base: { forEach(fn: (value: unknown, key: string) => void): void }): PackedRows {
  const chunks: Array<[string, ParsedChunk]> = [];
  base.forEach((value, key) => {
    const chunk = parseChunk(value);
    if (chunk) chunks.push([key, chunk]);
  });
  chunks.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map<string, PackedRow>();
  for (const [, chunk] of chunks) {
    const colPos = new Map(chunk.cols.map((id, i) => [id, i] as const));
    for (const row of chunk.rows) {
      const rowId = row[0] as string;
      if (!index.has(rowId)) index.set(rowId, { colPos, cols: chunk.cols, cells: row.slice(1).map(unpack) });
    }
  }
  return index;
}

/** A packed cell as the model stores cells, undefined when empty. */
export function packedCell(row: PackedRow, colId: string): unknown {
  const i = row.colPos.get(colId);
  return i === undefined ? undefined : row.cells[i];
}

function unpack(x: unknown): unknown {
  if (x === null || x === undefined) return undefined;
  return typeof x === 'object' ? x : { v: x };
}
