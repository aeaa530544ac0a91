import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH } from './auth/password';
import { AppError } from './errors';
import { DuplicateError, type Store, type User } from './store/types';

export const newUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  isAdmin: z.boolean().default(false),
});

export type NewUserInput = z.input<typeof newUserSchema>;

/** Creates a local account; the one place that hashes a new password. */
export async function createLocalUser(store: Store, input: NewUserInput, actorId: string | null): Promise<User> {
  const data = newUserSchema.parse(input);
  try {
    const user = await store.createUser({
      email: data.email.toLowerCase(),
      name: data.name,
      passwordHash: await hashPassword(data.password),
      isAdmin: data.isAdmin,
    });
    await store.audit({ actor: actorId, action: 'user.create', detail: { userId: user.id, email: user.email, isAdmin: user.isAdmin } });
    return user;
  } catch (err) {
    if (err instanceof DuplicateError) throw new AppError(409, 'duplicate_email', 'A user with this email already exists');
    throw err;
  }
}

export function userJson(u: User) {
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, disabled: u.disabled };
}
