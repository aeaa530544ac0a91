import { resolveSchema, setResolved } from '@/lib/comments/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Resolves or reopens a thread: `{ resolved: boolean }`. */
export const PATCH = route<{ id: string; threadId: string }>(async ({ req, principal, params, services }) => {
  const { resolved } = await parseBody(req, resolveSchema);
  return json({ thread: await setResolved(services, principal, params.id, params.threadId, resolved) });
});
