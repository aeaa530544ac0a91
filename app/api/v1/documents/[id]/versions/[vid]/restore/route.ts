import { restoreVersion } from '@/lib/documents/versions';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Makes the live body equal to the version's, as one new change. */
export const POST = route<{ id: string; vid: string }>(async ({ principal, params, services }) => {
  await restoreVersion(services, principal, params.id, params.vid);
  return json({ ok: true });
});
