import { bullets, doc, form, guide, h, numbered, p, table } from '../build';
import type { DocumentTemplate } from '../types';
import { TEMPLATE_FIELD } from '../fields';

const top = (title: string) => [
  h(2, title),
  p('Sachstand:'),
  p('Ergebnisse:'),
  bullets('[B] Beschluss: ', '[A] Aufgabe: … (wer, bis wann)', '[I] Information: '),
];

/** Domain reference §7: minutes that record results, not the course of the discussion. */
export const ergebnisprotokoll: DocumentTemplate = {
  id: 'ergebnisprotokoll',
  version: 2,
  kind: 'text',
  title: { de: 'Ergebnisprotokoll', en: 'Minutes of results' },
  description: {
    de: 'Protokoll einer Sitzung mit Kopfdaten, Tagesordnung, Ergebnissen je TOP (Beschluss, Aufgabe, Information) und einer Aufgabenliste für die nächste Sitzung.',
    en: 'Meeting minutes with header data, agenda, results per item (decision, task, information) and a task list carried into the next meeting.',
  },
  content: doc(
    h(1, 'Ergebnisprotokoll'),
    form(
      ['Gremium/Anlass', ''],
      ['Datum, Beginn–Ende', `${TEMPLATE_FIELD.today}, `],
      ['Ort/Videokonferenz', ''],
      ['Leitung', ''],
      ['Protokoll', ''],
      ['Teilnehmende (anwesend)', ''],
      ['Teilnehmende (entschuldigt)', ''],
      ['Verteiler', ''],
    ),
    guide(
      'Ein Ergebnisprotokoll hält Ergebnisse fest, nicht den Verlauf der Diskussion. Ergebnisse markieren: [B] Beschluss · [A] Aufgabe (wer, bis wann) · [I] Information.',
      'Nur Namen und Funktionen der Teilnehmenden; keine Falldaten von Bürgerinnen und Bürgern.',
    ),
    h(2, 'Tagesordnung'),
    numbered('TOP 1 Begrüßung, Genehmigung der Tagesordnung und des Protokolls der letzten Sitzung', 'TOP 2 …', 'TOP 3 Verschiedenes'),
    ...top('TOP 1 Begrüßung, Genehmigung der Tagesordnung und des Protokolls der letzten Sitzung'),
    ...top('TOP 2 …'),
    ...top('TOP 3 Verschiedenes'),
    h(2, 'Aufgabenliste'),
    guide('Offene Aufgaben werden ins nächste Protokoll übernommen.'),
    table(['Nr', 'Aufgabe', 'Verantwortlich', 'Frist', 'Status (offen/erledigt)'], ['1', '', '', '', 'offen']),
    h(2, 'Nächster Termin'),
    p(),
    p('Protokoll freigegeben am/von:'),
  ),
};
