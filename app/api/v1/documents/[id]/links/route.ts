import { createShareLink, linkJson, listShareLinks, newLinkSchema } from '@/lib/access/shareLinks';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(async ({ principal, params, services }) =>
  json({ links: (await listShareLinks(services, principal, params.id)).map(linkJson) }),
);

export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, newLinkSchema);
  const { id, url, link } = await createShareLink(services, principal, params.id, body);
  return json({ ...linkJson(link), id, url }, 201);
});
