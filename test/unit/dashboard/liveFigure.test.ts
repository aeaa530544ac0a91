import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { columnIndex } from '../../../lib/sheet/a1';
import { instantiateTemplate } from '../../../lib/templates/instantiate';
import { builtInTemplate } from '../../../lib/templates/registry';
import { documentJSON, documentText } from '../../../lib/richtext/content';
import { normalizeDoc } from '../../../lib/convert/schemaDoc';
import { exportDocument } from '../../../lib/convert/exportDocument';
import { resolveFigure } from '../../../lib/dashboard/liveFigure';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function prioritisation() {
  const ydoc = new Y.Doc();
  ydoc.transact(() => instantiateTemplate(ydoc, builtInTemplate('ozg-priorisierung')!, 'Test'));
  const model = new SheetModel(ydoc);
  const engine = new SheetEngine(model);
  cleanup.push(() => {
    engine.destroy();
    model.destroy();
  });
  return { model, engine, sheet: model.sheetIdByName('Priorisierung')! };
}

const figure = (ref: string, label = '', value?: unknown): JSONContent => ({ type: 'sheetFigure', attrs: { docId: 'abcdefgh12', ref, label, ...(value !== undefined ? { value } : {}) } });

describe('live figures', () => {
  it('resolve cells, ranges and named figures of the Auswertung tab, formatted as the sheet shows them', () => {
    const { model, engine, sheet } = prioritisation();
    model.setValue(sheet, 1, columnIndex('L'), 3);
    model.setValue(sheet, 2, columnIndex('L'), 1);
    expect(resolveFigure(model, engine, 'Leistungen gesamt')).toEqual({ text: '49' });
    expect(resolveFigure(model, engine, 'anteil reifegrad ≥ 3')).toEqual({ text: expect.stringMatching(/^50\s%$/) });
    expect(resolveFigure(model, engine, 'Auswertung!B6:B10')).toEqual({ rows: [['0'], ['1'], ['0'], ['1'], ['0']] });
    expect(resolveFigure(model, engine, 'Priorisierung!D2')).toEqual({ text: expect.any(String) });
    expect(resolveFigure(model, engine, 'Gibt es nicht')).toBeNull();
    expect(resolveFigure(model, engine, 'Nirgends!A1')).toBeNull();
    expect(resolveFigure(model, engine, 'Auswertung!A1:Z100')).toBeNull();
  });

  it('show dates, truth values and errors as the grid does', () => {
    const { model, engine } = prioritisation();
    const tab = model.addSheet({ name: 'Termine', rows: 3, cols: 2 });
    model.setInput(tab, 0, 0, '=DATUM(2025;3;1)+7', 'de');
    model.setInput(tab, 1, 0, '=1<2', 'de');
    model.setInput(tab, 2, 0, '=1/0', 'de');
    model.setInput(tab, 0, 1, '=10/3', 'de');
    expect(resolveFigure(model, engine, 'Termine!A1')).toEqual({ text: '08.03.2025' });
    expect(resolveFigure(model, engine, 'Termine!A2')).toEqual({ text: 'WAHR' });
    expect(resolveFigure(model, engine, 'Termine!A3')).toEqual({ text: '#DIV/0!' });
    expect(resolveFigure(model, engine, 'Termine!B1')).toEqual({ text: '3,33' });
    expect(resolveFigure(model, engine, 'Termine!A1', 'en')).toEqual({ text: '2025-03-08' });
  });

  it('export as their resolved value, a table, or a placeholder that holds no data', async () => {
    const json: JSONContent = {
      type: 'doc',
      content: [figure('Leistungen gesamt', 'Leistungen', { text: '49' }), figure('Auswertung!B6:B7', 'Reifegrade', { rows: [['1'], ['2']] }), figure('B3', 'Geheim')],
    };
    const out = normalizeDoc(json);
    expect(out.content?.map((n) => n.type)).toEqual(['paragraph', 'paragraph', 'table', 'paragraph']);
    for (const format of ['markdown', 'html', 'text'] as const) {
      const body = (await exportDocument(json, format, 'T')).body;
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      expect(text).toContain('Leistungen: 49');
      expect(text).toContain('Geheim: (Kennzahl aus Tabelle)');
    }
    for (const format of ['odt', 'docx', 'pdf'] as const) expect((await exportDocument(json, format, 'T')).body.length).toBeGreaterThan(100);
  });

  it('the Quartalsbericht holds live figures without a source, and its text shows placeholders', () => {
    const ydoc = new Y.Doc();
    ydoc.transact(() => instantiateTemplate(ydoc, builtInTemplate('quartalsbericht')!, 'Q'));
    const found: JSONContent[] = [];
    const walk = (n: JSONContent) => {
      if (n.type === 'sheetFigure') found.push(n);
      (n.content ?? []).forEach(walk);
    };
    walk(documentJSON(ydoc));
    expect(found.map((f) => f.attrs?.ref)).toEqual(['Leistungen gesamt', 'Auswertung!B14', 'Auswertung!B15', 'Auswertung!B16', 'Auswertung!B6:B10', 'Anteil Reifegrad ≥ 3']);
    expect(found.every((f) => !f.attrs?.docId)).toBe(true);
    expect(documentText(ydoc)).toContain('Leistungen gesamt: (Kennzahl aus Tabelle)');
  });
});
