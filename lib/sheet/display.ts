import type { EvaluatedValue, ValueFormat } from './SheetEngine';
import { serialToIsoDate, serialToTime } from './serials';
import type { CellStyle } from './types';
import { cellText } from './input';
import { formatDateInput, formulaLocale, isErrorCode, isIsoDate, localizeError, LOCALE_FACTS } from './locale';

// How a cell shows, shared by the live grid and the server-rendered preview so the two look the
// same when one replaces the other.

// Intl formatters are expensive to create (a scrolled grid formats every shown cell per frame):
// one per locale and format.
const plainFormats = new Map<string, Intl.NumberFormat>();
function plainNumber(locale: string): Intl.NumberFormat {
  let f = plainFormats.get(locale);
  if (!f) plainFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 10 })));
  return f;
}

// The number formats a cell style can name; any other name shows the plain number.
const NUMBER_FORMATS: Readonly<Record<string, Intl.NumberFormatOptions>> = {
  '0%': { style: 'percent', maximumFractionDigits: 0 },
  '0.00%': { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 },
  '#,##0.00 €': { style: 'currency', currency: 'EUR' },
  '#,##0.00': { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  '0': { maximumFractionDigits: 0 },
};
/** True for the number formats a cell can name here (others, read from files, show as plain numbers). */
export function isNamedNumberFormat(fmt: string | undefined): boolean {
  return fmt !== undefined && Object.hasOwn(NUMBER_FORMATS, fmt);
}

const styledFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, fmt: string): Intl.NumberFormat {
  const options = Object.hasOwn(NUMBER_FORMATS, fmt) ? NUMBER_FORMATS[fmt] : undefined;
  if (!options) return plainNumber(locale);
  const key = `${locale} ${fmt}`;
  let f = styledFormats.get(key);
  if (!f) styledFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/**
 * The text a cell shows for its (evaluated) value. `format` is what the engine knows of a number
 * (SheetEngine.getValueFormat): a date computed by a formula (`=HEUTE()`, `=A2+7`) or a stored
 * date is a serial number there, and shows as a date unless the cell names one of our number
 * formats (a date format read from a file is none of them).
 */
export function formatCellValue(v: EvaluatedValue, locale: string, style: CellStyle | undefined, format?: ValueFormat): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? LOCALE_FACTS[formulaLocale(locale)].trueName : LOCALE_FACTS[formulaLocale(locale)].falseName;
  if (typeof v === 'number') {
    const fmt = style?.numberFormat;
    if (isDateFormat(format) && !isNamedNumberFormat(fmt)) return formatSerial(v, format, locale);
    return (fmt ? numberFormat(locale, fmt) : plainNumber(locale)).format(v);
  }
  if (isErrorCode(v)) return localizeError(v, locale);
  // Dates are stored as ISO text in any column (typed into a date column, or imported).
  if (isIsoDate(v)) return formatDateInput(v, formulaLocale(locale));
  return cellText(v);
}

/** The engine's value types that show a number as a day, a time of day or both. */
export function isDateFormat(format: ValueFormat | undefined): format is 'date' | 'datetime' | 'time' {
  return format === 'date' || format === 'datetime' || format === 'time';
}

function formatSerial(serial: number, format: 'date' | 'datetime' | 'time', locale: string): string {
  if (format === 'time') return serialToTime(serial);
  const day = formatDateInput(serialToIsoDate(serial), formulaLocale(locale));
  return format === 'date' ? day : `${day} ${serialToTime(serial)}`;
}

/** Inline CSS for a cell's own style; numbers align right unless the cell says otherwise. */
export function cellStyleCss(style: CellStyle | undefined, numeric: boolean, optionBackground: string | undefined): string {
  let css = '';
  if (style) {
    if (style.bold) css += 'font-weight:700;';
    if (style.italic) css += 'font-style:italic;';
    if (style.underline || style.strike) css += `text-decoration:${style.underline ? 'underline' : ''} ${style.strike ? 'line-through' : ''};`;
    if (style.color) css += `color:${style.color};`;
  }
  const background = style?.background ?? optionBackground;
  if (background) css += `background-color:${background};`;
  const align = style?.align ?? (numeric ? 'right' : '');
  if (align) css += `text-align:${align};`;
  return css;
}

/** Stored value as shown before the formula engine has run: formulas are still pending. */
export function storedShownValue(raw: EvaluatedValue): EvaluatedValue | undefined {
  return typeof raw === 'string' && raw.startsWith('=') ? undefined : raw;
}
