import { z } from 'zod';

/**
 * What a cell stores: the raw input in its locale-neutral form. A string that starts with `=`
 * is a formula in stored form (references as ids, see formulaRefs.ts); a string that starts
 * with `'` is text whose content is the rest (so text can start with `=`); any other string is
 * text; numbers and booleans are themselves. Dates in date columns are ISO `YYYY-MM-DD` text.
 */
export type RawValue = string | number | boolean;

export interface Cell {
  v: RawValue;
  /** Style: the id of a named style in the sheet's `styles` map, or an inline style. */
  s?: string | CellStyle;
}

export const cellStyleSchema = z
  .object({
    bold: z.boolean(),
    italic: z.boolean(),
    underline: z.boolean(),
    strike: z.boolean(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    background: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    align: z.enum(['left', 'center', 'right']),
    valign: z.enum(['top', 'middle', 'bottom']),
    wrap: z.boolean(),
    /** Number format in spreadsheet notation, e.g. `#,##0.00` or `0%`; exporters pass it on. */
    numberFormat: z.string().max(100),
  })
  .partial()
  .strict();
export type CellStyle = z.infer<typeof cellStyleSchema>;

/** The pattern as a RegExp, or null when it does not compile. */
export function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

export const COLUMN_TYPES = ['text', 'number', 'date', 'select', 'checkbox'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const columnValidationSchema = z
  .object({
    required: z.boolean(),
    min: z.number(),
    max: z.number(),
    maxLength: z.number().int().positive(),
    /**
     * A regular expression text values must match (`^\\d{14}$` for LeiKa keys). Any client can
     * write it and every client runs it, so a quantified group, the shape of catastrophic
     * backtracking, is refused.
     */
    pattern: z
      .string()
      .min(1)
      .max(200)
      .refine((p) => !/\)[*+?{]/.test(p) && safeRegExp(p) !== null, 'Unsupported pattern'),
  })
  .partial()
  .strict();
export type ColumnValidation = z.infer<typeof columnValidationSchema>;

export const columnMetaSchema = z
  .object({
    width: z.number().int().min(10).max(2000),
    type: z.enum(COLUMN_TYPES),
    options: z.array(z.string().max(200)).max(500),
    validation: columnValidationSchema,
    /** Background colour per option value (`strittig` in red), applied wherever the value stands. */
    optionColors: z.record(z.string().max(200), z.string().regex(/^#[0-9a-fA-F]{6}$/)),
  })
  .partial()
  .strict();
export type ColumnMeta = z.infer<typeof columnMetaSchema>;

export const rowMetaSchema = z
  .object({
    /** The group (department) that owns the row; edit rights are decided elsewhere. */
    owner: z.string().min(1).max(64),
    height: z.number().int().min(10).max(2000),
  })
  .partial()
  .strict();
export type RowMeta = z.infer<typeof rowMetaSchema>;

/** Frozen panes: the first `rows` rows and `cols` columns stay in view. */
export const frozenSchema = z.object({ rows: z.number().int().min(0).max(1000), cols: z.number().int().min(0).max(100) }).strict();
export type Frozen = z.infer<typeof frozenSchema>;

export const commentSchema = z.object({ text: z.string().min(1).max(10_000), author: z.string().min(1).max(200), at: z.number().int() }).strict();
export type CellComment = z.infer<typeof commentSchema>;

/**
 * Sheet names follow the spreadsheet rules that exporters need (xlsx refuses longer names or
 * these characters): 1–31 characters, none of `[]:*?/\`, no apostrophe at either end.
 */
export const sheetNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(31)
  .refine((s) => !/[[\]:*?/\\]/.test(s), 'Sheet names may not contain [ ] : * ? / \\')
  .refine((s) => !s.startsWith("'") && !s.endsWith("'"), 'Sheet names may not start or end with an apostrophe');

/** A merged block, stored under the key of its top-left cell; the far corner is named by ids. */
export interface MergeRecord {
  r2: string;
  c2: string;
}

/** A merged block in positions, for the grid and exporters. */
export interface MergedArea {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

export interface CellAddress {
  row: number;
  col: number;
}

/** An inclusive block of cells on one sheet, by position. */
export interface CellRange {
  sheetId: string;
  start: CellAddress;
  end: CellAddress;
}
