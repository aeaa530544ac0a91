import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import { documentJSON } from '../../../lib/richtext/content';
import { deleteGuidance, hasGuidance } from '../../../lib/richtext/guidance';
import { modelToWorkbook } from '../../../lib/convert/sheet/fromModel';
import { exportWorkbook } from '../../../lib/convert/sheet/exportFile';
import { xlsxToWorkbook } from '../../../lib/convert/sheet/xlsxRead';
import { DEFAULT_UNZIP_LIMITS } from '../../../lib/convert/unzip';
import { richTextSchema } from '../../../lib/convert/schemaDoc';
import { exportDocument } from '../../../lib/convert/exportDocument';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { columnIndex } from '../../../lib/sheet/a1';
import { validateCell } from '../../../lib/sheet/validation';
import { COUNTY_SERVICES_CSV, countyServices } from '../../../lib/templates/seed/countyServices';
import { instantiateTemplate } from '../../../lib/templates/instantiate';
import { BUILT_IN_TEMPLATES, builtInTemplate } from '../../../lib/templates/registry';
import { templatePreview } from '../../../lib/templates/preview';
import { THEMENFELDER } from '../../../lib/templates/definitions/ozgVocabulary';
import type { JSONContent } from '@tiptap/core';

const CSV_ROWS = 49;
const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function create(id: string, title = 'Test') {
  const ydoc = new Y.Doc();
  ydoc.transact(() => instantiateTemplate(ydoc, builtInTemplate(id)!, title));
  return ydoc;
}

function sheetOf(id: string) {
  const ydoc = create(id);
  const model = new SheetModel(ydoc);
  const engine = new SheetEngine(model);
  cleanup.push(() => {
    engine.destroy();
    model.destroy();
  });
  return { ydoc, model, engine };
}

const headings = (json: JSONContent, level?: number): string[] => {
  const out: string[] = [];
  const walk = (n: JSONContent) => {
    if (n.type === 'heading' && (level === undefined || n.attrs?.level === level)) out.push((n.content ?? []).map((t) => t.text).join(''));
    (n.content ?? []).forEach(walk);
  };
  walk(json);
  return out;
};
const count = (json: JSONContent, type: string): number => (json.type === type ? 1 : 0) + (json.content ?? []).reduce((n, c) => n + count(c, type), 0);

describe('template catalogue', () => {
  it('has the five stable ids, German and English texts and a preview each', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.id)).toEqual(['digitalstrategie', 'quartalsbericht', 'ergebnisprotokoll', 'ozg-priorisierung', 'zustaendigkeitsmatrix']);
    for (const t of BUILT_IN_TEMPLATES) {
      expect(t.version).toBeGreaterThanOrEqual(1);
      expect(t.title.de && t.title.en && t.description.de && t.description.en).toBeTruthy();
      const preview = templatePreview(t);
      expect(preview.kind).toBe(t.kind);
      if (preview.kind === 'text') expect(preview.outline.length).toBeGreaterThan(3);
      else expect(preview.tabs[0].columns.length).toBeGreaterThan(10);
    }
  });

  it('embeds the seed list verbatim: 49 services with known Themenfelder', () => {
    expect(COUNTY_SERVICES_CSV).toBe(readFileSync(path.resolve(import.meta.dirname, '../../../lib/templates/seed/county-services.csv'), 'utf8').replace(/\r\n/g, '\n'));
    expect(countyServices()).toHaveLength(CSV_ROWS);
    for (const s of countyServices()) expect(THEMENFELDER).toContain(s.themenfeld);
    expect(countyServices().find((s) => s.leistung === 'Wohngeld')?.leika).toBe('99107023037000');
  });
});

