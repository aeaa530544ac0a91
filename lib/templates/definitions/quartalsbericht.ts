import { ampel, bullets, doc, form, guide, h, p, table } from '../build';
import type { JSONContent } from '@tiptap/core';
import type { DocumentTemplate } from '../types';
import { SHEET_FIGURE_NODE } from '../../richtext/sheetFigure';
import { TEMPLATE_FIELD } from '../fields';

/**
 * "aktuell" is a live figure from the OZG-Leistungspriorisierung: a named figure of its
 * Auswertung tab or a cell there. The sheet is picked once in the report (docId open here).
 */
const live = (ref: string): JSONContent[] => [{ type: SHEET_FIGURE_NODE, attrs: { docId: null, ref, label: '' } }];
const kennzahl = (name: string, current: string | JSONContent[] = '') => [name, '', current, '', ''];

/** Domain reference §6: the quarterly progress report to the steering group. */
export const quartalsbericht: DocumentTemplate = {
  id: 'quartalsbericht',
  version: 3,
  kind: 'text',
  title: { de: 'Quartalsbericht', en: 'Quarterly report' },
  description: {
    de: 'Fortschrittsbericht zur OZG-Umsetzung mit Gesamtampel, Kennzahlen zu Zuständigkeiten, Priorisierung und Reifegraden, Laborleistung, Risiken und Ausblick.',
    en: 'Progress report on the OZG programme with an overall traffic light, figures on responsibilities, prioritisation and maturity, the lab service, risks and outlook.',
  },
  content: doc(
    h(1, 'Quartalsbericht OZG-Umsetzung'),
    form(['Berichtszeitraum', TEMPLATE_FIELD.quarter], ['Stand', TEMPLATE_FIELD.today], ['Verfasser', '']),
    guide('Ampel in diesem Bericht: grün = im Plan · gelb = verzögert/Risiko · rot = gefährdet/Eskalation.'),
    h(2, '1 Zusammenfassung'),
    guide('Die wichtigsten Ergebnisse und Entscheidungsbedarfe des Quartals in wenigen Sätzen.'),
    p(),
    p('Gesamtampel:'),
    ampel(),
    h(2, '2 Kennzahlen'),
    guide('Die Spalte „aktuell“ zeigt live die Zahlen der OZG-Leistungspriorisierung (Tabellenblatt „Auswertung“): einmal „Quelltabelle wählen“ und die Tabelle auswählen. Zahlen der Zuständigkeitsmatrix von Hand übernehmen.'),
    table(
      ['Kennzahl', 'Vorquartal', 'aktuell', 'Ziel', 'Ampel'],
      kennzahl('Erfasste OZG-Leistungen', live('Leistungen gesamt')),
      kennzahl('Zuständigkeit bestätigt'),
      kennzahl('Zuständigkeit offen'),
      kennzahl('Zuständigkeit strittig'),
      kennzahl('Priorisiert Klasse A', live('Auswertung!B14')),
      kennzahl('Priorisiert Klasse B', live('Auswertung!B15')),
      kennzahl('Priorisiert Klasse C', live('Auswertung!B16')),
      kennzahl('Reifegrad 0 / 1 / 2 / 3 / 4', live('Auswertung!B6:B10')),
      kennzahl('Anteil Reifegrad ≥ 3', live('Anteil Reifegrad ≥ 3')),
      kennzahl('EfA-Leistungen angebunden'),
    ),
    h(2, '3 Stand der Zuständigkeitsklärung je Amt'),
    table(['Amt', 'bestätigt', 'offen', 'strittig', 'Bemerkung'], ['', '', '', '', '']),
    guide('Strittige Zuordnungen kommen auf die Tagesordnung der nächsten Amtsleiterrunde.'),
    h(2, '4 Priorisierung und Wellenplanung'),
    guide('Auszug der Leistungen mit Prioritätsklasse A (Welle 1) aus der OZG-Leistungspriorisierung.'),
    table(['Nr', 'Leistung', 'Amt', 'Prioritäts-Score', 'Welle/Quartal'], ['', '', '', '', '']),
    h(2, '5 Laborleistung Altlastenkatasterauskunft'),
    p('Stand:'),
    p('Nächste Schritte:'),
    bullets(''),
    h(2, '6 Digitalstrategie'),
    guide('Stand des Entwurfs und der Beteiligung.'),
    p(),
    h(2, '7 Werkzeuge und Infrastruktur'),
    p(),
    h(2, '8 Risiken'),
    table(['Risiko', 'Auswirkung', 'Maßnahme', 'Verantwortlich'], ['', '', '', '']),
    h(2, '9 Ausblick auf das nächste Quartal'),
    p(),
    h(2, 'Anhang: Maßnahmenliste mit Ampel'),
    table(['Nr', 'Maßnahme', 'Verantwortlich', 'Termin', 'Ampel'], ['M-01', '', '', '', [ampel()]]),
  ),
};
