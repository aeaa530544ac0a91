import { addReply, replySchema } from '@/lib/comments/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const POST = route<{ id: string; threadId: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, replySchema);
  return json({ reply: await addReply(services, principal, params.id, params.threadId, body) }, 201);
});
