import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyIdSteps, diffIds } from '../../../lib/sheet/geometry';

describe('diffIds', () => {
  it('turns any list into any other by replaying its steps', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }), fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }), (a, b) => {
        const [before, after] = [a.map(String), b.map(String)];
        expect(applyIdSteps(before, diffIds(before, after)!, (id) => id)).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });

  it('moves the rows that moved, not the ones they jumped over', () => {
    const before = Array.from({ length: 100 }, (_, i) => `r${i}`);
    const after = [...before.slice(0, 10), ...before.slice(12, 90), 'r10', 'r11', ...before.slice(90)];
    expect(diffIds(before, after)).toEqual([{ type: 'move', from: 10, count: 2, to: 90 }]);
    const reversed = [...before].reverse();
    expect(diffIds(before, reversed, 8)).toBeNull();
  });
});
