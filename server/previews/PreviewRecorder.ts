import type { Logger } from '../../lib/log';
import type { Store } from '../../lib/store/types';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { SHEETS_MAP } from '../../lib/sheet/sheetDoc';
import { encodeStoredPreview } from '../../lib/sheet/storedPreview';
import type { LiveDocument } from '../sync/LiveDocument';
import type { SyncHooks } from '../sync/hooks';

/**
 * Keeps the first screen of a sheet when it leaves memory, so that opening a large sheet nobody
 * has open shows its cells at once instead of after the seconds it takes to load and send it.
 * Written when the sheet was changed here while loaded, or has no preview yet (sheets from
 * before previews existed, or a failed write); a sheet only read keeps the one it has.
 */
export class PreviewRecorder implements SyncHooks {
  private readonly writes = new Set<Promise<void>>();
  /** Loaded sheets without a stored preview, and those still being checked. */
  private readonly lacking = new Set<string>();

  constructor(private readonly opts: { store: Store; logger: Logger }) {}

  documentLoaded(live: LiveDocument): void {
    if (!live.doc.share.has(SHEETS_MAP)) return;
    const docId = live.id;
    this.lacking.add(docId);
    this.opts.store.getDocumentPreview(docId).then(
      (preview) => {
        if (preview) this.lacking.delete(docId);
      },
      (err: unknown) => this.opts.logger.warn({ err, docId }, 'reading the preview of a sheet failed; it is written again'),
    );
  }

  documentUnloading(live: LiveDocument): void {
    if (!live.doc.share.has(SHEETS_MAP)) return;
    const docId = live.id;
    const lacking = this.lacking.delete(docId);
    if (!lacking && live.enqueuedCount === 0) return;
    // Synchronously: the Y.Doc is destroyed right after this hook.
    const model = new SheetModel(live.doc);
    let preview: Uint8Array;
    try {
      preview = encodeStoredPreview(model);
    } finally {
      model.destroy();
    }
    const write = this.opts.store.setDocumentPreview(docId, preview).catch((err: unknown) => {
      // Derived data: the sheet itself is stored; its page shows a placeholder until the next unload.
      this.opts.logger.warn({ err, docId }, 'storing the preview of a sheet failed');
    });
    this.writes.add(write);
    void write.then(() => this.writes.delete(write));
  }

  documentUnloaded(docId: string): void {
    this.lacking.delete(docId);
  }

  /** Waits for every preview being written (before the store closes). */
  async flush(): Promise<void> {
    while (this.writes.size) await Promise.allSettled([...this.writes]);
  }
}
