import { MAX_COLS, MAX_ROWS } from '../../sheet/a1';
import { tooLarge } from '../errors';

/**
 * What one import may bring into a live document. lib/sheet's MAX_ROWS/MAX_COLS are the limits of
 * A1 notation (Excel's grid); a Yjs document holding every row and column id in memory on the
 * server and in each browser needs far tighter ones. The cell cap bounds memory for dense files
 * that stay within the row and column limits.
 */
export interface SheetLimits {
  maxRows: number;
  maxCols: number;
  /** Non-empty cells over all sheets of one file. */
  maxCells: number;
  maxSheets: number;
}

export const SHEET_IMPORT_LIMITS: SheetLimits = {
  maxRows: Math.min(100_000, MAX_ROWS),
  maxCols: Math.min(1_000, MAX_COLS),
  maxCells: 1_000_000,
  maxSheets: 100,
};

/** Counts cells while a reader walks a file, and refuses the file as soon as a limit is passed. */
export class LimitCounter {
  private cells = 0;
  constructor(readonly limits: SheetLimits) {}

  /** Checks a cell position (0-based) before it is kept. */
  cell(sheetName: string, row: number, col: number): void {
    if (row >= this.limits.maxRows) throw tooLarge(`Sheet "${sheetName}" has more than ${this.limits.maxRows} rows`);
    if (col >= this.limits.maxCols) throw tooLarge(`Sheet "${sheetName}" has more than ${this.limits.maxCols} columns`);
    if (++this.cells > this.limits.maxCells) throw tooLarge(`The file has more than ${this.limits.maxCells} filled cells`);
  }

  sheet(count: number): void {
    if (count > this.limits.maxSheets) throw tooLarge(`The file has more than ${this.limits.maxSheets} sheets`);
  }
}
