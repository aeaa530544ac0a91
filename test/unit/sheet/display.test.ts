import { describe, expect, it } from 'vitest';
import { formatCellValue } from '../../../lib/sheet/display';

// Intl writes a narrow no-break space before % and € in German; compare with ordinary spaces.
const shown = (v: number, locale: string, numberFormat?: string) =>
  formatCellValue(v, locale, {}, numberFormat ? { numberFormat } : undefined).replace(/[\u00a0\u202f]/g, ' ');

describe('how numbers show', () => {
  it('shows plain numbers in the locale, with up to ten decimals', () => {
    expect(shown(1234567.5, 'de')).toBe('1.234.567,5');
    expect(shown(1234567.5, 'en')).toBe('1,234,567.5');
    expect(shown(0.1 + 0.2, 'de')).toBe('0,3');
  });

  it('shows each named number format, again and again the same', () => {
    for (let i = 0; i < 3; i++) {
      expect(shown(0.256, 'de', '0%')).toBe('26 %');
      expect(shown(0.256, 'de', '0.00%')).toBe('25,6 %');
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
