import { feedbackSchema } from '@/lib/legal';
import { getServices } from '@/lib/services';
import { errorResponse, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Public on purpose: the accessibility feedback mechanism must work without an account. */
export async function POST(req: Request): Promise<Response> {
  try {
    const s = getServices();
    const input = await parseBody(req, feedbackSchema);
    const entry = await s.store.addFeedback(input);
    await s.store.audit({ actor: null, action: 'feedback.create', detail: { id: entry.id } });
    return json({ id: entry.id }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
