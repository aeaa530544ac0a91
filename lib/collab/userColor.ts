// Colours with at least 4.5:1 contrast against white text labels, distinct enough side by side.
const PALETTE = ['#1f6feb', '#b3261e', '#1a7f37', '#8250df', '#bc4c00', '#0f766e', '#9a3412', '#6d28d9', '#be185d', '#0e7490', '#4d7c0f', '#7c2d12'];

/** A stable colour per user id, the same on every client and every visit. */
export function userColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length];
}
