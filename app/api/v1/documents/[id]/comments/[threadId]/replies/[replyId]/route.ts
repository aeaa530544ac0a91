import { deleteReply, editReply, replySchema } from '@/lib/comments/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

type Params = { id: string; threadId: string; replyId: string };

/** Changes the text of one's own reply. */
export const PATCH = route<Params>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, replySchema);
  return json({ reply: await editReply(services, principal, params.id, params.threadId, params.replyId, body) });
});

export const DELETE = route<Params>(async ({ principal, params, services }) => {
  await deleteReply(services, principal, params.id, params.threadId, params.replyId);
  return json({ ok: true });
});