describe('document templates', () => {
  it('Digitalstrategie: the outline of §5, guidance notes, a Maßnahmen-Steckbrief with Ampel', () => {
    const json = documentJSON(create('digitalstrategie', 'Digitalstrategie 2030'));
    expect(headings(json, 1)).toEqual(['Digitalstrategie des Landkreises']);
    expect(headings(json, 2)).toEqual([
      'Vorwort des Landrats',
      '1 Zusammenfassung',
      '2 Anlass und Rahmen',
      '3 Ausgangslage (Ist-Analyse)',
      '4 Zielbild',
      '5 Handlungsfelder',
      '6 Maßnahmenkatalog',
      '7 Organisation und Steuerung',
      '8 Umsetzungsplan / Roadmap',
      '9 Monitoring und Fortschreibung',
      '10 Beteiligungsverfahren und Ergebnisse',
      'Anhang',
    ]);
    expect(headings(json, 3).filter((t) => t.startsWith('HF'))).toHaveLength(8);
    expect(headings(json, 3)).toEqual(expect.arrayContaining(['4.1 Vision', '4.2 Leitlinien', '4.3 Strategische Ziele', 'Glossar']));
    expect(count(json, 'guidance')).toBeGreaterThan(10);
    const text = JSON.stringify(json);
    for (const field of ['Handlungsfeld', 'Zielbezug', 'Finanzierung/Förderung', 'KPI', 'Abhängigkeiten', 'Status (Ampel)']) expect(text).toContain(field);
    expect(text).toContain('grün – im Plan');
    expect(text).toContain('Kommentar/Beteiligung:');
  });

  it('fills the report period and dates in when the document is made, in Berlin time', () => {
    const made = (id: string, now: Date) => {
      const ydoc = new Y.Doc();
      ydoc.transact(() => instantiateTemplate(ydoc, builtInTemplate(id)!, 'Test', { now }));
      return JSON.stringify(documentJSON(ydoc));
    };
    // 23:30 UTC on 31 December is already the new year in Berlin.
    const report = made('quartalsbericht', new Date('2026-12-31T23:30:00Z'));
    expect(report).toContain('"Q1/2027"');
    expect(report).toContain('"01.01.2027"');
    expect(report).not.toContain('{{');
    expect(made('quartalsbericht', new Date('2026-11-30T10:00:00Z'))).toContain('"Q4/2026"');
    expect(made('ergebnisprotokoll', new Date('2026-11-30T10:00:00Z'))).toContain('"30.11.2026, "');
  });

  it('Quartalsbericht and Ergebnisprotokoll: the outlines of §6 and §7', () => {
    const report = documentJSON(create('quartalsbericht'));
    expect(headings(report, 2)).toEqual([
      '1 Zusammenfassung',
      '2 Kennzahlen',
      '3 Stand der Zuständigkeitsklärung je Amt',
      '4 Priorisierung und Wellenplanung',
      '5 Laborleistung Altlastenkatasterauskunft',
      '6 Digitalstrategie',
      '7 Werkzeuge und Infrastruktur',
      '8 Risiken',
      '9 Ausblick auf das nächste Quartal',
      'Anhang: Maßnahmenliste mit Ampel',
    ]);
    expect(JSON.stringify(report)).toContain('Anteil Reifegrad ≥ 3');
    const minutes = documentJSON(create('ergebnisprotokoll'));
    expect(headings(minutes, 2)).toEqual(expect.arrayContaining(['Tagesordnung', 'TOP 1 Begrüßung, Genehmigung der Tagesordnung und des Protokolls der letzten Sitzung', 'TOP 3 Verschiedenes', 'Aufgabenliste', 'Nächster Termin']));
    expect(JSON.stringify(minutes)).toContain('[B] Beschluss');
  });

  it('every document template fits the schema, and guidance can be removed in one step', () => {
    for (const t of BUILT_IN_TEMPLATES.filter((x) => x.kind === 'text')) {
      const json = documentJSON(create(t.id));
      const state = EditorState.create({ doc: richTextSchema().nodeFromJSON(json) });
      const tr = state.tr;
      expect(hasGuidance(state.doc)).toBe(true);
      expect(deleteGuidance(tr)).toBe(count(json, 'guidance'));
      expect(hasGuidance(tr.doc)).toBe(false);
      const after = tr.doc.toJSON() as JSONContent;
      expect(count(after, 'guidance')).toBe(0);
      expect(headings(after)).toEqual(headings(json));
    }
  });

  it('exports guidance as quotations', async () => {
    const json = documentJSON(create('ergebnisprotokoll'));
    const md = (await exportDocument(json, 'markdown', 'Protokoll')).body as string;
    expect(md).toContain('> Ein Ergebnisprotokoll hält Ergebnisse fest');
    const html = (await exportDocument(json, 'html', 'Protokoll')).body as string;
    expect(html).toContain('<blockquote>');
    for (const format of ['odt', 'docx', 'pdf'] as const) expect((await exportDocument(json, format, 'Protokoll')).body.length).toBeGreaterThan(1000);
  });
});

