import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, parseConfig } from '../../lib/config';

describe('parseConfig', () => {
  it('works with zero configuration', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: path.resolve('./data'), maxMessageBytes: 16 * 1024 * 1024, auditRetentionDays: 90 });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBeUndefined();
  });

  it('reads typed values and trims the public URL', () => {
    const c = parseConfig({ PORT: '8080', PUBLIC_URL: 'https://werkraum.kreis.example/', MAX_MESSAGE_BYTES: '2048', LOG_LEVEL: 'debug' });
    expect(c).toMatchObject({ port: 8080, publicUrl: 'https://werkraum.kreis.example', maxMessageBytes: 2048, logLevel: 'debug' });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'abc', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('PUBLIC_URL');
    expect((error as ConfigError).issues).toHaveLength(3);
  });

  it('accepts only PostgreSQL database URLs', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
    expect(parseConfig({ DATABASE_URL: 'postgres://127.0.0.1/test' }).databaseUrl).toBe('postgres://127.0.0.1/test');
  });
});
