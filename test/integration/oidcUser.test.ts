import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { openStore } from '../../lib/store';
import { createLogger } from '../../lib/log';
import { readGroupsClaim, resolveOidcUser } from '../../lib/auth/oidc';
import type { OidcConfig } from '../../lib/config';
import type { Store } from '../../lib/store/types';
import { tempDir } from '../helpers/testApp';

const cfg: OidcConfig = { issuer: 'https://sso.example/realms/k', clientId: 'w', clientSecret: 's', groupsClaim: 'groups', adminGroup: 'werkraum-admins' };
const logger = createLogger('silent');

describe('resolveOidcUser', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = tempDir('werkraum-oidc-user-');
    store = await openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the account at the first sign-in, in the groups of the claim, and follows the admin group', async () => {
    const dept = await store.createGroup({ name: 'Amt 10', externalName: 'Amt 10' });
    const first = await resolveOidcUser(store, cfg, { sub: 'kc-1', email: 'Erika@Kreis.example', name: 'Erika', groups: ['/Amt 10', '/werkraum-admins'] }, logger);
    const user = (await store.getUserByOidcSubject('kc-1'))!;
    expect(first).toMatchObject({ id: user.id, email: 'erika@kreis.example', name: 'Erika', disabled: false });
    expect(user.isAdmin).toBe(true);
    expect((await store.listUserGroups(user.id)).map((g) => g.id)).toContain(dept.id);

    // Left the admin group and the department; renamed.
    await resolveOidcUser(store, cfg, { sub: 'kc-1', email: 'erika@kreis.example', name: 'Erika M.', groups: [] }, logger);
    const again = (await store.getUserById(user.id))!;
    expect(again).toMatchObject({ isAdmin: false, name: 'Erika M.' });
    expect((await store.listUserGroups(user.id)).map((g) => g.id)).not.toContain(dept.id);
    expect(await store.countUsers()).toBe(1);
  });

  it('links an existing password account only by a verified email', async () => {
    const local = await store.createUser({ email: 'anna@kreis.example', name: 'Anna', passwordHash: 'hash', isAdmin: true });
    await expect(resolveOidcUser(store, cfg, { sub: 'kc-2', email: 'anna@kreis.example', email_verified: false }, logger)).rejects.toThrow(/verify/);
    const linked = await resolveOidcUser(store, { ...cfg, adminGroup: undefined }, { sub: 'kc-2', email: 'anna@kreis.example', email_verified: true, name: 'Anna' }, logger);
    expect(linked.id).toBe(local.id);
    // Without an admin group, single sign-on leaves administrator rights alone.
    expect((await store.getUserById(local.id))?.isAdmin).toBe(true);
  });

  it('reads the groups claim by name or dotted path, without Keycloak leading slashes', () => {
    expect(readGroupsClaim({ groups: ['/Amt 10', 'Amt 10', '/Amt 10/SG 1', 3] }, 'groups')).toEqual(['Amt 10', 'Amt 10/SG 1']);
    expect(readGroupsClaim({ realm_access: { roles: ['editor'] } }, 'realm_access.roles')).toEqual(['editor']);
    expect(readGroupsClaim({ groups: 'single' }, 'groups')).toEqual(['single']);
    expect(readGroupsClaim({}, 'groups')).toEqual([]);
  });
});
