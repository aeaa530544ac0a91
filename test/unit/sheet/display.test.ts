import { afterAll, describe, expect, it } from 'vitest';
import { formatCellValue } from '../../../lib/sheet/display';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { newModel } from './helpers';

// Intl writes a narrow no-break space before % and € in German; compare with ordinary spaces.
const shown = (v: number, locale: string, numberFormat?: string) =>
  formatCellValue(v, locale, numberFormat ? { numberFormat } : undefined).replace(/[\u00a0\u202f]/g, ' ');

describe('how numbers show', () => {
  it('shows plain numbers in the locale, with up to ten decimals', () => {
    expect(shown(1234567.5, 'de')).toBe('1.234.567,5');
    expect(shown(1234567.5, 'en')).toBe('1,234,567.5');
    expect(shown(0.1 + 0.2, 'de')).toBe('0,3');
  });

  it('shows each named number format, again and again the same', () => {
    for (let i = 0; i < 3; i++) {
      expect(shown(0.256, 'de', '0%')).toBe('26 %');
      expect(shown(0.256, 'de', '0.00%')).toBe('25,60 %');
      expect(shown(1234.5, 'de', '#,##0.00 €')).toBe('1.234,50 €');
      expect(shown(1234.5, 'en', '#,##0.00 €')).toBe('€1,234.50');
      expect(shown(1234.5, 'de', '#,##0.00')).toBe('1.234,50');
      expect(shown(1234.5, 'de', '0')).toBe('1.235');
    }
  });

  it('shows a number whose format it does not know as a plain number', () => {
    expect(shown(1234.5, 'de', 'yyyy-mm-dd')).toBe('1.234,5');
    expect(shown(1234.5, 'de', 'constructor')).toBe('1.234,5');
  });
});

describe('how dates show', () => {
  const { model, sheet } = newModel(6, 3);
  model.setColumnMeta(sheet, 0, { type: 'date' });
  model.setInput(sheet, 0, 0, '01.03.2025', 'de');
  model.setInput(sheet, 1, 0, '=A1+7', 'de');
  model.setInput(sheet, 2, 0, '=DATUM(2025;1;31)', 'de');
  model.setInput(sheet, 0, 1, '2025-03-01', 'de');
  model.setInput(sheet, 1, 1, '=B1-DATUM(2025;1;1)', 'de');
  model.setInput(sheet, 2, 1, '=DATUM(2025;1;31)+ZEIT(14;30;0)', 'de');
  model.setInput(sheet, 3, 1, '=ZEIT(8;5;9)', 'de');
  model.setInput(sheet, 4, 1, '=DATUM(2025;1;31)', 'de');
  model.setStyle(sheet, 4, 1, { numberFormat: '0' });
  // A date format read from a file, which the grid does not know by name.
  model.setInput(sheet, 4, 2, '=DATUM(2025;1;31)', 'de');
  model.setStyle(sheet, 4, 2, { numberFormat: 'DD.MM.YYYY' });
  const engine = new SheetEngine(model);
  afterAll(() => engine.destroy());
  const cell = (row: number, col: number, locale = 'de') =>
    formatCellValue(engine.getValue(sheet, row, col), locale, model.getStyle(sheet, row, col), engine.getValueFormat(sheet, row, col)).replace(/[\u00a0\u202f]/g, ' ');

  it('shows stored dates as dates in the locale, in any column', () => {
    expect(cell(0, 0)).toBe('01.03.2025');
    expect(cell(0, 1)).toBe('01.03.2025');
    expect(cell(0, 0, 'en')).toBe('2025-03-01');
    expect(formatCellValue('2025-03-01', 'de', undefined)).toBe('01.03.2025');
  });

  it('shows dates and times computed by formulas as such, not as serial numbers', () => {
    expect(cell(1, 0)).toBe('08.03.2025');
    expect(cell(2, 0)).toBe('31.01.2025');
    expect(cell(2, 1)).toBe('31.01.2025 14:30');
    expect(cell(3, 1)).toBe('08:05:09');
    expect(cell(4, 2)).toBe('31.01.2025');
  });

  it('shows the number where the result is no date or the cell names a number format', () => {
    expect(cell(1, 1)).toBe('59');
    expect(cell(4, 1)).toBe('45.688');
  });

  it("shows today's date for =HEUTE()", () => {
    model.setInput(sheet, 5, 1, '=HEUTE()', 'de');
    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    // HyperFormula reads the local date; the day may turn between these two lines only at midnight.
    expect(cell(5, 1)).toBe(`${pad(today.getDate())}.${pad(today.getMonth() + 1)}.${today.getFullYear()}`);
  });
});
