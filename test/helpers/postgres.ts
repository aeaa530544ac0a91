import { randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { waitFor } from './waitFor';

/** The server's maintenance database; tests create their own databases next to it. */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Creates an empty database `werkraum_test_<random>`; `drop()` removes it, closing leftover sessions. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `werkraum_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

function pgIsReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-q'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Waits until PostgreSQL accepts connections again. */
export function waitForPostgres(): Promise<unknown> {
  return waitFor(() => pgIsReady(), { what: 'PostgreSQL to accept connections', timeoutMs: 60_000, intervalMs: 100 });
}

/**
 * Restarts the machine's PostgreSQL cluster (fast shutdown: every session is terminated)
 * and waits until it accepts connections again.
 */
export async function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql')[0];
  await new Promise<void>((resolve, reject) => {
    execFile('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { timeout: 60_000 }, (err) => (err ? reject(err) : resolve()));
  });
  await waitForPostgres();
}
