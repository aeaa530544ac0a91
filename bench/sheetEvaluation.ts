/**
 * Evaluation benchmark (not a test): a 10,000 × 30 sheet with 10% formulas, loaded the way
 * the server loads a document (from an encoded Yjs update), then fully evaluated.
 *
 *   node --import tsx bench/sheetEvaluation.ts            (ROWS=… to change the size)
 *
 * The formulas are a typical mix: row arithmetic, row sums, IF with text, an absolute
 * reference and a 9-row sliding window. Sparse running totals (`=SUM($A$1:A5)`, `…A10`, …
 * on every 5th row) are avoided on purpose: HyperFormula builds each such range from scratch,
 * which is quadratic (≈45 s for this size) whatever feeds it.
 */
import * as Y from 'yjs';
import { columnLetters } from '../lib/sheet/a1';
import { formulaToStored } from '../lib/sheet/formulaRefs';
import { SheetEngine } from '../lib/sheet/SheetEngine';
import { SheetModel } from '../lib/sheet/SheetModel';

const ROWS = Number(process.env.ROWS ?? 10_000);
const COLS = 30;
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
/** CPU time of this process (all its threads) since `c`: less disturbed by other processes. */
const cpu = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return `${((d.user + d.system) / 1000).toFixed(0)} ms CPU`;
};

const source = new SheetModel(new Y.Doc());
source.initialize({ title: 'Bench', rows: ROWS, cols: COLS });
const sheet = source.sheetIds()[0];
const ctx = source.refContext(sheet);
let formulas = 0;
const values = Array.from({ length: ROWS }, (_, r) =>
  Array.from({ length: COLS }, (__, c) => {
    if ((r * COLS + c) % 10 !== 9) return r * c + 0.5;
    formulas++;
    const [a, b] = [columnLetters((c + 29) % 30), columnLetters((c + 28) % 30)];
    const mix = [`=${a}${r + 1}*2+${b}${r + 1}`, `=SUM(A${r + 1}:C${r + 1})`, `=IF(D${r + 1}>5,"hoch","niedrig")`, `=ROUND(${a}${r + 1}/3,2)+$B$1`, `=SUM(A${Math.max(1, r - 8)}:A${r + 1})`];
    return formulaToStored(mix[r % mix.length], 'en', ctx);
  }),
);
source.setValues(sheet, 0, 0, values);
const update = Y.encodeStateAsUpdate(source.doc);
console.log(`${ROWS} × ${COLS}, ${formulas} formulas, update ${(update.length / 1e6).toFixed(1)} MB`);

for (let run = 1; run <= 3; run++) {
  const doc = new Y.Doc();
  let t = performance.now();
  Y.applyUpdate(doc, update);
  const load = ms(t);
  const model = new SheetModel(doc);
  t = performance.now();
  const c = process.cpuUsage();
  const engine = new SheetEngine(model);
  const evaluate = `${ms(t)} (${cpu(c)})`;
  const probe = engine.getValue(sheet, Math.floor(ROWS / 2), 9);
  t = performance.now();
  model.setInput(sheet, 0, 1, '7', 'en');
  const edit = ms(t);
  t = performance.now();
  model.insertRows(sheet, 10, 1);
  const insert = ms(t);
  t = performance.now();
  model.moveRows(sheet, 100, 2, Math.floor(ROWS * 0.7));
  const move = ms(t);
  t = performance.now();
  model.deleteRows(sheet, 50, 1);
  const del = ms(t);
  console.log(`run ${run}: load update ${load}; evaluate ${evaluate} (probe ${probe}); edit B1 ${edit}; insert row ${insert}; move 2 rows ${move}; delete row ${del}`);
  engine.destroy();
}
