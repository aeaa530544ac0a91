import { z } from 'zod';
import { AppError, notFound } from './errors';
import type { Services } from './services';
import type { Group, GroupMember } from './store/types';

type S = Pick<Services, 'store' | 'liveDocs'>;

const memberSchema = z.object({ userId: z.string().min(1), isHead: z.boolean().default(false) });
export const groupInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  externalName: z.string().trim().min(1).max(200).nullable().optional(),
  members: z.array(memberSchema).max(5000).optional(),
});
export const groupPatchSchema = groupInputSchema.partial();

export interface GroupView extends Group {
  members: Array<GroupMember & { name: string; email: string }>;
}

export async function groupView(s: S, g: Group): Promise<GroupView> {
  const members: GroupView['members'] = [];
  for (const m of await s.store.listGroupMembers(g.id)) {
    const u = await s.store.getUserById(m.userId);
    if (u) members.push({ ...m, name: u.name, email: u.email });
  }
  return { ...g, members };
}

export function groupJson(g: GroupView) {
  return { id: g.id, name: g.name, externalName: g.externalName, createdAt: new Date(g.createdAt).toISOString(), members: g.members };
}

async function checkMembers(s: S, members: GroupMember[]): Promise<GroupMember[]> {
  const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
  for (const m of unique) {
    const u = await s.store.getUserById(m.userId);
    if (!u || u.deletedAt !== null) throw new AppError(400, 'unknown_user', `Unknown user: ${m.userId}`);
  }
  return unique;
}

/** Members gain or lose documents shared with the group: their live connections are re-checked. */
async function refreshMembers(s: S, userIds: Iterable<string>): Promise<void> {
  for (const id of new Set(userIds)) await s.liveDocs.refreshUser(id);
}

export async function createGroup(s: S, actorId: string, input: z.input<typeof groupInputSchema>): Promise<GroupView> {
  const data = groupInputSchema.parse(input);
  const members = await checkMembers(s, data.members ?? []);
  const g = await createUnique(s, data.name, data.externalName ?? null);
  if (members.length) await s.store.setGroupMembers(g.id, members);
  await s.store.audit({ actor: actorId, action: 'group.create', detail: { groupId: g.id, name: g.name, members: members.length } });
  await refreshMembers(s, members.map((m) => m.userId));
  return groupView(s, g);
}

async function createUnique(s: S, name: string, externalName: string | null): Promise<Group> {
  try {
    return await s.store.createGroup({ name, externalName });
  } catch (err) {
    if (/unique|UNIQUE/.test(String(err))) throw new AppError(409, 'duplicate_group', 'A group with this external name already exists');
    throw err;
  }
}

export async function updateGroup(s: S, actorId: string, id: string, input: z.input<typeof groupPatchSchema>): Promise<GroupView> {
  const data = groupPatchSchema.parse(input);
  const before = await s.store.getGroup(id);
  if (!before) throw notFound('Group');
  const g = (await s.store.updateGroup(id, { name: data.name, externalName: data.externalName }))!;
  let changed: string[] = [];
  if (data.members) {
    const old = await s.store.listGroupMembers(id);
    const members = await checkMembers(s, data.members);
    await s.store.setGroupMembers(id, members);
    changed = [...old.map((m) => m.userId), ...members.map((m) => m.userId)];
  }
  await s.store.audit({
    actor: actorId,
    action: 'group.update',
    detail: { groupId: id, name: g.name, ...(data.members ? { members: data.members.length } : {}) },
  });
  await refreshMembers(s, changed);
  return groupView(s, g);
}

export async function deleteGroup(s: S, actorId: string, id: string): Promise<void> {
  const members = await s.store.listGroupMembers(id);
  if (!(await s.store.deleteGroup(id))) throw notFound('Group');
  await s.store.audit({ actor: actorId, action: 'group.delete', detail: { groupId: id } });
  await refreshMembers(s, members.map((m) => m.userId));
}
