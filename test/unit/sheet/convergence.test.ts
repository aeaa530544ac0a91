import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { columnLetters } from '../../../lib/sheet/a1';
import { cleanupOrphans } from '../../../lib/sheet/cleanup';
import { formulaToA1, isFormula, storedRefs } from '../../../lib/sheet/formulaRefs';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import type { StoredRef } from '../../../lib/sheet/storedRef';
import { createUndoManager } from '../../../lib/sheet/undo';

/**
 * Random concurrent editing by three replicas (separate Y.Docs) with updates queued per
 * replica pair and delivered in random subsets and orders. At the end every replica must have
 * the same model and the same values (also equal to a freshly built engine), and every formula
 * must still point at the cells its author meant.
 */

const REPLICAS = 3;
const REMOTE = 'remote';
const SHEET_NAMES = ['Tabelle1', "Zweit's Blatt", 'Daten 2024', 'Übersicht', 'A1'];

type Dim = 'rows' | 'cols';
interface RefSpec {
  sheet: number;
  kind: StoredRef['kind'];
  a: [number, number];
  b: [number, number];
  abs: [boolean, boolean, boolean, boolean];
  prefix: boolean;
}
type Action =
  | { t: 'value'; r: number; s: number; row: number; col: number; v: number }
  | { t: 'formula'; r: number; s: number; row: number; col: number; refs: RefSpec[]; de: boolean; offset: boolean }
  | { t: 'insert'; r: number; s: number; dim: Dim; at: number; n: number }
  | { t: 'delete'; r: number; s: number; dim: Dim; at: number; n: number }
  | { t: 'move'; r: number; s: number; dim: Dim; from: number; n: number; to: number }
  | { t: 'rename'; r: number; s: number; name: number }
  | { t: 'undo'; r: number }
  | { t: 'cleanup'; r: number }
  | { t: 'deliver'; from: number; to: number; picks: number[] };

const nat = (max: number) => fc.nat({ max });
const dim = fc.constantFrom<Dim>('rows', 'cols');
const refSpec: fc.Arbitrary<RefSpec> = fc.record({
  sheet: nat(1),
  kind: fc.constantFrom<StoredRef['kind']>('cell', 'cell', 'range', 'rows', 'cols'),
  a: fc.tuple(nat(20), nat(20)),
  b: fc.tuple(nat(20), nat(20)),
  abs: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
  prefix: fc.boolean(),
});
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('value' as const), r: nat(2), s: nat(1), row: nat(20), col: nat(20), v: fc.integer({ min: -50, max: 50 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('formula' as const), r: nat(2), s: nat(1), row: nat(20), col: nat(20), refs: fc.array(refSpec, { minLength: 1, maxLength: 3 }), de: fc.boolean(), offset: fc.nat({ max: 9 }).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('insert' as const), r: nat(2), s: nat(1), dim, at: nat(20), n: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), r: nat(2), s: nat(1), dim, at: nat(20), n: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('move' as const), r: nat(2), s: nat(1), dim, from: nat(20), n: fc.integer({ min: 1, max: 2 }), to: nat(20) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('rename' as const), r: nat(2), s: nat(1), name: nat(SHEET_NAMES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('undo' as const), r: nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cleanup' as const), r: nat(2) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('deliver' as const), from: nat(2), to: nat(2), picks: fc.array(nat(50), { maxLength: 6 }) }) },
);

/** What the author meant: the ids of every reference, taken from the positions they saw. */
type IntendedRef = { prefix: boolean; sheetId: string; kind: StoredRef['kind']; c1?: [string, boolean]; r1?: [string, boolean]; c2?: [string, boolean]; r2?: [string, boolean] };
interface Intended {
  formulaSheet: string;
  offset: boolean;
  refs: IntendedRef[];
  /** The refs as a deletion of a range's end line left them (each deleting replica shrinks its copy). */
  shrunk: IntendedRef[][];
}

const pair = (c?: { id: string; abs: boolean }): [string, boolean] | undefined => (c ? [c.id, c.abs] : undefined);

/** Every formula of a replica by its tag, with its references as the test records them. */
function formulasByTag(m: SheetModel): Map<number, IntendedRef[]> {
  const out = new Map<number, IntendedRef[]>();
  for (const sheet of m.sheetIds()) {
    m.forEachValue(sheet, (_row, _col, v) => {
      if (typeof v !== 'string' || !isFormula(v)) return;
      const refs = storedRefs(v).map((r) => {
        const ref: IntendedRef = { prefix: r.sheetId !== undefined, sheetId: r.sheetId ?? sheet, kind: r.kind };
        for (const k of ['c1', 'r1', 'c2', 'r2'] as const) if (r[k]) ref[k] = pair(r[k]);
        return ref;
      });
      out.set(Number(/N\("t(\d+)"\)/.exec(v)?.[1]), refs);
    });
  }
  return out;
}

function quoteName(name: string): string {
  // Letters (also umlauts), digits and _ need no quotes, unless the name looks like a cell.
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name) ? `${name}!` : `'${name.replace(/'/g, "''")}'!`;
}

