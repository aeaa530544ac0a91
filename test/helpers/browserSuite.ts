import { afterAll, beforeAll } from 'vitest';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { tempDir } from './testApp';
import { createFirstAdmin, startServerProcess, type ServerProcess } from './serverProcess';
import { launchBrowser, signIn } from './browser';

export interface BrowserSuite {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** A browser context closed with the suite; German unless the options say otherwise. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A new page signed in as the suite's first administrator. */
  adminPage(options?: BrowserContextOptions): Promise<Page>;
  /** Creates a document through the API as the page's signed-in user; its id. */
  createDocument(page: Page, data: Record<string, unknown>): Promise<string>;
  /** Creates an account through the admin API as the page's signed-in administrator; its id. */
  createUser(page: Page, user: { name: string; email: string; password: string }): Promise<string>;
}

async function createdId(res: { status(): number; json(): Promise<unknown>; url(): string }): Promise<string> {
  if (res.status() !== 201) throw new Error(`POST ${res.url()} answered ${res.status()}`);
  return ((await res.json()) as { id: string }).id;
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
    async adminPage(options) {
      if (!opts.admin) throw new Error('this browser suite has no administrator');
      const page = await suite.newPage(options);
      await signIn(page, suite.server.url, opts.admin.email, opts.admin.password);
      return page;
    },
    async createDocument(page, data) {
      return createdId(await page.request.post(`${suite.server.url}/api/v1/documents`, { data }));
    },
    async createUser(page, user) {
      return createdId(await page.request.post(`${suite.server.url}/api/v1/admin/users`, { data: user }));
    },
  };
  return suite;
}
