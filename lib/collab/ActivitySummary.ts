import type * as Y from 'yjs';
import { outdatedTimeout, type Awareness } from 'y-protocols/awareness';

/** The parts of a WebsocketProvider the summary reads. */
export interface ActivitySource {
  awareness: Awareness;
  synced: boolean;
}

export type Activity =
  | { kind: 'joined' | 'left'; name: string }
  | { kind: 'present' | 'edited'; names: string[] }
  | { kind: 'editedAnonymous' };

/**
 * Who joined, left and changed the document since the last look: what the screen-reader live
 * region reads out every few seconds, never one announcement per keystroke.
 */
export class ActivitySummary {
  private readonly names = new Map<number, string>();
  private readonly events: Activity[] = [];
  /** Who was already there when this user opened the document: not news of anyone joining. */
  private readonly present = new Set<string>();
  /**
   * Who vanished with this user's own connection (the provider drops all presence when it
   * closes), and when: not news of anyone leaving. Their presence is not taken back from the
   * server after the reconnect (same clock), only at their next renewal, so they have left only
   * if still missing once a whole renewal period has passed.
   */
  private readonly away = new Map<number, { name: string; since: number }>();
  private readonly editors = new Set<string>();
  private anonymous = false;
  private readonly onChange: (change: { added: number[]; removed: number[]; updated: number[] }) => void;
  private readonly onTransaction: (tr: Y.Transaction) => void;

  constructor(
    private readonly source: ActivitySource,
    private readonly doc: Y.Doc,
  ) {
    const awareness = source.awareness;
    for (const [client] of awareness.getStates()) {
      const n = this.nameOf(client);
      if (n) this.names.set(client, n);
    }
    this.onChange = ({ added, removed, updated }) => {
      for (const c of [...added, ...updated]) {
        const n = this.nameOf(c);
        // Presence arrives before the document does: whoever comes with it was already there.
        if (n && this.away.get(c)?.name === n) this.away.delete(c);
        else if (n && !this.names.has(c) && c !== awareness.clientID) {
          if (source.synced) this.events.push({ kind: 'joined', name: n });
          // The user's own other tabs and windows are not news to them.
          else if (n !== this.nameOf(awareness.clientID)) this.present.add(n);
        }
        if (n) this.names.set(c, n);
      }
      for (const c of removed) {
        const n = this.names.get(c);
        if (n && c !== awareness.clientID) {
          if (source.synced) this.events.push({ kind: 'left', name: n });
          else this.away.set(c, { name: n, since: Date.now() });
        }
        this.names.delete(c);
      }
    };
    this.onTransaction = (tr) => {
      // Until synced, what arrives is the document as it was before this user came (or came
      // back): edits made in the meantime, not edits happening now.
      if (tr.origin !== source || !source.synced) return;
      // Read from the state vectors, not by decoding the update: for the first sync of a large
      // sheet that decode took most of a second.
      tr.afterState.forEach((clock, client) => {
        if (clock <= (tr.beforeState.get(client) ?? 0)) return;
        const n = this.names.get(client);
        if (n) this.editors.add(n);
        else this.anonymous = true;
      });
    };
    awareness.on('change', this.onChange);
    doc.on('afterTransaction', this.onTransaction);
  }

  private nameOf(client: number): string | undefined {
    return (this.source.awareness.getStates().get(client)?.user as { name?: string } | undefined)?.name;
  }

  /**
   * What happened since the last call: who was there on opening, joins and leaves in order,
   * then who changed the document.
   */
  take(): Activity[] {
    const out: Activity[] = this.present.size ? [{ kind: 'present', names: [...this.present] }] : [];
    this.present.clear();
    out.push(...this.events.splice(0));
    if (this.source.synced) {
      const due = Date.now() - outdatedTimeout;
      for (const [client, { name, since }] of this.away) {
        if (since > due) continue;
        out.push({ kind: 'left', name });
        this.away.delete(client);
      }
    }
    if (this.editors.size > 0) out.push({ kind: 'edited', names: [...this.editors] });
    else if (this.anonymous) out.push({ kind: 'editedAnonymous' });
    this.editors.clear();
    this.anonymous = false;
    return out;
  }

  destroy(): void {
    this.source.awareness.off('change', this.onChange);
    this.doc.off('afterTransaction', this.onTransaction);
  }
}