describe('OZG-Leistungspriorisierung', () => {
  const letters = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'AA', 'AB', 'AC', 'AD', 'AE', 'AF'];

  it('has the 32 columns of §3 with types, dropdowns, validation, frozen panes and one row per service', () => {
    const { model, engine } = sheetOf('ozg-priorisierung');
    expect(model.sheetList().map((s) => s.name)).toEqual(['Priorisierung', 'Auswertung']);
    const sheet = model.sheetIdByName('Priorisierung')!;
    expect(model.colCount(sheet)).toBe(32);
    expect(letters.map((_, c) => engine.getValue(sheet, 0, c))).toEqual([
      'Nr', 'OZG-ID', 'LeiKa-Schlüssel', 'Leistung', 'Themenfeld', 'Lebens-/Geschäftslage', 'LeiKa-Typ', 'Zuständiges Amt', 'Ansprechpartner/in',
      'Fachverfahren', 'Fallzahl/Jahr', 'Reifegrad Ist', 'Reifegrad Ziel', 'Reifegrad-Lücke', 'EfA-Nachnutzung', 'EfA-Dienst (Land/Anbieter)',
      'Pflicht/Fokus (Fokusleistung, SDG Anhang II)', 'Fallzahl-Score', 'Nutzen Bürger/Unternehmen (Komplexität, Zeit, Kosten)',
      'Entlastung Verwaltung / Digitalisierungspotenzial', 'Strategische/politische Relevanz', 'Nutzen-Score', 'Aufwand', 'Prioritäts-Score',
      'Prioritätsklasse (berechnet)', 'Priorität manuell', 'Begründung Override', 'Priorität final', 'Welle/Quartal', 'Status', 'Frist', 'Bemerkung',
    ]);
    expect(model.rowCount(sheet)).toBe(1 + CSV_ROWS);
    expect(model.getFrozen(sheet)).toEqual({ rows: 1, cols: 4 });
    const meta = (l: string) => model.getColumnMeta(sheet, columnIndex(l));
    expect(meta('E')).toMatchObject({ type: 'select', options: THEMENFELDER });
    expect(meta('E').options).toHaveLength(14);
    expect(meta('C')).toMatchObject({ type: 'text', validation: { pattern: '^\\d{14}$' } });
    expect(meta('L')).toMatchObject({ type: 'number', options: ['0', '1', '2', '3', '4'] });
    expect(meta('M').options).toEqual(['3', '4']);
    expect(meta('G').options).toEqual(['1', '2', '3', '2/3', '4', '5']);
    expect(meta('O').options).toEqual(['verfügbar', 'geplant', 'nein', 'unbekannt']);
    expect(meta('Z').options).toEqual(['A', 'B', 'C', 'Labor']);
    expect(meta('AD').options).toContain('Once-Only (RG4)');
    expect(meta('AE').type).toBe('date');
    // Prefilled from the seed list, and every prefilled cell is valid for its column.
    countyServices().forEach((s, i) => {
      expect(engine.getValue(sheet, i + 1, columnIndex('A'))).toBe(s.nr);
      expect(engine.getValue(sheet, i + 1, columnIndex('D'))).toBe(s.leistung);
      expect(engine.getValue(sheet, i + 1, columnIndex('E'))).toBe(s.themenfeld);
      expect(engine.getValue(sheet, i + 1, columnIndex('H'))).toBe(s.amt);
    });
    model.forEachCell(sheet, (row, col, cell) => {
      if (row > 0) expect(validateCell(cell.v, model.getColumnMeta(sheet, col), engine.getValue(sheet, row, col))).toEqual({ valid: true });
    });
    expect(model.getStyle(sheet, 5, columnIndex('AB'))?.background).toBe('#fff2cc');
  });

  /** The worked examples of §3: inputs K, L, M, O, Q, S, T, U, W and the documented results. */
  const examples = [
    { leistung: 'Altlastenkatasterauskunft', K: 300, L: 1, M: 3, O: 'unbekannt', Q: 'Nein', S: 3, T: 4, U: 5, W: 3, X: 1.92, Y: 'B' },
    { leistung: 'Elterngeld', K: 1500, L: 3, M: 4, O: 'verfügbar', Q: 'Ja', S: 5, T: 4, U: 4, W: 1, X: 3.9, Y: 'A' },
    { leistung: 'Kfz-Zulassung', K: 45000, L: 2, M: 3, O: 'geplant', Q: 'Ja', S: 4, T: 5, U: 4, W: 2, X: 3.68, Y: 'A' },
    { leistung: 'Wohngeld', K: 3000, L: 2, M: 3, O: 'geplant', Q: 'Ja', S: 5, T: 4, U: 4, W: 2, X: 3.4, Y: 'A' },
    { leistung: 'Jagdschein', K: 600, L: 1, M: 3, O: 'unbekannt', Q: 'Nein', S: 2, T: 2, U: 2, W: 3, X: 1.41, Y: 'C' },
  ];

  it('computes the documented scores and classes of the worked examples with the sheet engine', () => {
    const { model, engine } = sheetOf('ozg-priorisierung');
    const sheet = model.sheetIdByName('Priorisierung')!;
    const rowOf = (name: string) => countyServices().findIndex((s) => s.leistung.startsWith(name)) + 1;
    const get = (row: number, l: string) => engine.getValue(sheet, row, columnIndex(l));
    // Before any input the computed columns are empty, not errors.
    for (const l of ['N', 'R', 'V', 'X', 'Y', 'AB']) expect(get(1, l)).toBe('');
    for (const ex of examples) {
      const row = rowOf(ex.leistung);
      expect(row).toBeGreaterThan(0);
      model.transact(() => {
        for (const l of ['K', 'L', 'M', 'O', 'Q', 'S', 'T', 'U', 'W'] as const) model.setInput(sheet, row, columnIndex(l), String(ex[l]), 'en');
      });
      expect(get(row, 'N')).toBe(ex.M - ex.L);
      expect(get(row, 'X')).toBe(ex.X);
      expect(get(row, 'Y')).toBe(ex.Y);
      expect(get(row, 'AB')).toBe(ex.Y);
    }
    const altlasten = rowOf('Altlastenkatasterauskunft');
    expect(get(altlasten, 'R')).toBe(2);
    expect(get(altlasten, 'V')).toBe(3.2);
    model.transact(() => {
      model.setInput(sheet, altlasten, columnIndex('Z'), 'Labor', 'en');
      model.setInput(sheet, altlasten, columnIndex('AA'), 'Laborleistung lt. Q1-Bericht', 'en');
    });
    expect(get(altlasten, 'Y')).toBe('B');
    expect(get(altlasten, 'AB')).toBe('Labor');
  });

  it('counts live on the Auswertung tab', () => {
    const { model, engine } = sheetOf('ozg-priorisierung');
    const sheet = model.sheetIdByName('Priorisierung')!;
    const summary = model.sheetIdByName('Auswertung')!;
    const figures = () => {
      const out: Record<string, unknown> = {};
      for (let r = 1; r < model.rowCount(summary); r++) {
        const label = engine.getValue(summary, r, 0);
        if (label !== null && !(String(label) in out)) out[String(label)] = engine.getValue(summary, r, 1);
      }
      return out;
    };
    expect(figures()).toMatchObject({ 'Reifegradmodell-Version': '1.1', 'Leistungen gesamt': CSV_ROWS, '0': 0, '3': 0, 'Anteil Reifegrad ≥ 3': '', Jugendamt: 4, Gesundheitsamt: 4, A: 0, Labor: 0 });
    const L = columnIndex('L');
    model.transact(() => {
      model.setValue(sheet, 1, L, 3);
      model.setValue(sheet, 2, L, 1);
      model.setValue(sheet, 3, L, 4);
      model.setValue(sheet, 4, L, 0);
      model.setInput(sheet, 1, columnIndex('Z'), 'Labor', 'en');
      model.setInput(sheet, 2, columnIndex('Z'), 'A', 'en');
    });
    expect(figures()).toMatchObject({ '0': 1, '1': 1, '3': 1, '4': 1, 'Anteil Reifegrad ≥ 3': 0.5, A: 1, Labor: 1 });
    const share = Array.from({ length: model.rowCount(summary) }, (_, r) => r).find((r) => engine.getValue(summary, r, 0) === 'Anteil Reifegrad ≥ 3')!;
    expect(model.getStyle(summary, share, 1)?.numberFormat).toBe('0%');
  });
});

