// Appends document updates on a thread of its own. With `synchronous = FULL` every commit waits
// for the disk; on the main thread that wait held up relaying everyone's keystrokes. Plain
// JavaScript so it loads the same under the production runtime, the tests and the CLI.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const appendUpdate = db.prepare('INSERT INTO doc_updates (document_id, "update", user_id, created_at) VALUES (?, ?, ?, ?)');
const touchDocument = db.prepare('UPDATE documents SET updated_at = ?, last_editor_id = COALESCE(?, last_editor_id) WHERE id = ?');

const append = db.transaction((batch, now) => {
  const touched = new Map();
  for (const u of batch) {
    appendUpdate.run(u.documentId, u.update, u.userId, now);
    touched.set(u.documentId, u.userId ?? touched.get(u.documentId) ?? null);
  }
  for (const [docId, userId] of touched) touchDocument.run(now, userId, docId);
});

parentPort.on('message', ({ id, batch }) => {
  try {
    append(batch, Date.now());
    parentPort.postMessage({ id });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err), code: err?.code });
  }
});
