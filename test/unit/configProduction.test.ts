import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config';

describe('parseConfig: storage, fan-out and operations settings', () => {
  it('has defaults for fan-out and leaves metrics off', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ redisPrefix: 'werkraum:', resyncIntervalMs: 10_000 });
    expect(c.redisUrl).toBeUndefined();
    expect(c.metricsToken).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
  });

  it('reads Redis, resync interval and metrics token', () => {
    const c = parseConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'kreis-a:',
      RESYNC_INTERVAL_MS: '5000',
      METRICS_TOKEN: 'a-long-enough-token',
      DATABASE_URL: 'postgresql://werkraum@db/werkraum',
    });
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'kreis-a:',
      resyncIntervalMs: 5000,
      metricsToken: 'a-long-enough-token',
      databaseUrl: 'postgresql://werkraum@db/werkraum',
    });
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      parseConfig({ REDIS_URL: 'http://redis', METRICS_TOKEN: 'short', RESYNC_INTERVAL_MS: '10', REDIS_PREFIX: 'bad prefix', DATABASE_URL: 'mysql://x/y' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    for (const name of ['REDIS_URL', 'METRICS_TOKEN', 'RESYNC_INTERVAL_MS', 'REDIS_PREFIX', 'DATABASE_URL']) expect(issues).toContain(name);
  });
});
