import type { JSONContent } from '@tiptap/core';
import type { CellStyle, ColumnType, ColumnValidation, Frozen, RawValue } from '../sheet/types';

/** German first; English for the English UI. */
export interface LocalizedText {
  de: string;
  en: string;
}

interface TemplateBase {
  /** Stable: API clients and `documents.template_id` refer to it. */
  id: string;
  /** Raised whenever the content changes, so a document records which edition it came from. */
  version: number;
  title: LocalizedText;
  description: LocalizedText;
}

export interface DocumentTemplate extends TemplateBase {
  kind: 'text';
  /** ProseMirror JSON of the editor's schema (lib/richtext/extensions.ts). */
  content: JSONContent;
}

/** Fields of a seed record a column can be prefilled from. */
export type SeedField = 'nr' | 'leistung' | 'themenfeld' | 'amt' | 'leika';

export interface SheetColumnSpec {
  /** The column's letter; must match its position (API clients address cells by it). */
  letter: string;
  title: string;
  type?: ColumnType;
  options?: string[];
  validation?: ColumnValidation;
  optionColors?: Record<string, string>;
  width?: number;
  /** Prefill every data row from this field of the seed record. */
  field?: SeedField;
  /** Same value in every data row. */
  value?: RawValue;
  /** Formula for every data row, English A1 notation, `{row}` standing for the row number. */
  formula?: string;
  /** Style of the column's data cells. */
  style?: CellStyle;
}

export interface SheetTabSpec {
  name: string;
  columns: SheetColumnSpec[];
  /** Data rows below the header row: one per seed record, or a number of rows. */
  rows: { seed: 'county-services' } | { count: number };
  frozen?: Frozen;
  /**
   * Single cells (A1 → value; formulas in English A1 notation, may name other tabs), written
   * after every tab exists.
   */
  cells?: Record<string, RawValue>;
  cellStyles?: Record<string, CellStyle>;
  /**
   * Row ownership: each data row belongs to the group named like its value in this column
   * (e.g. the Amt), when such a group exists at creation time.
   */
  rowOwnerFrom?: string;
}

/** What a template may learn about the organisation when it fills a new document. */
export interface TemplateContext {
  groups?: ReadonlyArray<{ id: string; name: string; externalName: string | null }>;
  /** When the document is made (fills the date and quarter fields); now by default. */
  now?: Date;
}

export interface SheetTemplate extends TemplateBase {
  kind: 'sheet';
  tabs: SheetTabSpec[];
}

export type TemplateDefinition = DocumentTemplate | SheetTemplate;

/** What the gallery shows small: a document's outline, a sheet's tabs and columns. */
export type TemplatePreview = { kind: 'text'; outline: Array<{ level: number; text: string }> } | { kind: 'sheet'; tabs: Array<{ name: string; columns: string[]; rows: number }> };