/** A1 text for positions, independent of the code under test. */
function refText(kind: StoredRef['kind'], rows: number[], cols: number[], abs: boolean[], prefix: string): string {
  const [ra, rb] = rows[0] <= rows[1] ? [0, 1] : [1, 0];
  const [ca, cb] = cols[0] <= cols[1] ? [0, 1] : [1, 0];
  const c = (i: number) => `${abs[i] ? '$' : ''}${columnLetters(cols[i])}`;
  const r = (i: number) => `${abs[2 + i] ? '$' : ''}${rows[i] + 1}`;
  if (kind === 'cell') return `${prefix}${c(0)}${r(0)}`;
  if (kind === 'cols') return `${prefix}${c(ca)}:${c(cb)}`;
  if (kind === 'rows') return `${prefix}${r(ra)}:${r(rb)}`;
  return `${prefix}${c(ca)}${r(ra)}:${c(cb)}${r(rb)}`;
}

/** The typed formula; with `offset`, a first cell reference is read through OFFSET (which makes
 *  the engines give HyperFormula every cell from then on). */
const formulaText = (parts: string[], kinds: StoredRef['kind'][], de: boolean, tag: number, offset = false) => {
  const [sum, sep] = de ? ['SUMME', ';'] : ['SUM', ','];
  return `=${parts.map((p, i) => (kinds[i] !== 'cell' ? `${sum}(${p})` : offset && i === 0 ? `OFFSET(${p}${sep}1${sep}1)*2` : `${p}*2`)).join('+')}+N("t${tag}")`;
};

