import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { columnIndex } from '../../../lib/sheet/a1';
import { instantiateTemplate } from '../../../lib/templates/instantiate';
import { builtInTemplate } from '../../../lib/templates/registry';
import { computeFigures, figuresOf, levelOf } from '../../../lib/dashboard/figures';
import { fillWeeks, isoWeek, lastPerWeek, weekStart } from '../../../lib/dashboard/weeks';

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
  return { model, engine, sheet: model.sheetIdByName('Priorisierung')!, auswertung: model.sheetIdByName('Auswertung')! };
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const col = (letter: string) => columnIndex(letter);

describe('dashboard figures', () => {
  it('equal counts taken straight from the sheet model and the Auswertung tab', () => {
    const { model, engine, sheet, auswertung } = prioritisation();
    const rand = rng(7);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const rows = model.rowCount(sheet);
    model.transact(() => {
      for (let r = 1; r < rows; r++) {
        if (rand() < 0.8) model.setValue(sheet, r, col('L'), pick([0, 1, 2, 3, 4]));
        if (rand() < 0.7) model.setValue(sheet, r, col('M'), pick([3, 4]));
        if (rand() < 0.5) model.setValue(sheet, r, col('Z'), pick(['A', 'B', 'C', 'Labor']));
        if (rand() < 0.3) for (const [c, v] of [['K', 800], ['Q', 'Nein'], ['S', 3], ['T', 4], ['U', 2], ['W', pick([1, 3, 5])]] as const) model.setValue(sheet, r, col(c), v);
      }
      // A row without a Leistung is no service, whatever else it holds.
      model.setValue(sheet, 5, col('D'), null);
      model.setValue(sheet, 5, col('L'), 4);
    });
    const f = figuresOf(model, engine)!;

    // Independently: raw model values by the template's letters.
    const services: number[] = [];
    for (let r = 1; r < rows; r++) if (String(model.getValue(sheet, r, col('D')) ?? '').trim()) services.push(r);
    const raw = (r: number, letter: string) => model.getValue(sheet, r, col(letter));
    expect(f.total).toBe(services.length);
    for (const level of [0, 1, 2, 3, 4]) {
      expect(f.levels.find((l) => l.level === level)).toEqual({
        level,
        ist: services.filter((r) => raw(r, 'L') === level).length,
        ziel: services.filter((r) => raw(r, 'M') === level).length,
      });
    }
    const online = services.filter((r) => Number(raw(r, 'L')) >= 3 && raw(r, 'L') !== null);
    expect(f.online).toBe(online.length);
    expect(f.rated).toBe(services.filter((r) => raw(r, 'L') !== null).length);
    const amts = new Map<string, number>();
    for (const r of services) {
      const amt = String(raw(r, 'H') ?? '');
      if (amt) amts.set(amt, (amts.get(amt) ?? 0) + 1);
    }
    expect(f.withoutOffice).toBe(services.filter((r) => !raw(r, 'H')).length);
    expect(Object.fromEntries(f.offices.map((o) => [o.amt, o.total]))).toEqual(Object.fromEntries(amts));
    expect(f.offices.reduce((n, o) => n + o.online, 0)).toBe(online.length);

    // And the sheet's own formulas: the Auswertung tab counts every row, so give row 5 a Leistung.
    model.setValue(sheet, 5, col('D'), 'Testleistung');
    const g = figuresOf(model, engine)!;
    const label = (text: string | number) => {
      for (let r = 1; r < model.rowCount(auswertung); r++) if (model.getValue(auswertung, r, 0) === text) return engine.getValue(auswertung, r, 1);
      throw new Error(`no figure ${text}`);
    };
    for (const level of [0, 1, 2, 3, 4]) expect(g.levels[level].ist).toBe(label(level));
    for (const p of g.priorities) expect(p.count).toBe(label(p.cls));
    expect(g.onlineShare).toBeCloseTo(label('Anteil Reifegrad ≥ 3') as number, 10);
    expect(g.priorities.reduce((n, p) => n + p.count, 0) + g.withoutPriority).toBe(g.total);
  });

  it('follows the header when columns move, and ignores errors and non-levels', () => {
    const header = ['Leistung', 'Priorität final', 'Reifegrad Ist', 'Zuständiges Amt', 'Reifegrad Ziel'];
    const f = computeFigures([
      header,
      ['Wohngeld', 'A', 3, 'Sozialamt', 4],
      ['Elterngeld', '#REF!', '2', 'Jugendamt', 3],
      ['Jagdschein', 'C', 'x', '', null],
      ['', 'A', 4, 'Sozialamt', 4],
    ]);
    expect(f.total).toBe(3);
    expect(f.online).toBe(1);
    expect(f.rated).toBe(2);
    expect(f.onlineShare).toBe(0.5);
    expect(f.withoutPriority).toBe(1);
    expect(f.withoutOffice).toBe(1);
    expect(f.offices).toEqual([{ amt: 'Jugendamt', total: 1, online: 0 }, { amt: 'Sozialamt', total: 1, online: 1 }]);
    expect(f.levels.find((l) => l.level === 3)).toEqual({ level: 3, ist: 1, ziel: 1 });
    expect(levelOf(2.5)).toBeNull();
  });
});

describe('weeks', () => {
  const at = (iso: string) => Date.parse(iso);
  it('numbers ISO weeks and starts them on Monday', () => {
    expect(isoWeek(at('2025-01-01T12:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(at('2024-12-29T12:00:00Z'))).toBe('2024-W52');
    expect(isoWeek(at('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(new Date(weekStart(at('2025-03-16T23:00:00Z'))).toISOString()).toBe('2025-03-10T00:00:00.000Z');
  });

  it('takes the last version of each week and carries values over weeks without one', () => {
    const versions = ['2025-03-03T08:00:00Z', '2025-03-07T08:00:00Z', '2025-03-18T08:00:00Z'].map((d, i) => ({ id: String(i), createdAt: at(d) }));
    expect(lastPerWeek(versions).map((w) => w.item.id)).toEqual(['1', '2']);
    const points = fillWeeks(
      [{ start: weekStart(at('2025-03-03T00:00:00Z')), online: 2, total: 5 }, { start: weekStart(at('2025-03-17T00:00:00Z')), online: 3, total: 5 }],
      at('2025-03-26T00:00:00Z'),
      52,
    );
    expect(points.map((p) => [p.week, p.online, p.recorded])).toEqual([
      ['2025-W10', 2, true],
      ['2025-W11', 2, false],
      ['2025-W12', 3, true],
      ['2025-W13', 3, false],
    ]);
  });
});
