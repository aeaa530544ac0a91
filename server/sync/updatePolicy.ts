import type * as Y from 'yjs';
import { COMMENTS_MAP } from '../../lib/comments/model';
import { updateRoots } from './updateRoots';

/**
 * Roots that only the server writes (through the HTTP API, with its own authorisation).
 * Row ownership in sheets will need the same kind of rule at a finer grain.
 */
export const SERVER_ONLY_ROOTS: ReadonlySet<string> = new Set([COMMENTS_MAP]);

/**
 * Why a client's update must not be applied, or null when it may. An update whose place cannot
 * be determined yet is refused too: once applied, Yjs would integrate it later, when the
 * missing content arrives, past any check.
 */
export function refuseClientUpdate(doc: Y.Doc, update: Uint8Array): string | null {
  const { roots, unresolved } = updateRoots(doc, update);
  for (const root of roots) if (SERVER_ONLY_ROOTS.has(root)) return `writes server-only root "${root}"`;
  return unresolved ? 'refers to content this server does not have yet' : null;
}
