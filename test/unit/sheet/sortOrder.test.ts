import { describe, expect, it } from 'vitest';
import { compareShown, sortCollator } from '../../../lib/sheet/sortOrder';

const sorted = (values: unknown[], direction: 1 | -1) => [...values].sort(compareShown(direction, sortCollator('de')));

describe('sorting a column by what its cells show', () => {
  it('puts umlauts with their letters, numbers by value before text, empty cells last', () => {
    const column = ['Zander', 'Ämter', null, 100, 'müller', 20.5, '', 'Müller', 3, true, 'Amt 10', 'Amt 9', false];
    expect(sorted(column, 1)).toEqual([3, 20.5, 100, 'Amt 9', 'Amt 10', 'Ämter', 'müller', 'Müller', 'Zander', false, true, null, '']);
    // Equal under the collator (case only): kept in their order, both ways.
    expect(sorted(column, -1)).toEqual([true, false, 'Zander', 'müller', 'Müller', 'Ämter', 'Amt 10', 'Amt 9', 100, 20.5, 3, null, '']);
  });
});
