/**
 * How the grid orders rows when a column is sorted: by what the cells show (formulas by their
 * result, numbers as numbers), as spreadsheets do — numbers first, then text in the collator's
 * alphabetical order ("Ämter" with the A's in German), then truth values; empty cells last in
 * either direction. Returns a comparator in the grid's convention (-1 before, 1 after).
 */
export function compareShown(direction: 1 | -1, collator: Intl.Collator): (a: unknown, b: unknown) => number {
  return (a, b) => {
    const emptyA = isEmpty(a);
    const emptyB = isEmpty(b);
    if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
    const rankA = rank(a);
    const rankB = rank(b);
    let order: number;
    if (rankA !== rankB) order = rankA - rankB;
    else if (rankA === NUMBER) order = (a as number) - (b as number);
    else if (rankA === TEXT) order = collator.compare(a as string, b as string);
    else order = Number(a) - Number(b);
    return Math.sign(order) * direction;
  };
}

/** Letters compare by their base (`ä` with `a`, upper and lower case alike), numbers in text by value. */
export function sortCollator(locale: string): Intl.Collator {
  return new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
}

const NUMBER = 0;
const TEXT = 1;
const BOOLEAN = 2;

function rank(v: unknown): number {
  if (typeof v === 'number') return NUMBER;
  if (typeof v === 'boolean') return BOOLEAN;
  return TEXT;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}