describe('sheet templates in office files', () => {
  it('export to XLSX and ODS with formulas and computed values', () => {
    const { model, engine } = sheetOf('ozg-priorisierung');
    const sheet = model.sheetIdByName('Priorisierung')!;
    model.transact(() => {
      for (const [l, v] of Object.entries({ K: 300, L: 1, M: 3, Q: 'Nein', S: 3, T: 4, U: 5, W: 3 })) model.setInput(sheet, 24, columnIndex(l), String(v), 'en');
    });
    const wb = modelToWorkbook(model, engine);
    for (const format of ['xlsx', 'ods'] as const) expect(exportWorkbook(wb, format, { title: 'Priorisierung' }).body.length).toBeGreaterThan(5000);
    const back = xlsxToWorkbook(exportWorkbook(wb, 'xlsx', { title: 'Priorisierung' }).body, { unzip: DEFAULT_UNZIP_LIMITS });
    expect(back.sheets.map((s) => s.name)).toEqual(['Priorisierung', 'Auswertung']);
    const x25 = back.sheets[0].cells.find((c) => c.row === 24 && c.col === columnIndex('X'));
    expect(x25).toMatchObject({ value: 1.92, formula: '=IF(OR(V25="",W25=""),"",ROUND(V25*(6-W25)/5,2))' });
  });
});

