import { z } from 'zod';
import { AppError, notFound } from '@/lib/errors';
import { userJson } from '@/lib/users';
import { deleteUser } from '@/lib/userDeletion';
import { adminRoute, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const patchSchema = z.object({ disabled: z.boolean().optional(), isAdmin: z.boolean().optional(), name: z.string().trim().min(1).max(120).optional() });

export const PATCH = adminRoute<{ id: string }>(async ({ req, principal, params, services }) => {
  const patch = await parseBody(req, patchSchema);
  if (params.id === principal.user.id && (patch.disabled === true || patch.isAdmin === false)) {
    throw new AppError(400, 'self_lockout', 'You cannot disable or demote your own account');
  }
  const user = await services.store.updateUser(params.id, patch);
  if (!user) throw notFound('User');
  await services.store.audit({ actor: principal.user.id, action: 'user.update', detail: { userId: user.id, ...patch } });
  // A disabled account loses its live connections at once.
  if (patch.disabled) await services.liveDocs.refreshUser(user.id);
  return json(userJson(user));
});

/** Deletes the account: pseudonymised, its content kept (lib/userDeletion.ts). */
export const DELETE = adminRoute<{ id: string }>(async ({ principal, params, services }) => {
  await deleteUser(services, principal.user.id, params.id);
  return new Response(null, { status: 204 });
});
