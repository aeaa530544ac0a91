/**
 * Office formats have no task lists: a task item is written as a list item starting with a ballot
 * box, which every reader shows, and the importers turn such items back into tasks.
 */
export const TASK_BOX = { open: '☐', checked: '☑' } as const;

/** Splits a leading ☐/☑/☒ (and the space after it) off a list item's text. */
export function taskBoxPrefix(text: string): { checked: boolean; length: number } | null {
  const m = /^\s*([☐☑☒])\s?/.exec(text);
  return m ? { checked: m[1] !== '☐', length: m[0].length } : null;
}
