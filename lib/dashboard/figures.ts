import type { EvaluatedValue } from '../sheet/SheetEngine';
import type { SheetEngine } from '../sheet/SheetEngine';
import type { SheetModel } from '../sheet/SheetModel';
import { columnIndex } from '../sheet/a1';
import { ozgPriorisierung, PRIORITY_CLASSES } from '../templates/definitions/ozgPriorisierung';
import { REIFEGRADE } from '../templates/definitions/ozgVocabulary';

/** The level from which a service counts as online (OZG-Reifegradmodell: Stufe 3). */
export const ONLINE_LEVEL = 3;

const TAB = ozgPriorisierung.tabs[0];
const titleOf = (letter: string): string => {
  const col = TAB.columns.find((c) => c.letter === letter);
  if (!col) throw new Error(`The prioritisation template has no column ${letter}`);
  return col.title;
};

/** The columns the dashboard reads, by their letter in the template (the source of truth). */
const COLUMNS = { leistung: 'D', amt: 'H', ist: 'L', ziel: 'M', prioritaet: 'AB' } as const;
type Key = keyof typeof COLUMNS;
export const DASHBOARD_COLUMNS: Record<Key, { letter: string; title: string }> = Object.fromEntries(
  Object.entries(COLUMNS).map(([key, letter]) => [key, { letter, title: titleOf(letter) }]),
) as Record<Key, { letter: string; title: string }>;

export interface LevelCount {
  level: number;
  ist: number;
  ziel: number;
}

export interface OfficeCount {
  amt: string;
  total: number;
  online: number;
}

export interface DashboardFigures {
  /** Rows with a Leistung: the services. */
  total: number;
  /** Levels 0–4, and any higher level that occurs (Reifegradmodell 2.0 goes to 7). */
  levels: LevelCount[];
  withoutIst: number;
  withoutZiel: number;
  /** A, B, C, Labor, then any other class in the order met. */
  priorities: Array<{ cls: string; count: number }>;
  withoutPriority: number;
  /** By number of services, then name; services without an Amt are counted in `withoutOffice`. */
  offices: OfficeCount[];
  withoutOffice: number;
  /** Services with a Reifegrad Ist, and those of them at Stufe ≥ 3. */
  rated: number;
  online: number;
  /** online / rated, or null while no service is rated (as the Auswertung tab computes it). */
  onlineShare: number | null;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Where each column stands: found by its header so that moved columns still count, else at
 * the template's letter (a renamed header).
 */
export function locateColumns(header: readonly EvaluatedValue[]): Record<Key, number> {
  const titles = header.map((h) => (typeof h === 'string' ? norm(h) : ''));
  const out = {} as Record<Key, number>;
  for (const key of Object.keys(COLUMNS) as Key[]) {
    const found = titles.indexOf(norm(DASHBOARD_COLUMNS[key].title));
    out[key] = found >= 0 ? found : columnIndex(COLUMNS[key]);
  }
  return out;
}

const text = (v: EvaluatedValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/** A level as an integer, or null for empty cells, errors and text that is no level. */
export function levelOf(v: EvaluatedValue | undefined): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 99 ? n : null;
}

/** The figures of a prioritisation sheet from its evaluated values (row 0 is the header). */
export function computeFigures(values: readonly (readonly EvaluatedValue[])[]): DashboardFigures {
  const col = locateColumns(values[0] ?? []);
  const levels = new Map<number, LevelCount>(REIFEGRADE.map((l) => [Number(l), { level: Number(l), ist: 0, ziel: 0 }]));
  const level = (n: number) => {
    let c = levels.get(n);
    if (!c) levels.set(n, (c = { level: n, ist: 0, ziel: 0 }));
    return c;
  };
  const priorities = new Map<string, number>(PRIORITY_CLASSES.map((c) => [c, 0]));
  const offices = new Map<string, OfficeCount>();
  const f = { total: 0, withoutIst: 0, withoutZiel: 0, withoutPriority: 0, withoutOffice: 0, rated: 0, online: 0 };

  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    if (text(row[col.leistung]) === '') continue;
    f.total++;
    const ist = levelOf(row[col.ist]);
    const ziel = levelOf(row[col.ziel]);
    if (ist === null) f.withoutIst++;
    else {
      level(ist).ist++;
      f.rated++;
      if (ist >= ONLINE_LEVEL) f.online++;
    }
    if (ziel === null) f.withoutZiel++;
    else level(ziel).ziel++;
    const cls = text(row[col.prioritaet]);
    if (cls === '' || cls.startsWith('#')) f.withoutPriority++;
    else priorities.set(cls, (priorities.get(cls) ?? 0) + 1);
    const amt = text(row[col.amt]);
    if (amt === '') f.withoutOffice++;
    else {
      let o = offices.get(amt);
      if (!o) offices.set(amt, (o = { amt, total: 0, online: 0 }));
      o.total++;
      if (ist !== null && ist >= ONLINE_LEVEL) o.online++;
    }
  }

  return {
    ...f,
    levels: [...levels.values()].sort((a, b) => a.level - b.level),
    priorities: [...priorities].map(([cls, count]) => ({ cls, count })),
    offices: [...offices.values()].sort((a, b) => b.total - a.total || a.amt.localeCompare(b.amt, 'de')),
    onlineShare: f.rated === 0 ? null : f.online / f.rated,
  };
}

/** The tab the dashboard reads: "Priorisierung", else the first tab. */
export function prioritizationSheetId(model: SheetModel): string | undefined {
  return model.sheetIdByName(TAB.name) ?? model.sheetIds()[0];
}

/** Figures of a workbook as evaluated by the engine (browser and server alike). */
export function figuresOf(model: SheetModel, engine: SheetEngine): DashboardFigures | null {
  const sheetId = prioritizationSheetId(model);
  return sheetId === undefined ? null : computeFigures(engine.getSheetValues(sheetId));
}
