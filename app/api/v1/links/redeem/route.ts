import { z } from 'zod';
import { redeemShareLink } from '@/lib/access/shareLinks';
import { documentJson } from '@/lib/documents/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** For integrations: what opening `/l/<token>` does in the browser. */
export const POST = route(async ({ req, principal, services }) => {
  const { token } = await parseBody(req, z.object({ token: z.string().min(1).max(200) }));
  return json(documentJson(await redeemShareLink(services, principal, token)));
});
