import { createThread, createThreadSchema, listThreads } from '@/lib/comments/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(async ({ principal, params, services }) => json({ threads: await listThreads(services, principal, params.id) }));

/** Opens a thread on a range of the text: `{ anchor: { start, end, quote }, body, mentions }`. */
export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, createThreadSchema);
  return json({ thread: await createThread(services, principal, params.id, body) }, 201);
});
