import { createVersion, createVersionSchema, listVersions } from '@/lib/documents/versions';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(async ({ principal, params, services }) => json(await listVersions(services, principal, params.id)));

/** Takes a version now; `{ "name": "…" }` names it. */
export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, createVersionSchema);
  return json(await createVersion(services, principal, params.id, body.name ?? null), 201);
});
