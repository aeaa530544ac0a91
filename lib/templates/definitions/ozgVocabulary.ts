/** Shared vocabularies of the OZG sheets (domain reference §1). */

/** The 14 Themenfelder of the OZG-Umsetzungskatalog, exactly as named there. */
export const THEMENFELDER = [
  'Arbeit & Ruhestand',
  'Bauen & Wohnen',
  'Bildung',
  'Ein- & Auswanderung',
  'Engagement & Hobby',
  'Familie & Kind',
  'Forschung & Förderung',
  'Gesundheit',
  'Mobilität & Reisen',
  'Querschnitt',
  'Recht & Ordnung',
  'Steuern & Zoll',
  'Umwelt',
  'Unternehmensführung & -entwicklung',
];

/** LeiKa types; FIM also knows sub-types, so these are text, not numbers. */
export const LEIKA_TYPEN = ['1', '2', '3', '2/3', '4', '5'];

/** 14 digits; keys outside the nationwide `99…` range exist, so only the shape is checked. */
export const LEIKA_PATTERN = '^\\d{14}$';

/** Reifegradmodell 1.1 has levels 0–4; version 2.0 (2025) goes up to 7, so values to 7 are accepted. */
export const REIFEGRAD_MODELL_VERSION = '1.1';
export const REIFEGRADE = ['0', '1', '2', '3', '4'];
export const REIFEGRAD_MAX = 7;
