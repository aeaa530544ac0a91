import { getVersion, renameVersion, renameVersionSchema } from '@/lib/documents/versions';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** The version with its body as ProseMirror JSON (text documents; null for sheets). */
export const GET = route<{ id: string; vid: string }>(async ({ principal, params, services }) =>
  json(await getVersion(services, principal, params.id, params.vid)),
);

export const PATCH = route<{ id: string; vid: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, renameVersionSchema);
  return json(await renameVersion(services, principal, params.id, params.vid, body.name));
});
