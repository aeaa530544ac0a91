import path from 'node:path';
import { ConfigError, parseConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { ensureBuild } from './build';
import { startApp } from './startApp';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (!dev) ensureBuild(path.resolve(import.meta.dirname, '..'));

  const app = await startApp({ config, dev, logger });
  logger.info({ url: app.url, store: app.services.store.kind, dataDir: config.dataDir }, 'Werkraum is running');
  console.log(`\nWerkraum läuft auf ${app.url}\n`);
  if (app.services.setup.token) {
    console.log(`Noch kein Konto vorhanden. Ersten Administrator anlegen (einmalig):\n  ${app.url}/setup?token=${app.services.setup.token}\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: storing pending updates');
    app.close().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
