import { isFormula } from './formulaRefs';
import { cellText } from './input';
import { isIsoDate } from './locale';
import { safeRegExp, type ColumnMeta, type RawValue } from './types';

export type InvalidReason = 'required' | 'number' | 'date' | 'option' | 'checkbox' | 'min' | 'max' | 'maxLength' | 'pattern';
export type Validation = { valid: true } | { valid: false; reason: InvalidReason };

const VALID: Validation = { valid: true };
const invalid = (reason: InvalidReason): Validation => ({ valid: false, reason });

/**
 * Checks a stored value against its column's type and rules; the grid marks invalid cells.
 * Number columns want numbers, date columns ISO dates (`YYYY-MM-DD`, what toStoredInput makes
 * of `31.01.2024`), select columns one of the options, checkbox columns booleans. Empty cells
 * are valid unless `required`. A formula is judged by its evaluated value when one is given
 * (errors are then invalid in typed columns), otherwise it is valid.
 */
export function validateCell(v: RawValue | null | undefined, meta: ColumnMeta | undefined, evaluated?: RawValue | null): Validation {
  const rules = meta?.validation ?? {};
  const formula = typeof v === 'string' && isFormula(v);
  const value = formula ? evaluated : v;
  if (value === undefined) return VALID;
  if (value === null || value === '') return rules.required ? invalid('required') : VALID;
  switch (meta?.type) {
    case 'number':
      if (typeof value !== 'number') return invalid('number');
      if (rules.min !== undefined && value < rules.min) return invalid('min');
      if (rules.max !== undefined && value > rules.max) return invalid('max');
      return VALID;
    case 'date':
      // A formula's date result is a date serial number (see SheetEngine.getValueFormat).
      return (typeof value === 'string' && isIsoDate(value)) || (formula && typeof value === 'number') ? VALID : invalid('date');
    case 'select':
      return typeof value === 'string' && (meta.options ?? []).includes(value) ? VALID : invalid('option');
    case 'checkbox':
      return typeof value === 'boolean' ? VALID : invalid('checkbox');
    default:
      if (rules.maxLength !== undefined && typeof value === 'string' && value.length > rules.maxLength) return invalid('maxLength');
      if (rules.pattern !== undefined && !matches(rules.pattern, typeof value === 'string' ? cellText(value) : String(value))) return invalid('pattern');
      return VALID;
  }
}

const compiled = new Map<string, RegExp | null>();

/** Patterns are compiled once; one that does not compile accepts everything. */
function matches(pattern: string, text: string): boolean {
  if (!compiled.has(pattern)) compiled.set(pattern, safeRegExp(pattern));
  return compiled.get(pattern)?.test(text) ?? true;
}
