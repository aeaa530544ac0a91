import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { sheetPreview } from '../../../lib/sheet/preview';
import { decodeStoredPreview, encodeStoredPreview } from '../../../lib/sheet/storedPreview';
import { newModel } from './helpers';

describe('sheet preview (first screen before sync)', () => {
  it('shows stored values as the grid does, formulas as pending, within its limits', () => {
    const { model, sheet } = newModel(80, 40);
    model.setValues(sheet, 0, 0, [['Leistung', 1234.5, true]]);
    model.setInput(sheet, 1, 1, '=B1*2', 'de');
    model.setStyle(sheet, 0, 0, { bold: true, background: '#ffee00' });
    model.setColumnMeta(sheet, 2, { type: 'checkbox' });
    model.setColumnMeta(sheet, 3, { type: 'select', options: ['grün', 'rot'], optionColors: { rot: '#ff0000' }, width: 160 });
    model.setValue(sheet, 0, 3, 'rot');

    const p = sheetPreview(model, 'de', { rows: 50, cols: 30 })!;
    expect(p.rows).toHaveLength(50);
    expect(p.columns).toHaveLength(30);
    expect(p.columns.slice(0, 4).map((c) => c.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(p.columns[3].width).toBe(160);
    expect(p.columns[0].width).toBe(110);

    const [a1, b1, c1, d1] = p.rows[0].cells;
    expect(a1).toEqual({ text: 'Leistung', css: 'font-weight:700;background-color:#ffee00;', pending: false });
    // German number format, right-aligned like the grid.
    expect(b1).toEqual({ text: '1.234,5', css: 'text-align:right;', pending: false });
    expect(c1.text).toBe('☑');
    expect(p.rows[1].cells[2].text).toBe('☐');
    // An option's colour shows as the grid shows it.
    expect(d1.css).toBe('background-color:#ff0000;');
    expect(p.rows[1].cells[1]).toMatchObject({ text: '…', pending: true });
    expect(p.rows[1].label).toBe('2');

    expect(sheetPreview(model, 'en', { rows: 3, cols: 2 })!.rows[0].cells[1].text).toBe('1,234.5');
  });

  it('keeps the first screen in every interface language while the sheet is out of memory', () => {
    const { model, sheet } = newModel(80, 40);
    model.setValues(sheet, 0, 0, [['Leistung', 1234.5]]);
    const stored = encodeStoredPreview(model);
    expect(decodeStoredPreview(stored, 'de')).toEqual(sheetPreview(model, 'de'));
    expect(decodeStoredPreview(stored, 'de')!.rows[0].cells[1].text).toBe('1.234,5');
    expect(decodeStoredPreview(stored, 'en')!.rows[0].cells[1].text).toBe('1,234.5');
    // What cannot be read is no preview (the page shows its placeholder), never an error.
    expect(decodeStoredPreview(stored, 'fr')).toBeNull();
    expect(decodeStoredPreview(new Uint8Array([1, 2, 3]), 'de')).toBeNull();
    expect(decodeStoredPreview(gzipSync('{"v":2}'), 'de')).toBeNull();
  });
});
