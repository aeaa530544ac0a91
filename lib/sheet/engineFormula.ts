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

const IDENT_START = /[\p{L}_]/u;
const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?/y;
const IDENT_PART = /[\p{L}\p{N}_.]/u;

// ASCII fast paths: this runs for every formula whenever a sheet is evaluated.
function isIdentStart(code: number, ch: string): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (code > 127 && IDENT_START.test(ch));
}

function isIdentPart(code: number, ch: string): boolean {
  return isIdentStart(code, ch) || (code >= 48 && code <= 57) || code === 46 || (code > 127 && IDENT_PART.test(ch));
}

/**
 * One pass over the stored text: string literals are skipped whole, `{{…}}` is decoded, and
 * every identifier is read whole (so `ISTRUE`, `x.TRUE` and `TRUE(` are not the value TRUE);
 * a digit run before a name ends where the lexer's number ends, as in `2TRUE`.
 */
export function parseForEngine(stored: string): EngineFormula {
  const texts: string[] = [];
  const slots: EngineFormula['slots'] = [];
  let last = 0;
  let i = 0;
  const n = stored.length;
  while (i < n) {
    const code = stored.charCodeAt(i);
    if (code === 34) {
      // "…" with "" inside
      i++;
      while (i < n) {
        if (stored.charCodeAt(i) === 34) {
          if (stored.charCodeAt(i + 1) === 34) i += 2;
          else break;
        } else i++;
      }
      i++;
      continue;
    }
    if (code === 123 && stored.charCodeAt(i + 1) === 123) {
      const close = stored.indexOf('}}', i + 2);
      const ref = close > 0 ? decodeStoredRef(stored.slice(i + 2, close)) : null;
      if (ref) {
        texts.push(stored.slice(last, i));
        slots.push(ref);
        i = last = close + 2;
        continue;
      }
      i++;
      continue;
    }
    const ch = stored[i];
    if (isIdentStart(code, ch)) {
      const start = i;
      i++;
      while (i < n && isIdentPart(stored.charCodeAt(i), stored[i])) i++;
      if (i - start === 4 || i - start === 5) {
        const word = stored.slice(start, i).toUpperCase();
        if ((word === 'TRUE' || word === 'FALSE') && stored.charCodeAt(i) !== 40) {
          texts.push(stored.slice(last, start));
          slots.push(word);
          last = i;
        }
      }
      continue;
    }
    if (code >= 48 && code <= 57) {
      // A number: digits, decimals and an exponent, as the lexer reads it.
      NUMBER.lastIndex = i;
      NUMBER.exec(stored);
      i = NUMBER.lastIndex;
      continue;
    }
    i++;
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

/**
 * Formulas whose cells HyperFormula cannot know from their references: OFFSET (a reference
 * computed from a position) and everything that returns an array, which spills into the
 * cells next to it. With one of these anywhere, the engine gives HyperFormula every cell.
 * Text inside string literals may match too; that only costs speed.
 */
const DYNAMIC = /(?<![\p{L}\p{N}_.])(?:OFFSET|ARRAYFORMULA|ARRAY_CONSTRAIN|FILTER|VSTACK|HSTACK|XLOOKUP|MMULT|TRANSPOSE|MAXPOOL|MEDIANPOOL|SEQUENCE|SORT|UNIQUE)\(|\{/iu;

export function isDynamic(f: EngineFormula): boolean {
  return f.texts.some((t) => DYNAMIC.test(t));
}
