import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type { Database, Organization, Role, User } from '../database/schema.ts';

export async function createOrganization(
  db: Kysely<Database>,
  input: { name: string; slug: string; demo?: boolean },
): Promise<Organization> {
  return db
    .insertInto('organizations')
    .values({ name: input.name, slug: input.slug, demo: input.demo ?? false })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function countOrganizations(db: Kysely<Database>): Promise<number> {
  return db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}

/** Creates a user; e-mails are unique whatever their case. */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string; locale?: string },
): Promise<User> {
  return db
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name,
      password_hash: input.passwordHash,
      ...(input.locale ? { locale: input.locale } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export function findUser(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function addMember(
  db: Kysely<Database>,
  input: { organizationId: string; userId: string; role: Role; department?: string | null },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      organization_id: input.organizationId,
      user_id: input.userId,
      role: input.role,
      department: input.department ?? null,
    })
    .execute();
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  department: string | null;
}

export async function listMembers(db: Kysely<Database>, organizationId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.department'])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('users.email')
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    department: row.department,
  }));
}

/** The organizations a user belongs to, with the role in each (oldest membership first). */
export function membershipsOf(
  db: Kysely<Database>,
  userId: string,
): Promise<{ organizationId: string; name: string; role: Role }[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id as organizationId', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .execute();
}

export async function createTeam(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    name: string;
    region?: string | null;
    managerUserId?: string | null;
    memberUserIds?: string[];
  },
  actorId: string | null,
): Promise<{ id: string }> {
  return inTransaction(db, async (trx) => {
    const team = await trx
      .insertInto('teams')
      .values({
        organization_id: input.organizationId,
        name: input.name,
        region: input.region ?? null,
        manager_user_id: input.managerUserId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.memberUserIds?.length) {
      await trx
        .insertInto('team_members')
        .values(input.memberUserIds.map((userId) => ({ team_id: team.id, user_id: userId })))
        .execute();
    }
    await recordAudit(trx, {
      organizationId: input.organizationId,
      userId: actorId,
      action: 'create',
      entity: 'team',
      entityId: team.id,
      after: { name: input.name, region: input.region ?? null },
    });
    return team;
  });
}

export interface TeamSummary {
  id: string;
  name: string;
  region: string | null;
  managerUserId: string | null;
  memberCount: number;
}

export async function listTeams(
  db: Kysely<Database>,
  organizationId: string,
): Promise<TeamSummary[]> {
  const rows = await db
    .selectFrom('teams')
    .leftJoin('team_members', 'team_members.team_id', 'teams.id')
    .select((eb) => [
      'teams.id',
      'teams.name',
      'teams.region',
      'teams.manager_user_id',
      eb.fn.count<number>('team_members.user_id').as('members'),
    ])
    .where('teams.organization_id', '=', organizationId)
    .groupBy('teams.id')
    .orderBy('teams.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    region: row.region,
    managerUserId: row.manager_user_id,
    memberCount: Number(row.members),
  }));
}
