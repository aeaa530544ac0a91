import * as Y from 'yjs';
import { AppError } from '../errors';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { Store } from '../store/types';
import { SheetEngine } from '../sheet/SheetEngine';
import { SheetModel } from '../sheet/SheetModel';
import { figuresOf } from '../dashboard/figures';
import { fillWeeks, lastPerWeek, weekStart, type WeekPoint } from '../dashboard/weeks';
import { authorize } from './service';

type S = Pick<Services, 'store' | 'liveDocs'>;

/** A year of weeks is what a progress chart can show legibly. */
export const HISTORY_WEEKS = 52;

interface Measured {
  online: number;
  total: number;
}

function measure(ydoc: Y.Doc): Measured {
  const model = new SheetModel(ydoc);
  try {
    const engine = new SheetEngine(model);
    try {
      const f = figuresOf(model, engine);
      return { online: f?.online ?? 0, total: f?.total ?? 0 };
    } finally {
      engine.destroy();
    }
  } finally {
    model.destroy();
  }
}

function measureState(state: Uint8Array): Measured {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return measure(ydoc);
  } finally {
    ydoc.destroy();
  }
}

// Versions never change, and evaluating a large sheet takes a while: each is measured once
// per store (tests run several stores in one process).
const measuredVersions = new WeakMap<Store, Map<string, Measured>>();
const CACHE_LIMIT = 2000;

async function measureVersion(store: Store, docId: string, versionId: string): Promise<Measured | null> {
  let cache = measuredVersions.get(store);
  if (!cache) measuredVersions.set(store, (cache = new Map()));
  const key = `${docId}/${versionId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const v = await store.getVersion(docId, versionId);
  if (!v) return null;
  const m = measureState(v.state);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, m);
  return m;
}

/**
 * Services at Stufe ≥ 3 per week: the last version of each week, and the live state for the
 * current week. Authorised like reading the document.
 */
export async function dashboardHistory(s: S, p: Principal, docId: string, now = Date.now()): Promise<{ weeks: WeekPoint[] }> {
  const { doc } = await authorize(s, p, docId, 'read');
  if (doc.kind !== 'sheet') throw new AppError(400, 'unsupported_kind', 'Only spreadsheets have a dashboard');
  const current = weekStart(now);
  const earliest = current - HISTORY_WEEKS * 7 * 86_400_000;
  const versions = (await s.store.listVersions(docId)).filter((v) => v.createdAt <= now);
  const weekly = lastPerWeek(versions);
  // The week before the window carries its value into the window's first weeks.
  const firstInWindow = weekly.findIndex((w) => w.start >= earliest);
  const relevant = firstInWindow < 0 ? weekly.slice(-1) : weekly.slice(Math.max(0, firstInWindow - 1));
  const measured: Array<Measured & { start: number }> = [];
  for (const w of relevant) {
    if (w.start === current) continue;
    const m = await measureVersion(s.store, docId, w.item.id);
    if (m) measured.push({ start: w.start, ...m });
  }
  measured.push({ start: current, ...(await s.liveDocs.read(docId, measure)) });
  return { weeks: fillWeeks(measured, now, HISTORY_WEEKS) };
}
