import type { VersionRecord } from '../store/types';
import type { Attribution } from './attribution';

/**
 * What route handlers may ask of the server's version recorder: take a version of the live
 * document now. The server implements it (server/versions/VersionRecorder.ts) because only it
 * knows who wrote what.
 */
export interface VersionTaker {
  take(docId: string, opts: { name: string | null; userId: string }): Promise<VersionRecord>;
  /** Who wrote which Yjs client's content in the live document, for "who wrote what" in the editor. */
  authorship(docId: string): Promise<Attribution['marks']>;
}
