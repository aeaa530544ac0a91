import { formulaToA1, formulaToStored, isFormula, type RefContext } from './formulaRefs';
import {
  formatDateInput,
  formatNumberInput,
  formulaLocale,
  isIsoDate,
  LOCALE_FACTS,
  parseBooleanInput,
  parseDateInput,
  parseNumberInput,
} from './locale';
import type { ColumnType, RawValue } from './types';

/** Rewriting needs the workbook; conversion of values also needs the column's type. */
export interface InputContext extends RefContext {
  columnType?: ColumnType;
}

/**
 * What the user typed → what the cell stores (null: the cell becomes empty).
 * - `=…` is a formula: references become ids, the notation becomes locale-neutral.
 * - `'…` is text, kept with its apostrophe (so text may start with `=` or look like a number).
 * - Text and select columns keep text as typed; date columns store ISO `YYYY-MM-DD` when the
 *   input is a date (`31.01.2024` in German); checkbox columns store booleans.
 * - Otherwise numbers in the locale's notation become numbers, TRUE/FALSE (WAHR/FALSCH)
 *   booleans, and anything else stays text.
 * Invalid input for a typed column is stored as typed; validation.ts marks it.
 */
export function toStoredInput(input: string, locale: string, ctx: InputContext): RawValue | null {
  const loc = formulaLocale(locale);
  if (input === '') return null;
  if (isFormula(input)) return formulaToStored(input, loc, ctx);
  if (input.startsWith("'")) return input;
  switch (ctx.columnType) {
    case 'text':
    case 'select':
      return input;
    case 'date':
      return parseDateInput(input, loc) ?? input;
    case 'checkbox':
      return parseBooleanInput(input, loc) ?? input;
    default:
      return parseNumberInput(input, loc) ?? parseBooleanInput(input, loc) ?? input;
  }
}

/**
 * The number format a number typed as a percentage asks for ("12 %" → `0%`, "12,5 %" → `0.00%`
 * in German), or null when the input is no percentage. Call it for input stored as a number.
 */
export function percentFormatOf(input: string, locale: string): '0%' | '0.00%' | null {
  const text = input.trim();
  if (!text.endsWith('%') || isFormula(text)) return null;
  const decimal = LOCALE_FACTS[formulaLocale(locale)].decimal;
  return new RegExp(`\\${decimal}\\d+\\s?%$`).test(text) ? '0.00%' : '0%';
}

/** A stored value → what the cell editor shows, so that committing it again stores the same. */
export function toDisplayInput(v: RawValue | null | undefined, locale: string, ctx: InputContext): string {
  const loc = formulaLocale(locale);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumberInput(v, loc);
  if (typeof v === 'boolean') return v ? LOCALE_FACTS[loc].trueName : LOCALE_FACTS[loc].falseName;
  if (isFormula(v)) return formulaToA1(v, loc, ctx);
  if (ctx.columnType === 'date' && isIsoDate(v)) return formatDateInput(v, loc);
  if (v.startsWith("'")) return v;
  // Text that would be read back as something else (a number, a boolean) needs the apostrophe.
  return toStoredInput(v, locale, ctx) === v ? v : `'${v}`;
}

/** The text a non-formula string shows: the content after a leading apostrophe. */
export function cellText(v: string): string {
  return v.startsWith("'") ? v.slice(1) : v;
}
