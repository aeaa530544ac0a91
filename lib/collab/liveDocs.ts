import type * as Y from 'yjs';

/**
 * What the rest of the application may ask of the live-document registry. The server's
 * DocumentRegistry implements it; route handlers reach it through lib/services.
 */
export interface LiveDocs {
  /** Loads the document if needed, runs `fn` on it, and resolves once the change is stored. */
  change(docId: string, userId: string | null, fn: (doc: Y.Doc) => void): Promise<void>;
  /** Reads from the live state (loading it if needed). */
  read<T>(docId: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /**
   * Reads from the live state only if the document is in memory already: for what is worth
   * having when it is cheap (a page's first-paint preview), never worth a load.
   */
  peek<T>(docId: string, fn: (doc: Y.Doc) => T): T | undefined;
  /** Re-checks every live connection's role after an access change; closes those without access. */
  refreshAccess(docId: string): Promise<void>;
  /** Re-checks every live connection of one user (disabled account, changed roles). */
  refreshUser(userId: string): Promise<void>;
  /** Closes every live connection (document trashed). */
  closeDocument(docId: string, code: number, reason: string): void;
  loadedCount(): number;
}
