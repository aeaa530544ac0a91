import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tempDir } from '../helpers/testApp';
import { createFirstAdmin, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { launchBrowser } from '../helpers/browser';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider';
import { passwordSignIn } from '../helpers/authHttp';

const ANNA = { name: 'Anna Admin', email: 'anna@kreis.example', password: 'geheim-genug-123' };

describe('single sign-on through an OpenID provider, in Chromium', () => {
  let provider: TestOidcProvider;
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];
  /** Anything our Content-Security-Policy blocked on our own pages. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'kc-erika', email: 'erika@kreis.example', name: 'Erika Mustermann', groups: ['/Amt 10 Digitalisierung'] },
      { sub: 'kc-kim', email: 'kim@kreis.example', name: 'Kim IT', groups: ['/werkraum-admins'] },
      // Claims Anna's address without the provider having verified it.
      { sub: 'kc-mallory', email: ANNA.email, name: 'Mallory', groups: ['/werkraum-admins'], emailVerified: false },
    ]);
    dataDir = tempDir('werkraum-oidc-');
    server = await startServerProcess(dataDir, {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_ADMIN_GROUP: 'werkraum-admins',
    });
    provider.mount(server.url);
    await createFirstAdmin(server, ANNA);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    await provider?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'de-DE' });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text()) && page.url().startsWith(server.url)) cspViolations.push(msg.text());
    });
    return page;
  }

  async function expectAccessible(page: Page, what: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${what}: ${v.id}`)).toEqual([]);
  }

  /** Our SSO button, then the provider's own login form and consent page. */
  async function ssoSignIn(page: Page, login: string): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Mit Single Sign-On anmelden' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('beliebig');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it('signs in with the provider, maps the groups claim to a group with access, and logs out at the provider', async () => {
    // A local administrator prepares a document for the department's group.
    const anna = await newPage();
    await anna.goto(`${server.url}/login`);
    await anna.getByLabel('E-Mail-Adresse').fill(ANNA.email);
    await anna.getByLabel('Passwort').fill(ANNA.password);
    await anna.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await anna.waitForURL(`${server.url}/`);
    const doc = await (await anna.request.post(`${server.url}/api/v1/documents`, { data: { title: 'Digitalstrategie Amt 10' } })).json();
    const groupRes = await anna.request.post(`${server.url}/api/v1/admin/groups`, { data: { name: 'Amt 10', externalName: 'Amt 10 Digitalisierung' } });
    expect(groupRes.status()).toBe(201);
    const group = await groupRes.json();
    const acl = await anna.request.put(`${server.url}/api/v1/documents/${doc.id}/acl`, { data: { entries: [{ principal: 'group', id: group.id, role: 'editor' }] } });
    expect(acl.status()).toBe(200);

    // Erika has no account yet: her first sign-in creates it, in the group her claim names.
    const erika = await newPage();
    await ssoSignIn(erika, 'kc-erika');
    await erika.getByText('Angemeldet als Erika Mustermann').waitFor();
    await erika.getByRole('link', { name: 'Digitalstrategie Amt 10' }).first().waitFor();
    await erika.goto(`${server.url}/d/${doc.id}`);
    // The group's role is editor: the text is writable and her edit is stored.
    const editor = erika.getByRole('textbox', { name: 'Dokumentinhalt' });
    await editor.waitFor();
    await erika.locator('[data-state="saved"]').waitFor();
    expect(await editor.getAttribute('aria-readonly')).toBe('false');
    await editor.click();
    await erika.keyboard.type('Von Erika', { delay: 15 });
    await erika.locator('[data-state="saved"]').waitFor();
    expect((await erika.request.get(`${server.url}/api/v1/admin/audit`)).status()).toBe(403);

    // Kim's admin group makes Kim an administrator.
    const kim = await newPage();
    await ssoSignIn(kim, 'kc-kim');
    const audit = await kim.request.get(`${server.url}/api/v1/admin/audit?action=auth.signin`);
    expect(audit.status()).toBe(200);
    const entries = JSON.stringify(await audit.json());
    expect(entries).toContain('oidc');

    const groups = await (await anna.request.get(`${server.url}/api/v1/admin/groups`)).json();
    const amt10 = groups.groups.find((g: { id: string }) => g.id === group.id);
    expect(amt10.members.map((m: { email: string }) => m.email)).toEqual(['erika@kreis.example']);

    // Signing out ends the session here and at the provider, then comes back to our sign-in page.
    await erika.getByRole('button', { name: 'Abmelden' }).click();
    await erika.waitForURL(`${provider.issuer}/**`);
    expect(new URL(erika.url()).searchParams.get('id_token_hint') ?? '').not.toBe('');
    await erika.getByRole('button', { name: /sign me out/i }).click();
    await erika.waitForURL(`${server.url}/login`);
    expect(await (await erika.request.get(`${server.url}/api/auth/session`)).json()).toEqual({});
    // The provider forgot her too: signing in asks for the login again.
    await erika.getByRole('button', { name: 'Mit Single Sign-On anmelden' }).click();
    await erika.waitForURL(`${provider.issuer}/interaction/**`);
    await erika.locator('input[name="login"]').waitFor();
    expect(cspViolations).toEqual([]);
  });

  it('refuses to link an existing account by an unverified address, says so and audits it', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Mit Single Sign-On anmelden' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill('kc-mallory');
    await page.locator('input[name="password"]').fill('beliebig');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${server.url}/login?error=*`);
    await page.getByRole('alert').filter({ hasText: 'Single Sign-On ist fehlgeschlagen' }).waitFor();
    await expectAccessible(page, 'sign-in page with single sign-on, password form and an error');
    expect(await (await page.request.get(`${server.url}/api/auth/session`)).json()).toEqual({});
    const admin = await newPage();
    await ssoSignIn(admin, 'kc-kim');
    const audit = await (await admin.request.get(`${server.url}/api/v1/admin/audit?action=auth.failed`)).json();
    expect(JSON.stringify(audit)).toContain('did not verify');
  });

  it('with local accounts switched off, offers only single sign-on', async () => {
    const dir = tempDir('werkraum-oidc-only-');
    const ssoOnly = await startServerProcess(dir, {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      LOCAL_LOGIN: 'false',
    });
    try {
      await createFirstAdmin(ssoOnly, ANNA);
      const page = await newPage();
      await page.goto(`${ssoOnly.url}/login`);
      await page.getByRole('button', { name: 'Mit Single Sign-On anmelden' }).waitFor();
      expect(await page.getByLabel('Passwort').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Anmelden', exact: true }).count()).toBe(0);
      await expectAccessible(page, 'sign-in page with single sign-on only');
      // The password endpoint is gone too, even with the right password.
      const attempt = await passwordSignIn(ssoOnly.url, ANNA.email, ANNA.password);
      expect(attempt.status).toBe(404);
      expect(attempt.setCookies.some((c) => c.includes('session-token'))).toBe(false);
    } finally {
      await ssoOnly.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
