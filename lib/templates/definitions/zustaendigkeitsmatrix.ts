import { countyOffices } from '../seed/countyServices';
import type { SheetTemplate } from '../types';
import { LEIKA_PATTERN, LEIKA_TYPEN, THEMENFELDER } from './ozgVocabulary';

export const KLAERUNGSSTATUS = ['offen', 'vorgeschlagen', 'bestätigt', 'strittig', 'nicht Landkreis'];

/**
 * Domain reference §4: who is responsible for which service. The department heads fill it in
 * together; "strittig" rows stand out and go to the next Amtsleiterrunde. Each row belongs to
 * the group named like its Amt (column G) when such a group exists, so only that office's
 * members (and the document's owners) change it.
 */
export const zustaendigkeitsmatrix: SheetTemplate = {
  id: 'zustaendigkeitsmatrix',
  version: 1,
  kind: 'sheet',
  title: { de: 'Zuständigkeitsmatrix', en: 'Responsibility matrix' },
  description: {
    de: 'Welches Amt ist für welche Leistung zuständig? Amtsleitungen pflegen ihre Zeilen gemeinsam; strittige Zuordnungen sind hervorgehoben und gehen in die Amtsleiterrunde.',
    en: 'Which office is responsible for which service? Department heads maintain their rows together; disputed assignments are highlighted for the heads’ meeting.',
  },
  tabs: [
    {
      name: 'Zuständigkeiten',
      rows: { seed: 'county-services' },
      frozen: { rows: 1, cols: 2 },
      rowOwnerFrom: 'G',
      columns: [
        { letter: 'A', title: 'LeiKa-Schlüssel', type: 'text', validation: { pattern: LEIKA_PATTERN }, width: 140, field: 'leika' },
        { letter: 'B', title: 'Leistungsbezeichnung (LeiKa)', type: 'text', width: 280, field: 'leistung' },
        { letter: 'C', title: 'OZG-Leistung/OZG-ID', type: 'text', width: 140 },
        { letter: 'D', title: 'Themenfeld', type: 'select', options: THEMENFELDER, width: 170, field: 'themenfeld' },
        { letter: 'E', title: 'LeiKa-Typ', type: 'select', options: LEIKA_TYPEN, width: 80 },
        { letter: 'F', title: 'Rechtsgrundlage', type: 'text', width: 160 },
        { letter: 'G', title: 'Amt (VGP-Nr. + Name)', type: 'select', options: countyOffices(), width: 190, field: 'amt' },
        { letter: 'H', title: 'Sachgebiet', type: 'text', width: 140 },
        { letter: 'I', title: 'Amtsleitung', type: 'text', width: 130 },
        { letter: 'J', title: 'Leistungsverantwortliche/r', type: 'text', width: 150 },
        { letter: 'K', title: 'Vertretung', type: 'text', width: 130 },
        { letter: 'L', title: 'Redaktion BUS (pflegt Leistungsbeschreibung)', type: 'text', width: 170 },
        { letter: 'M', title: 'Fachverfahren/Hersteller', type: 'text', width: 150 },
        { letter: 'N', title: 'KGSt-Prozess', type: 'text', width: 130 },
        { letter: 'O', title: 'Quelle der Zuordnung', type: 'select', options: ['Zuständigkeitsfinder', 'VGP', 'KGSt', 'Amtsleiterrunde'], width: 150 },
        { letter: 'P', title: 'Mitwirkende Ämter', type: 'text', width: 160 },
        {
          letter: 'Q',
          title: 'Klärungsstatus',
          type: 'select',
          options: KLAERUNGSSTATUS,
          optionColors: { strittig: '#f4c7c3', bestätigt: '#d9ead3' },
          width: 130,
          value: 'offen',
        },
        { letter: 'R', title: 'Bestätigt von/am', type: 'text', width: 140 },
        { letter: 'S', title: 'Bemerkung', type: 'text', width: 220 },
      ],
    },
  ],
};
