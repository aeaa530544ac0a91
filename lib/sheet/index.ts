/**
 * Spreadsheets: the Yjs model, formulas with id-based references, and evaluation.
 * The grid binding, the HTTP API and the exporters build on what is exported here.
 */
export { SheetModel, type SheetInfo, type NewSheetOptions, type InitOptions } from './SheetModel';
export type { SheetChange, SheetDelta } from './changes';
export { SheetEngine, type EvaluatedValue, type ValueFormat, type ValueChange, type EngineChange } from './SheetEngine';
export { createUndoManager } from './undo';
export { cleanupOrphans, CLEANUP_ORIGIN, type CleanupReport } from './cleanup';
export { toStoredInput, toDisplayInput, cellText, type InputContext } from './input';
export {
  formulaToStored,
  formulaToA1,
  storedRefs,
  storedRefToA1,
  referencedExtent,
  isFormula,
  type RefContext,
} from './formulaRefs';
export { shiftFormula, shiftRawValue, type FillOffset } from './formulaFill';
export { encodeStoredRef, decodeStoredRef, type StoredRef, type IdCoord, type RefKind } from './storedRef';
export { validateCell, type Validation, type InvalidReason } from './validation';
export {
  formulaLocale,
  parseNumberInput,
  formatNumberInput,
  parseDateInput,
  formatDateInput,
  parseBooleanInput,
  isIsoDate,
  localizeError,
  isErrorCode,
  type FormulaLocale,
} from './locale';
export { isoDateToSerial, serialToIsoDate, serialToTime } from './serials';
export { columnLetters, columnIndex, formatA1, parseA1, parseA1Range, type A1Range, MAX_ROWS, MAX_COLS } from './a1';
export { buildGeometry, diffIds, applyIdSteps, type SheetGeometry, type IdListStep } from './geometry';
export { newItemId, newItemIds } from './ids';
export { SHEET_SCHEMA_VERSION, META_MAP, SHEET_ORDER, SHEETS_MAP } from './sheetDoc';
export * from './types';
