import deDE from 'hyperformula/i18n/languages/deDE';
import enGB from 'hyperformula/i18n/languages/enGB';

/**
 * Locale conventions for what users type and see. The stored form of every formula is
 * locale-neutral (English function names, `,` between arguments, `.` as decimal point), so a
 * German and an English user editing the same sheet see the same formula in their own notation.
 * German follows LibreOffice and HyperFormula's German pack: `;` between arguments, `,` as
 * decimal comma, `;`/`|` as column/row separators in array literals, German function names,
 * error codes and WAHR/FALSCH.
 */
export type FormulaLocale = 'en' | 'de';

/** `de`, `de-DE`, `de-AT` … → German conventions; everything else → English. */
export function formulaLocale(tag: string): FormulaLocale {
  return /^de\b/i.test(tag) ? 'de' : 'en';
}

export interface LocaleFacts {
  argSep: string;
  decimal: string;
  arrayColSep: string;
  arrayRowSep: string;
  trueName: string;
  falseName: string;
}

export const LOCALE_FACTS: Record<FormulaLocale, LocaleFacts> = {
  en: { argSep: ',', decimal: '.', arrayColSep: ',', arrayRowSep: ';', trueName: 'TRUE', falseName: 'FALSE' },
  de: { argSep: ';', decimal: ',', arrayColSep: ';', arrayRowSep: '|', trueName: 'WAHR', falseName: 'FALSCH' },
};

type Table = Record<string, string>;
const DE_FUNCTIONS = deDE.functions as Table;
/** Every function HyperFormula registers, by its English (canonical) name. */
const ENGLISH_FUNCTIONS = new Set([...Object.keys(DE_FUNCTIONS), 'VERSION']);
const GERMAN_TO_ENGLISH = new Map(Object.entries(DE_FUNCTIONS).map(([en, de]) => [de.toUpperCase(), en]));

/** Canonical English function name for what the user typed; unknown names stay as typed. */
export function functionFromLocale(name: string, locale: FormulaLocale): string {
  const upper = name.toUpperCase();
  // German users may also type the English name (many are the same); no German name is the
  // English name of a different function, so the order of these checks cannot mislead.
  if (locale === 'de' && GERMAN_TO_ENGLISH.has(upper)) return GERMAN_TO_ENGLISH.get(upper)!;
  return ENGLISH_FUNCTIONS.has(upper) ? upper : name;
}

export function functionToLocale(name: string, locale: FormulaLocale): string {
  return locale === 'de' ? (DE_FUNCTIONS[name.toUpperCase()] ?? name) : name;
}

/** English error literals, the form values and stored formulas use. */
export const ERROR_CODES = Object.values(enGB.errors as Table);
const DE_ERRORS = new Map(Object.entries(enGB.errors as Table).map(([key, en]) => [en, (deDE.errors as Table)[key] ?? en]));
const ERRORS_BY_TEXT: Record<FormulaLocale, Map<string, string>> = {
  en: new Map(ERROR_CODES.map((e) => [e.toUpperCase(), e])),
  // German users may type either form.
  de: new Map([...ERROR_CODES.map((e): [string, string] => [e.toUpperCase(), e]), ...[...DE_ERRORS].map(([en, de]): [string, string] => [de.toUpperCase(), en])]),
};
/** Longest first, so `#NAME?` is not read as a shorter literal. */
const ERROR_TEXTS: Record<FormulaLocale, string[]> = {
  en: [...ERRORS_BY_TEXT.en.keys()].sort((a, b) => b.length - a.length),
  de: [...ERRORS_BY_TEXT.de.keys()].sort((a, b) => b.length - a.length),
};

/** The error literal at `text[pos]` (which is `#`), as [typed text, English code]. */
export function matchErrorLiteral(text: string, pos: number, locale: FormulaLocale): [string, string] | null {
  for (const candidate of ERROR_TEXTS[locale]) {
    const typed = text.substr(pos, candidate.length);
    if (typed.toUpperCase() === candidate) return [typed, ERRORS_BY_TEXT[locale].get(candidate)!];
  }
  return null;
}

/** An English error code (`#REF!`) as the locale shows it (`#BEZUG!`). */
export function localizeError(code: string, locale: FormulaLocale | string): string {
  const loc = locale === 'en' || locale === 'de' ? locale : formulaLocale(locale);
  return loc === 'de' ? (DE_ERRORS.get(code) ?? code) : code;
}

export function isErrorCode(value: unknown): value is string {
  return typeof value === 'string' && ERRORS_BY_TEXT.en.has(value);
}

/**
 * Plain number input (not a formula). German: `1.234,5`, `1234,5`, `-0,5`, `12 %`; English:
 * `1,234.5`. Thousands separators must group by three, so `1.5` is not a German number (it is
 * text, rather than silently 15). Returns null for anything that is not a number.
 */
export function parseNumberInput(text: string, locale: FormulaLocale): number | null {
  const { decimal } = LOCALE_FACTS[locale];
  const group = decimal === ',' ? '\\.' : ',';
  const dec = decimal === ',' ? ',' : '\\.';
  const re = new RegExp(`^([+-]?)(\\d{1,3}(?:${group}\\d{3})+|\\d+)?(?:${dec}(\\d+))?(?:[eE]([+-]?\\d+))?\\s?(%?)$`);
  const m = re.exec(text.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const canonical = `${m[1]}${(m[2] ?? '0').replace(/[.,]/g, '')}${m[3] !== undefined ? `.${m[3]}` : ''}${m[4] !== undefined ? `e${m[4]}` : ''}`;
  const n = Number(canonical);
  if (!Number.isFinite(n)) return null;
  return m[5] ? n / 100 : n;
}

/** A number as the user edits it: no grouping, the locale's decimal mark. */
export function formatNumberInput(n: number, locale: FormulaLocale): string {
  const s = String(n);
  return locale === 'de' ? s.replace('.', ',') : s;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in `YYYY-MM-DD` form (the stored form of date columns). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return !!m && isValidDate(+m[1], +m[2], +m[3]);
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** German `31.01.2024` (also `1.2.2024`) or ISO in any locale → ISO; null when not a date. */
export function parseDateInput(text: string, locale: FormulaLocale): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  if (locale === 'de') {
    const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
    if (m && isValidDate(+m[3], +m[2], +m[1])) return `${pad(+m[3], 4)}-${pad(+m[2], 2)}-${pad(+m[1], 2)}`;
  }
  return null;
}

export function formatDateInput(iso: string, locale: FormulaLocale): string {
  const m = ISO_DATE.exec(iso);
  if (!m || locale !== 'de') return iso;
  return `${m[3]}.${m[2]}.${m[1]}`;
}

const TRUE_WORDS = new Set(['TRUE', 'WAHR']);
const FALSE_WORDS = new Set(['FALSE', 'FALSCH']);

/** `TRUE`/`FALSE` (and `WAHR`/`FALSCH` for German) typed as a value, any case. */
export function parseBooleanInput(text: string, locale: FormulaLocale): boolean | null {
  const upper = text.trim().toUpperCase();
  const english = upper === 'TRUE' || upper === 'FALSE';
  if (!english && locale !== 'de') return null;
  if (TRUE_WORDS.has(upper)) return true;
  if (FALSE_WORDS.has(upper)) return false;
  return null;
}

