import { parseCsv } from '../../convert/sheet/csv';

/**
 * The county's seed list of services (domain reference §2), verbatim from
 * `county-services.csv` beside this file; a unit test keeps the two equal. Embedded so that
 * route handlers need no file access at run time.
 */
export const COUNTY_SERVICES_CSV = `nr,leistung,themenfeld,amt_typisch,confidence,note
1,"Kfz-Zulassung (Neu-/Um-/Abmeldung, Halterwechsel), Wunsch-/Kurzzeitkennzeichen",Mobilität & Reisen,Zulassungsbehörde,confirmed,Fokus BW/HE
2,Fahrerlaubnis Ersterteilung/Erweiterung,Mobilität & Reisen,Fahrerlaubnisbehörde,confirmed,Fokus HE; MZ 11.07.2019
3,"Führerschein Umtausch/Ersatz, Internationaler FS",Mobilität & Reisen,Fahrerlaubnisbehörde,confirmed,MZ 2019
4,FE zur Fahrgastbeförderung; Umschreibung ausl. FE,Mobilität & Reisen,Fahrerlaubnisbehörde,typical,
5,Parkausweis für Menschen mit Behinderung,Mobilität & Reisen,Straßenverkehrsbehörde,typical,
6,Verkehrsrechtliche Anordnung (§ 45 StVO),Mobilität & Reisen,Straßenverkehrsbehörde,typical,
7,"Großraum-/Schwertransport, Ausnahmegenehmigung (§§ 29, 46 StVO)",Mobilität & Reisen,Straßenverkehrsbehörde,typical,
8,Taxi-/Mietwagengenehmigung (PBefG),Mobilität & Reisen,Straßenverkehrsbehörde,typical,
9,Sondernutzung Kreisstraßen,Mobilität & Reisen,Straßenbau,typical,
10,Schülerbeförderung,Bildung,Schulverwaltung,typical,(check SchulG LSA)
11,Schüler-BAföG,Bildung,Amt für Ausbildungsförderung,typical,
12,Anmeldung Kreisvolkshochschule/-musikschule,Bildung,VHS/Musikschule,confirmed,
13,Elterngeld,Familie & Kind,Elterngeldstelle,confirmed,LK since 01.01.2010 (AG BEEG LSA); EfA live
14,Unterhaltsvorschuss,Familie & Kind,Jugendamt,confirmed,EfA live LSA-wide
15,"Beurkundung (Vaterschaft, Sorgeerklärung), Beistandschaft",Familie & Kind,Jugendamt,typical,
16,Erlaubnis Kindertagespflege (§ 43 SGB VIII),Familie & Kind,Jugendamt,typical,
17,Hilfen zur Erziehung,Familie & Kind,Jugendamt,typical,
18,Bildung und Teilhabe (BuT),Familie & Kind,Sozialamt/Jobcenter,unclear,
19,Baugenehmigung / Bauvorbescheid,Bauen & Wohnen,untere Bauaufsicht,typical,Fokus MV
20,"Abbruch, Bauakteneinsicht",Bauen & Wohnen,untere Bauaufsicht,typical,
21,Denkmalrechtliche Genehmigung,Bauen & Wohnen,untere Denkmalschutzbehörde,typical,
22,Wohngeld,Bauen & Wohnen,Wohngeldbehörde,typical,Fokus SH; LeiKa 99107023037000
23,"Abfallbehälter an-/ummelden, Sperrmüll",Bauen & Wohnen,Abfallwirtschaft,confirmed,Bürgeramt takes Hausmüll requests; OZG-ID 10110 (example)
24,Altlastenkatasterauskunft,Umwelt,untere Bodenschutzbehörde,confirmed,"BUS LSA (LK/kreisfreie Städte, special cases LAF); fee by effort"
25,"Wasserrechtliche Erlaubnis (Brunnen, Erdwärme, Einleitung), Kleinkläranlage",Umwelt,untere Wasserbehörde,typical,
26,Naturschutzrechtliche Genehmigung/Befreiung,Umwelt,untere Naturschutzbehörde,typical,
27,Abfallrechtliche Anzeigen (Sammler/Beförderer),Umwelt,untere Abfallbehörde,typical,
28,"Jagdschein, Jägerprüfung",Engagement & Hobby,untere Jagdbehörde,confirmed,anhalt-bitterfeld.de
29,Fischerprüfung / Fischereischein,Engagement & Hobby,untere Fischereibehörde,confirmed,exam (Salzlandkreis); ? issuing body
30,"Waffenbesitzkarte, Waffenschein, Kleiner Waffenschein",Recht & Ordnung,Waffenbehörde,unclear,
31,Sprengstofferlaubnis (§ 27 SprengG),Recht & Ordnung,Ordnungsamt,unclear,
32,Aufenthaltstitel,Ein- & Auswanderung,Ausländerbehörde,confirmed,
33,Verpflichtungserklärung,Ein- & Auswanderung,Ausländerbehörde,typical,
34,Einbürgerung,Ein- & Auswanderung,Einbürgerungsbehörde,typical,Fokus NRW
35,Leistungen AsylbLG,Ein- & Auswanderung,Sozialamt,unclear,
36,Grundsicherung im Alter/bei Erwerbsminderung,Arbeit & Ruhestand,Sozialamt,typical,
37,Hilfe zum Lebensunterhalt,Arbeit & Ruhestand,Sozialamt,typical,
38,Hilfe zur Pflege,Gesundheit,Sozialamt,unclear,örtl./überörtl. Träger LSA
39,Bürgergeld,Arbeit & Ruhestand,Jobcenter,unclear,gE or Optionskommune
40,Belehrung § 43 IfSG; Meldungen nach IfSG,Gesundheit,Gesundheitsamt,typical,
41,Amtsärztliche Untersuchung/Gutachten,Gesundheit,Gesundheitsamt,typical,
42,Anzeige Trinkwasseranlage,Gesundheit,Gesundheitsamt,typical,
43,Heilpraktiker-Überprüfung,Gesundheit,Gesundheitsamt,unclear,
44,Registrierung Lebensmittelbetrieb,Unternehmensführung & -entwicklung,Veterinär-/Lebensmittelamt,unclear,
45,Erlaubnis § 11 TierSchG; Anzeige Tierhaltung,Unternehmensführung & -entwicklung,Veterinäramt,unclear,
46,Bewachungsgewerbe § 34a GewO,Unternehmensführung & -entwicklung,?,unclear,
47,Gaststättenerlaubnis,Unternehmensführung & -entwicklung,Gemeinde (GastG LSA),unclear,likely **not** LK
48,"Informationszugang (IZG LSA/UIG), Archivnutzung",Querschnitt,alle Ämter / Kreisarchiv,typical,
49,Verkehrs-OWi: Anhörung/Bußgeld,Recht & Ordnung,Bußgeldstelle,typical,
`;

export interface CountyService {
  nr: number;
  leistung: string;
  themenfeld: string;
  /** The typical office; null where the list does not know it (`?`). */
  amt: string | null;
  /** A LeiKa key named in the note, if any. */
  leika: string | null;
}

let parsed: CountyService[] | undefined;

export function countyServices(): readonly CountyService[] {
  parsed ??= parseCsv(COUNTY_SERVICES_CSV, ',')
    .slice(1)
    .filter((r) => r.length >= 4 && r[0] !== '')
    .map(([nr, leistung, themenfeld, amt, , note]) => ({
      nr: Number(nr),
      leistung,
      themenfeld,
      amt: amt === '?' || amt === '' ? null : amt,
      leika: /LeiKa (\d{14})/.exec(note ?? '')?.[1] ?? null,
    }));
  return parsed;
}

/** The distinct offices of the seed list, in order of first appearance. */
export function countyOffices(): string[] {
  return [...new Set(countyServices().flatMap((s) => (s.amt ? [s.amt] : [])))];
}
