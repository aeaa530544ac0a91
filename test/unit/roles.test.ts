import { describe, expect, it } from 'vitest';
import { can, type DocumentAction } from '../../lib/access/roles';
import type { DocumentRole } from '../../lib/store/types';

const expected: Record<DocumentRole, DocumentAction[]> = {
  owner: ['read', 'comment', 'edit', 'share', 'delete'],
  editor: ['read', 'comment', 'edit'],
  commenter: ['read', 'comment'],
  viewer: ['read'],
};
const actions: DocumentAction[] = ['read', 'comment', 'edit', 'share', 'delete'];

describe('can(role, action)', () => {
  for (const role of Object.keys(expected) as DocumentRole[]) {
    it(`${role} may exactly ${expected[role].join(', ')}`, () => {
      expect(actions.filter((a) => can(role, a))).toEqual(expected[role]);
    });
  }
  it('nobody without a role may do anything', () => {
    expect(actions.some((a) => can(null, a) || can(undefined, a))).toBe(false);
  });
});