function run(actions: Action[]): void {
  const docs = Array.from({ length: REPLICAS }, () => new Y.Doc());
  const seed = new SheetModel(docs[0], { origin: 'seed' });
  seed.initialize({ title: 'Konvergenz', rows: 5, cols: 4 });
  const second = seed.addSheet({ name: SHEET_NAMES[1], rows: 4, cols: 3 });
  // The second sheet starts packed, as an imported one does: edits must merge over packed cells.
  seed.fillEmptySheet(second, Array.from({ length: 12 }, (_, i) => ({ row: Math.floor(i / 3), col: i % 3, cell: { v: 100 + i } })));
  seed.destroy();
  const initial = Y.encodeStateAsUpdate(docs[0]);
  for (const d of docs.slice(1)) Y.applyUpdate(d, initial, REMOTE);
  const models = docs.map((d, i) => new SheetModel(d, { origin: { replica: i } }));
  const engines = models.map((m) => new SheetEngine(m));
  const undos = models.map((m) => createUndoManager(m));
  const sheets = models[0].sheetIds();
  const queues: Uint8Array[][][] = docs.map(() => docs.map(() => []));
  docs.forEach((d, i) =>
    d.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (let j = 0; j < REPLICAS; j++) if (j !== i) queues[i][j].push(update);
    }),
  );
  const intended = new Map<number, Intended>();
  let tag = 0;

  const deliver = (from: number, to: number, picks: number[]) => {
    const q = queues[from][to];
    for (const p of picks) {
      if (q.length === 0) return;
      Y.applyUpdate(docs[to], q.splice(p % q.length, 1)[0], REMOTE);
    }
  };
  const deliverAll = () => {
    for (let from = 0; from < REPLICAS; from++) for (let to = 0; to < REPLICAS; to++) if (from !== to) deliver(from, to, queues[from][to].map(() => 0));
  };

  for (const a of actions) {
    if (a.t === 'deliver') {
      if (a.from !== a.to) deliver(a.from, a.to, a.picks);
      continue;
    }
    const m = models[a.r];
    if (a.t === 'undo') {
      undos[a.r].undo();
      continue;
    }
    if (a.t === 'cleanup') {
      cleanupOrphans(m);
      continue;
    }
    const sheet = sheets[a.s];
    const rows = m.rowCount(sheet);
    const cols = m.colCount(sheet);
    // Concurrent deletes can take a sheet's last rows or columns (each client keeps one, but
    // they deleted different ones); such a sheet has no cells until someone inserts again.
    if ((rows === 0 || cols === 0) && a.t !== 'insert' && a.t !== 'rename') continue;
    switch (a.t) {
      case 'value':
        m.setValue(sheet, a.row % rows, a.col % cols, a.v);
        break;
      case 'rename':
        if (m.sheetIdByName(SHEET_NAMES[a.name]) === undefined) m.renameSheet(sheet, SHEET_NAMES[a.name]);
        break;
      case 'insert':
        if (a.dim === 'rows') m.insertRows(sheet, a.at % (rows + 1), a.n);
        else m.insertCols(sheet, a.at % (cols + 1), a.n);
        break;
      case 'delete': {
        const size = a.dim === 'rows' ? rows : cols;
        if (size <= a.n) break;
        const before = formulasByTag(m);
        if (a.dim === 'rows') m.deleteRows(sheet, a.at % (size - a.n + 1), a.n);
        else m.deleteCols(sheet, a.at % (size - a.n + 1), a.n);
        for (const [t, refs] of formulasByTag(m)) if (JSON.stringify(refs) !== JSON.stringify(before.get(t))) intended.get(t)!.shrunk.push(refs);
        break;
      }
      case 'move': {
        const size = a.dim === 'rows' ? rows : cols;
        if (size <= a.n) break;
        const from = a.from % (size - a.n + 1);
        const to = a.to % (size - a.n + 1);
        if (a.dim === 'rows') m.moveRows(sheet, from, a.n, to);
        else m.moveCols(sheet, from, a.n, to);
        break;
      }
      case 'formula': {
        // Two tabs with one name (concurrent renames, until cleanup numbers them) make a typed
        // sheet prefix ambiguous; a user could not say which tab they mean either.
        const names = m.sheetList().map((x) => x.name.toLowerCase());
        if (new Set(names).size !== names.length) break;
        const t = ++tag;
        const parts: string[] = [];
        const kinds: StoredRef['kind'][] = [];
        const record: Intended = { formulaSheet: sheet, offset: a.offset, refs: [], shrunk: [] };
        for (const spec of a.refs) {
          const target = sheets[spec.sheet];
          const g = m.geometry(target);
          if (g.rowIds.length === 0 || g.colIds.length === 0) continue;
          const rs = [spec.a[0] % g.rowIds.length, spec.b[0] % g.rowIds.length];
          const cs = [spec.a[1] % g.colIds.length, spec.b[1] % g.colIds.length];
          if (spec.kind === 'cell') [rs[1], cs[1]] = [rs[0], cs[0]];
          const prefix = spec.prefix || target !== sheet;
          parts.push(refText(spec.kind, rs, cs, spec.abs, prefix ? quoteName(m.sheetName(target)!) : ''));
          kinds.push(spec.kind);
          // Corners are meant in position order, each keeping its own `$`.
          const [ra, rb] = rs[0] <= rs[1] ? [0, 1] : [1, 0];
          const [ca, cb] = cs[0] <= cs[1] ? [0, 1] : [1, 0];
          const c = (i: number): [string, boolean] => [g.colIds[cs[i]], spec.abs[i]];
          const r = (i: number): [string, boolean] => [g.rowIds[rs[i]], spec.abs[2 + i]];
          record.refs.push({
            prefix,
            sheetId: target,
            kind: spec.kind,
            ...(spec.kind === 'cell' ? { c1: c(0), r1: r(0) } : {}),
            ...(spec.kind === 'range' ? { c1: c(ca), r1: r(ra), c2: c(cb), r2: r(rb) } : {}),
            ...(spec.kind === 'cols' ? { c1: c(ca), c2: c(cb) } : {}),
            ...(spec.kind === 'rows' ? { r1: r(ra), r2: r(rb) } : {}),
          });
        }
        if (parts.length === 0) break;
        intended.set(t, record);
        const typed = formulaText(parts, kinds, a.de, t, a.offset);
        m.setInput(sheet, a.row % rows, a.col % cols, typed, a.de ? 'de-DE' : 'en');
        break;
      }
    }
  }

  // Deliver everything, clean up on one replica, deliver that too.
  deliverAll();
  cleanupOrphans(models[actions.length % REPLICAS]);
  deliverAll();

  const json = models.map((m) => JSON.stringify(m.toJSON()));
  expect(json[1]).toBe(json[0]);
  expect(json[2]).toBe(json[0]);
  const values = engines.map((e, i) => models[i].sheetIds().map((id) => e.getSheetValues(id)));
  // The reference gives HyperFormula every cell; the replicas' engines only the columns read.
  const fresh = new SheetEngine(models[0], { feedAll: true });
  const freshValues = models[0].sheetIds().map((id) => fresh.getSheetValues(id));
  fresh.destroy();
  for (const v of values) expect(v).toEqual(freshValues);
  expect(engines.map((e) => e.stats.rebuilds)).toEqual([0, 0, 0]);
  // Nothing is left for cleanup to do.
  expect(cleanupOrphans(models[0])).toEqual({ order: 0, renamed: 0, duplicateIds: 0, orphans: 0 });

  // Every formula still references what its author meant, and shows it at today's positions.
  const m = models[0];
  for (const sheet of m.sheetIds()) {
    m.forEachValue(sheet, (_row, _col, v) => {
      if (typeof v !== 'string' || !isFormula(v)) return;
      const t = Number(/N\("t(\d+)"\)/.exec(v)?.[1]);
      const want = intended.get(t)!;
      expect(want.formulaSheet).toBe(sheet);
      const refs = storedRefs(v);
      expect(refs).toHaveLength(want.refs.length);
      // As typed, or as one of the deletions of a range's end line left it.
      const actual = JSON.stringify(refs.map((ref) => [ref.kind, ref.sheetId, pair(ref.c1), pair(ref.r1), pair(ref.c2), pair(ref.r2)]));
      const variants = [want.refs, ...want.shrunk];
      const matching = variants.find((refs) => JSON.stringify(refs.map((w) => [w.kind, w.prefix ? w.sheetId : undefined, w.c1, w.r1, w.c2, w.r2])) === actual);
      expect(matching, `formula t${t} references what its author meant`).toBeDefined();
      const expectedParts: string[] = [];
      refs.forEach((_ref, i) => {
        const w = matching![i];
        const g = m.geometry(w.sheetId);
        const at = (index: ReadonlyMap<string, number>, c?: [string, boolean]) => (c ? (index.get(c[0]) ?? -1) : 0);
        const cs = [at(g.colIndex, w.c1), at(g.colIndex, w.c2 ?? w.c1)];
        const rs = [at(g.rowIndex, w.r1), at(g.rowIndex, w.r2 ?? w.r1)];
        const abs = [w.c1?.[1], (w.c2 ?? w.c1)?.[1], w.r1?.[1], (w.r2 ?? w.r1)?.[1]].map(Boolean);
        const gone = (w.kind !== 'rows' && cs.some((x) => x < 0)) || (w.kind !== 'cols' && rs.some((x) => x < 0));
        expectedParts.push(gone ? '#REF!' : refText(w.kind, rs, cs, abs, w.prefix ? quoteName(m.sheetName(w.sheetId)!) : ''));
      });
      expect(formulaToA1(v, 'en', m.refContext(sheet))).toBe(formulaText(expectedParts, want.refs.map((r) => r.kind), false, t, want.offset));
    });
  }
  for (const e of engines) e.destroy();
  for (const u of undos) u.destroy();
  for (const model of models) model.destroy();
}

describe('randomized convergence', () => {
  // SHEET_CONVERGENCE_RUNS=2000 for a longer hunt; the default keeps the suite quick.
  const runs = Number(process.env.SHEET_CONVERGENCE_RUNS ?? 80);
  it(
    'three replicas with random edits, structure changes and delivery converge, and formulas keep their targets',
    () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 10, maxLength: 60 }), (actions) => run(actions)),
        { numRuns: runs },
      );
    },
    Math.max(60_000, runs * 500),
  );
});
