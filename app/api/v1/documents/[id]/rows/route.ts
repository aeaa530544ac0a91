import { deleteLines, insertLines, rowsSchema } from '@/lib/documents/sheetService';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** `{"sheet"?: name, "at": n, "count"?: 1}`: the new rows get numbers `at` … (`at` 1-based; one past the last appends). */
export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const input = await parseBody(req, rowsSchema);
  return json(await insertLines(services, principal, params.id, 'rows', input));
});

/** `?at=n&count=1[&sheet=name]`: deletes rows `at` … `at + count - 1`. */
export const DELETE = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const q = new URL(req.url).searchParams;
  const input = rowsSchema.parse({ at: q.get('at') ?? undefined, count: q.get('count') ?? undefined, sheet: q.get('sheet') ?? undefined });
  return json(await deleteLines(services, principal, params.id, 'rows', input));
});
