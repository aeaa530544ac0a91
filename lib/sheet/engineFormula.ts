import { storedRefToA1, type RefContext } from './formulaRefs';
import { decodeStoredRef, type StoredRef } from './storedRef';

/**
 * A stored formula split for the engine: literal text between the parts that depend on the
 * workbook. The engine renders a formula on every load and after row/column changes, so this
 * is one regular-expression pass instead of the full, locale-aware lexer (formulaLexer.ts),
 * which the user-facing rewriting keeps using. It finds what the lexer finds in our stored
 * form: `{{…}}` references outside string literals, and bare TRUE/FALSE, which HyperFormula
 * only knows as functions.
 */
export interface EngineFormula {
  /** texts[0] slot[0] texts[1] slot[1] … texts[n] */
  texts: string[];
  slots: Array<StoredRef | 'TRUE' | 'FALSE'>;
}

// TRUE/FALSE count only as a whole name: not inside an identifier (`ISTRUE`, `x.TRUE`), not a
// function (`TRUE(`); after a number (`2TRUE`) a new name starts, as in the lexer.
const SPLIT = /"(?:[^"]|"")*(?:"|$)|\{\{([^}]*)\}\}|(?<![\p{L}_][\p{L}\p{N}_.]*)(TRUE|FALSE)(?![\p{L}\p{N}_.(])/giu;

export function parseForEngine(stored: string): EngineFormula {
  const texts: string[] = [];
  const slots: EngineFormula['slots'] = [];
  let last = 0;
  SPLIT.lastIndex = 0;
  for (let m = SPLIT.exec(stored); m; m = SPLIT.exec(stored)) {
    let slot: EngineFormula['slots'][number] | null = null;
    if (m[1] !== undefined) slot = decodeStoredRef(m[1]);
    else if (m[2] !== undefined) slot = m[2].toUpperCase() === 'TRUE' ? 'TRUE' : 'FALSE';
    if (slot === null) continue; // a string literal, or braces that are no reference: text
    texts.push(stored.slice(last, m.index));
    slots.push(slot);
    last = m.index + m[0].length;
  }
  texts.push(stored.slice(last));
  return { texts, slots };
}

export function renderForEngine(f: EngineFormula, ctx: RefContext): string {
  let out = f.texts[0];
  for (let i = 0; i < f.slots.length; i++) {
    const slot = f.slots[i];
    out += (typeof slot === 'string' ? `${slot}()` : storedRefToA1(slot, ctx, { quoteSheets: true, engine: true })) + f.texts[i + 1];
  }
  return out;
}

export function engineRefs(f: EngineFormula): StoredRef[] {
  return f.slots.filter((s): s is StoredRef => typeof s !== 'string');
}
