import { z } from 'zod';
import type { Store } from './store/types';

export const LEGAL_PAGES = ['impressum', 'datenschutz', 'barrierefreiheit'] as const;
export type LegalPage = (typeof LEGAL_PAGES)[number];

export const legalTextSchema = z.string().max(50_000);

// Starting texts until an administrator fills in the county's own; they say what belongs there.
const DEFAULTS: Record<LegalPage, string> = {
  impressum: [
    'Angaben gemäß § 5 DDG',
    '[Name der Behörde, z. B. Landkreis Musterkreis – Der Landrat]\n[Anschrift]\n[Telefon, E-Mail]',
    'Vertreten durch: [Landrätin/Landrat]\nUmsatzsteuer-Identifikationsnummer: [falls vorhanden]',
    'Verantwortlich für den Inhalt: [Name, Anschrift]',
  ].join('\n\n'),
  datenschutz: [
    'Diese Anwendung verarbeitet personenbezogene Daten nur, soweit es für die gemeinsame Bearbeitung von Dokumenten erforderlich ist (Art. 6 Abs. 1 lit. e DSGVO i. V. m. dem DSAG LSA).',
    'Verarbeitet werden: Name und E-Mail-Adresse der Nutzenden, Inhalte und Bearbeitungsverlauf der Dokumente, Anmeldeereignisse im Protokoll (Aufbewahrung: [Frist] Tage). Die Anwesenheitsanzeige wird nicht gespeichert.',
    'Es werden keine Inhalte von Dritten geladen, keine Analyse- oder Trackingdienste verwendet und nur technisch notwendige Cookies gesetzt.',
    'Verantwortliche Stelle: [Behörde, Anschrift]\nBehördliche/r Datenschutzbeauftragte/r: [Kontakt]',
    'Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Beschwerde bei der Aufsichtsbehörde (Landesbeauftragte/r für den Datenschutz Sachsen-Anhalt).',
  ].join('\n\n'),
  barrierefreiheit: [
    'Der Landkreis ist bemüht, diese Anwendung im Einklang mit dem Behindertengleichstellungsgesetz Sachsen-Anhalt (BGG LSA) und der BGGVO LSA barrierefrei zugänglich zu machen. Maßstab ist die EN 301 549 bzw. die WCAG 2.1 auf Stufe AA.',
    'Stand der Vereinbarkeit: [vollständig/teilweise] vereinbar. Nicht barrierefreie Inhalte: [Beschreibung, Begründung, Alternativen].',
    'Diese Erklärung wurde am [Datum] erstellt.',
    'Feedback und Kontakt: Nutzen Sie das Formular unten, um uns Mängel zu melden. Wir antworten innerhalb eines Monats.',
    'Durchsetzungsverfahren: Wenn Sie innerhalb eines Monats keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle nach § 16d BGG LSA wenden: [Kontakt].',
  ].join('\n\n'),
};

export function isLegalPage(v: string): v is LegalPage {
  return (LEGAL_PAGES as readonly string[]).includes(v);
}

export async function legalText(store: Store, page: LegalPage): Promise<{ text: string; isDefault: boolean }> {
  const stored = await store.getSetting(`legal.${page}`);
  return stored === null ? { text: DEFAULTS[page], isDefault: true } : { text: stored, isDefault: false };
}

export const feedbackSchema = z.object({
  name: z.string().trim().max(200).optional().transform((v) => v || null),
  email: z.union([z.email().max(254), z.literal('')]).optional().transform((v) => v || null),
  message: z.string().trim().min(1).max(5000),
  page: z.string().max(500).optional().transform((v) => v || null),
});
