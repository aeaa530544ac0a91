import { afterAll, beforeAll } from 'vitest';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { tempDir } from './testApp';
import { createFirstAdmin, startServerProcess, type ServerProcess } from './serverProcess';
import { launchBrowser } from './browser';

export interface BrowserSuite {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** A browser context closed with the suite; German unless the options say otherwise. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * The start-up every browser test shares, registered as the describe block's hooks: the real
 * production server on its own data directory, optionally with a first administrator, and
 * Debian's Chromium; all of it is closed and removed after the block.
 */
export function browserSuite(opts: {
  prefix: string;
  admin?: { name: string; email: string; password: string };
  env?: Record<string, string>;
  context?: BrowserContextOptions;
}): BrowserSuite {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = tempDir(opts.prefix);
    server = await startServerProcess(dataDir, opts.env);
    browser = await launchBrowser();
    if (opts.admin) await createFirstAdmin(server, opts.admin);
    // Starting the server may have to build the app first.
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const suite: BrowserSuite = {
    get server() {
      if (!server) throw new Error('the browser suite has not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser suite has not started');
      return browser;
    },
    async newContext(options) {
      const ctx = await suite.browser.newContext({ locale: 'de-DE', ...opts.context, ...options });
      contexts.push(ctx);
      return ctx;
    },
    async newPage(options) {
      return (await suite.newContext(options)).newPage();
    },
  };
  return suite;
}
