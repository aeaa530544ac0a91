import { countyOffices } from '../seed/countyServices';
import type { CellStyle } from '../../sheet/types';
import type { SheetColumnSpec, SheetTemplate } from '../types';
import { LEIKA_PATTERN, LEIKA_TYPEN, REIFEGRAD_MAX, REIFEGRAD_MODELL_VERSION, REIFEGRADE, THEMENFELDER } from './ozgVocabulary';

const SCORE = ['1', '2', '3', '4', '5'];
const score = (letter: string, title: string, width = 120): SheetColumnSpec => ({
  letter,
  title,
  type: 'number',
  options: SCORE,
  validation: { min: 1, max: 5 },
  width,
});
const computed: CellStyle = { background: '#f3f3f3' };

export const PRIORITY_CLASSES = ['A', 'B', 'C', 'Labor'];
export const STATUS_VALUES = ['erfasst', 'Zuständigkeit geklärt', 'priorisiert', 'in Umsetzung', 'online (RG≥3)', 'Once-Only (RG4)', 'zurückgestellt'];

/**
 * Domain reference §3: the columns keep their letters A–AF (API clients address them), the
 * scores follow the OZG-Leitfaden criteria; A = Labor/Welle 1, B = Welle 2, C = später.
 */
const columns: SheetColumnSpec[] = [
  { letter: 'A', title: 'Nr', type: 'number', validation: { min: 1 }, width: 50, field: 'nr' },
  { letter: 'B', title: 'OZG-ID', type: 'text', width: 80 },
  { letter: 'C', title: 'LeiKa-Schlüssel', type: 'text', validation: { pattern: LEIKA_PATTERN }, width: 140, field: 'leika' },
  { letter: 'D', title: 'Leistung', type: 'text', width: 280, field: 'leistung' },
  { letter: 'E', title: 'Themenfeld', type: 'select', options: THEMENFELDER, width: 170, field: 'themenfeld' },
  { letter: 'F', title: 'Lebens-/Geschäftslage', type: 'text', width: 150 },
  { letter: 'G', title: 'LeiKa-Typ', type: 'select', options: LEIKA_TYPEN, width: 80 },
  { letter: 'H', title: 'Zuständiges Amt', type: 'select', options: countyOffices(), width: 190, field: 'amt' },
  { letter: 'I', title: 'Ansprechpartner/in', type: 'text', width: 140 },
  { letter: 'J', title: 'Fachverfahren', type: 'text', width: 130 },
  { letter: 'K', title: 'Fallzahl/Jahr', type: 'number', validation: { min: 0 }, width: 100 },
  { letter: 'L', title: 'Reifegrad Ist', type: 'number', options: REIFEGRADE, validation: { min: 0, max: REIFEGRAD_MAX }, width: 90 },
  { letter: 'M', title: 'Reifegrad Ziel', type: 'number', options: ['3', '4'], validation: { min: 0, max: REIFEGRAD_MAX }, width: 90 },
  { letter: 'N', title: 'Reifegrad-Lücke', type: 'number', formula: '=IF(OR(L{row}="",M{row}=""),"",M{row}-L{row})', style: computed, width: 90 },
  { letter: 'O', title: 'EfA-Nachnutzung', type: 'select', options: ['verfügbar', 'geplant', 'nein', 'unbekannt'], width: 110 },
  { letter: 'P', title: 'EfA-Dienst (Land/Anbieter)', type: 'text', width: 150 },
  { letter: 'Q', title: 'Pflicht/Fokus (Fokusleistung, SDG Anhang II)', type: 'select', options: ['Ja', 'Nein'], width: 110 },
  {
    letter: 'R',
    title: 'Fallzahl-Score',
    type: 'number',
    formula: '=IF(K{row}="","",IF(K{row}>=10000,5,IF(K{row}>=2000,4,IF(K{row}>=500,3,IF(K{row}>=50,2,1)))))',
    style: computed,
    width: 90,
  },
  score('S', 'Nutzen Bürger/Unternehmen (Komplexität, Zeit, Kosten)', 150),
  score('T', 'Entlastung Verwaltung / Digitalisierungspotenzial', 150),
  score('U', 'Strategische/politische Relevanz'),
  {
    letter: 'V',
    title: 'Nutzen-Score',
    type: 'number',
    formula: '=IF(COUNT(R{row}:U{row})<4,"",ROUND(0.35*R{row}+0.25*S{row}+0.25*T{row}+0.15*U{row},2))',
    style: computed,
    width: 90,
  },
  score('W', 'Aufwand', 90),
  { letter: 'X', title: 'Prioritäts-Score', type: 'number', formula: '=IF(OR(V{row}="",W{row}=""),"",ROUND(V{row}*(6-W{row})/5,2))', style: computed, width: 100 },
  {
    letter: 'Y',
    title: 'Prioritätsklasse (berechnet)',
    type: 'text',
    formula: '=IF(X{row}="","",IF(Q{row}="Ja","A",IF(X{row}>=3,"A",IF(X{row}>=1.8,"B","C"))))',
    style: computed,
    width: 110,
  },
  { letter: 'Z', title: 'Priorität manuell', type: 'select', options: PRIORITY_CLASSES, width: 100 },
  { letter: 'AA', title: 'Begründung Override', type: 'text', width: 180 },
  { letter: 'AB', title: 'Priorität final', type: 'text', formula: '=IF(Z{row}<>"",Z{row},Y{row})', style: { background: '#fff2cc', bold: true }, width: 100 },
  { letter: 'AC', title: 'Welle/Quartal', type: 'text', width: 100 },
  { letter: 'AD', title: 'Status', type: 'select', options: STATUS_VALUES, width: 170 },
  { letter: 'AE', title: 'Frist', type: 'date', width: 100 },
  { letter: 'AF', title: 'Bemerkung', type: 'text', width: 220 },
];

