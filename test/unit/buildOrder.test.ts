import { describe, expect, it } from 'vitest';
import { isOlderBuild } from '../../lib/collab/protocol';

describe('isOlderBuild', () => {
  it('orders build ids by the build time they start with', () => {
    expect(isOlderBuild('1795000000000-aaaaaa', '1796000000000-bbbbbb')).toBe(true);
    expect(isOlderBuild('1796000000000-bbbbbb', '1795000000000-aaaaaa')).toBe(false);
    expect(isOlderBuild('1796000000000-aaaaaa', '1796000000000-bbbbbb')).toBe(false);
  });

  it('never calls an id of another form older, nor older than one', () => {
    expect(isOlderBuild('development', '1796000000000-bbbbbb')).toBe(false);
    expect(isOlderBuild('1795000000000-aaaaaa', 'abc')).toBe(false);
    expect(isOlderBuild('179500000000-short', '1796000000000-bbbbbb')).toBe(false);
  });
});
