import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { waitFor } from './waitFor';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A channel prefix of its own per test, so tests never hear each other. */
export function testRedisPrefix(): string {
  return `werkraum-test-${randomBytes(4).toString('hex')}:`;
}

function redisAnswers(): boolean {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', 'ping'], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG';
  } catch {
    return false;
  }
}

/** Stops Redis without saving; nothing is kept on disk on this machine. */
export function stopRedis(): void {
  try {
    execFileSync('redis-cli', ['-h', '127.0.0.1', 'shutdown', 'nosave'], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // redis-cli reports the dropped connection as an error: that is the shutdown.
  }
}

/** Starts Redis with the machine's own command (docs/deployment.md, .ci/run) and waits until it answers. */
export async function startRedis(): Promise<void> {
  if (!redisAnswers()) {
    execFileSync('redis-server', [
      '--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no',
      '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log',
    ], { stdio: 'ignore' });
  }
  await waitFor(() => redisAnswers(), { what: 'Redis to answer', timeoutMs: 20_000, intervalMs: 100 });
}