const P = 'Priorisierung';

/** The evaluation tab, below its header row: counts that follow the prioritisation live. */
function auswertung() {
  const cells: Record<string, string | number> = {};
  const styles: Record<string, CellStyle> = {};
  let row = 2;
  const line = (label: string | number, value: string | number, style?: CellStyle) => {
    cells[`A${row}`] = label;
    cells[`B${row}`] = value;
    if (style) styles[`B${row}`] = style;
    row++;
  };
  const heading = (label: string) => {
    row++;
    styles[`A${row}`] = styles[`B${row}`] = { bold: true };
    line(label, 'Anzahl');
  };
  line('Reifegradmodell-Version', REIFEGRAD_MODELL_VERSION);
  line('Leistungen gesamt', `=COUNTA(${P}!D:D)-1`);
  heading('Reifegrad Ist');
  for (const level of REIFEGRADE) line(Number(level), `=COUNTIF(${P}!L:L,A${row})`);
  line('Anteil Reifegrad ≥ 3', `=IF(COUNT(${P}!L:L)=0,"",COUNTIF(${P}!L:L,">=3")/COUNT(${P}!L:L))`, { numberFormat: '0%' });
  heading('Priorität final');
  for (const c of PRIORITY_CLASSES) line(c, `=COUNTIF(${P}!AB:AB,A${row})`);
  heading('Zuständiges Amt');
  for (const amt of countyOffices()) line(amt, `=COUNTIF(${P}!H:H,A${row})`);
  return { cells, styles, rows: row - 2 };
}

const summary = auswertung();

export const ozgPriorisierung: SheetTemplate = {
  id: 'ozg-priorisierung',
  version: 1,
  kind: 'sheet',
  title: { de: 'OZG-Leistungspriorisierung', en: 'OZG service prioritisation' },
  description: {
    de: 'Alle Leistungen des Landkreises mit Reifegrad, Fallzahlen, Nutzen und Aufwand; berechnet Prioritäts-Score und -klasse (A/B/C, Labor) und zählt live im Blatt „Auswertung“.',
    en: 'Every county service with maturity level, case numbers, benefit and effort; computes priority score and class (A/B/C, lab) with live counts on the "Auswertung" tab.',
  },
  tabs: [
    { name: P, columns, rows: { seed: 'county-services' }, frozen: { rows: 1, cols: 4 } },
    {
      name: 'Auswertung',
      columns: [
        { letter: 'A', title: 'Kennzahl', width: 220 },
        { letter: 'B', title: 'Wert', width: 100 },
      ],
      rows: { count: summary.rows },
      cells: summary.cells,
      cellStyles: summary.styles,
    },
  ],
};
