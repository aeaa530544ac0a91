import type { Logger } from '../../lib/log';
import type { Store } from '../../lib/store/types';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { SHEETS_MAP } from '../../lib/sheet/sheetDoc';
import { encodeStoredPreview } from '../../lib/sheet/storedPreview';
import type { LiveDocument } from '../sync/LiveDocument';
import type { SyncHooks } from '../sync/hooks';

/**
 * Keeps the first screen of every sheet that leaves memory, so that opening a large sheet nobody
 * has open shows its cells at once instead of after the seconds it takes to load and send it.
 * Written on every unload, not only after changes: sheets from before previews existed get one,
 * and a failed write is made good the next time.
 */
export class PreviewRecorder implements SyncHooks {
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly opts: { store: Store; logger: Logger }) {}

  documentUnloading(live: LiveDocument): void {
    if (!live.doc.share.has(SHEETS_MAP)) return;
    // Synchronously: the Y.Doc is destroyed right after this hook.
    const model = new SheetModel(live.doc);
    let preview: Uint8Array;
    try {
      preview = encodeStoredPreview(model);
    } finally {
      model.destroy();
    }
    const docId = live.id;
    const write = this.opts.store.setDocumentPreview(docId, preview).catch((err: unknown) => {
      // Derived data: the sheet itself is stored; its page shows a placeholder until the next unload.
      this.opts.logger.warn({ err, docId }, 'storing the preview of a sheet failed');
    });
    this.writes.add(write);
    void write.then(() => this.writes.delete(write));
  }

  /** Waits for every preview being written (before the store closes). */
  async flush(): Promise<void> {
    while (this.writes.size) await Promise.allSettled([...this.writes]);
  }
}
