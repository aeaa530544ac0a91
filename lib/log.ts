import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; callers add context with `logger.child({ docId, userId })`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'werkraum' } });
}