describe('Zuständigkeitsmatrix', () => {
  it('has the columns of §4, the services, and Klärungsstatus with "strittig" highlighted', () => {
    const { model, engine } = sheetOf('zustaendigkeitsmatrix');
    const sheet = model.sheetIds()[0];
    expect(model.sheetName(sheet)).toBe('Zuständigkeiten');
    expect(model.colCount(sheet)).toBe(19);
    const headers = Array.from({ length: 19 }, (_, c) => engine.getValue(sheet, 0, c));
    expect(headers).toEqual(expect.arrayContaining(['LeiKa-Schlüssel', 'Leistungsbezeichnung (LeiKa)', 'Amt (VGP-Nr. + Name)', 'Klärungsstatus', 'Quelle der Zuordnung', 'Mitwirkende Ämter', 'Bestätigt von/am', 'Bemerkung']));
    expect(model.rowCount(sheet)).toBe(1 + CSV_ROWS);
    const status = model.getColumnMeta(sheet, columnIndex('Q'));
    expect(status.options).toEqual(['offen', 'vorgeschlagen', 'bestätigt', 'strittig', 'nicht Landkreis']);
    expect(status.optionColors?.strittig).toMatch(/^#/);
    expect(engine.getValue(sheet, 24, columnIndex('B'))).toBe('Altlastenkatasterauskunft');
    expect(engine.getValue(sheet, 24, columnIndex('G'))).toBe('untere Bodenschutzbehörde');
    expect(engine.getValue(sheet, 24, columnIndex('Q'))).toBe('offen');
    model.forEachCell(sheet, (row, col, cell) => {
      if (row > 0) expect(validateCell(cell.v, model.getColumnMeta(sheet, col))).toEqual({ valid: true });
    });
  });
});
