import { describe, expect, it } from 'vitest';
import { validateCell } from '../../../lib/sheet/validation';
import { columnMetaSchema } from '../../../lib/sheet/types';

describe('column validation', () => {
  it('checks values against the column type', () => {
    expect(validateCell(12, { type: 'number' })).toEqual({ valid: true });
    expect(validateCell('12', { type: 'number' })).toEqual({ valid: false, reason: 'number' });
    expect(validateCell(5, { type: 'number', validation: { min: 10 } })).toEqual({ valid: false, reason: 'min' });
    expect(validateCell(50, { type: 'number', validation: { max: 10 } })).toEqual({ valid: false, reason: 'max' });
    expect(validateCell('2024-01-31', { type: 'date' })).toEqual({ valid: true });
    expect(validateCell('31.01.2024', { type: 'date' })).toEqual({ valid: false, reason: 'date' });
    expect(validateCell('2023-02-29', { type: 'date' })).toEqual({ valid: false, reason: 'date' });
    expect(validateCell('hoch', { type: 'select', options: ['hoch', 'niedrig'] })).toEqual({ valid: true });
    expect(validateCell('mittel', { type: 'select', options: ['hoch', 'niedrig'] })).toEqual({ valid: false, reason: 'option' });
    expect(validateCell(true, { type: 'checkbox' })).toEqual({ valid: true });
    expect(validateCell('ja', { type: 'checkbox' })).toEqual({ valid: false, reason: 'checkbox' });
    expect(validateCell('lang', { type: 'text', validation: { maxLength: 3 } })).toEqual({ valid: false, reason: 'maxLength' });
    expect(validateCell('frei', undefined)).toEqual({ valid: true });
  });

  it('checks text against a pattern and refuses patterns that could backtrack without end', () => {
    const leika = { type: 'text' as const, validation: { pattern: '^\\d{14}$' } };
    expect(validateCell('99107023037000', leika)).toEqual({ valid: true });
    expect(validateCell('9910702303700', leika)).toEqual({ valid: false, reason: 'pattern' });
    expect(validateCell("'99107023037000", leika)).toEqual({ valid: true });
    expect(columnMetaSchema.safeParse(leika).success).toBe(true);
    expect(columnMetaSchema.safeParse({ validation: { pattern: '^(a+)+$' } }).success).toBe(false);
    expect(columnMetaSchema.safeParse({ validation: { pattern: '[' } }).success).toBe(false);
  });

  it('treats empty cells as valid unless required', () => {
    expect(validateCell(null, { type: 'number' })).toEqual({ valid: true });
    expect(validateCell('', { type: 'date', validation: { required: true } })).toEqual({ valid: false, reason: 'required' });
  });

  it('judges formulas by their evaluated value when given', () => {
    const formula = '={{c=abc,r=def}}*2';
    expect(validateCell(formula, { type: 'number' })).toEqual({ valid: true });
    expect(validateCell(formula, { type: 'number' }, 4)).toEqual({ valid: true });
    expect(validateCell(formula, { type: 'number' }, '#REF!')).toEqual({ valid: false, reason: 'number' });
    expect(validateCell(formula, { type: 'date' }, 45322)).toEqual({ valid: true });
  });
});
