import { type EventLog, EventLogBuilder } from '@pipewise/engine';
import {
  addMember,
  createOrganization,
  createProcessModel,
  createProject,
  createTeam,
  createUser,
  createVersion,
  importDataset,
  type Store,
} from '@pipewise/store';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/passwords.ts';
import type { StartNotes } from '../serve.ts';
import { DEMO_PASSWORD, type DemoWorkspace, generateDemoWorkspace } from './index.ts';

/**
 * Seeds the demo organization into an empty database: its people (one login
 * per role, all with the password `pipewise-demo`), four regional teams, a
 * project in the diagnose phase, a year of opportunity history as a dataset,
 * and the as-is model with a to-be draft derived from it.
 */
export async function seedDemo(
  store: Store,
  logger?: Logger,
): Promise<NonNullable<StartNotes['demo']>> {
  const started = Date.now();
  const workspace = generateDemoWorkspace();
  // The demo accounts share one password by design, so one hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const db = store.db;
  const { organizationId, ownerId, projectId } = await db.transaction().execute(async (trx) => {
    const organization = await createOrganization(trx, { ...workspace.organization, demo: true });
    const userIds = new Map<string, string>();
    for (const person of workspace.users) {
      const user = await createUser(trx, { email: person.email, name: person.name, passwordHash });
      await addMember(trx, {
        organizationId: organization.id,
        userId: user.id,
        role: person.role,
        department: person.department ?? null,
      });
      userIds.set(person.email, user.id);
    }
    const ownerId = userIds.get('owner@demo.pipewise') ?? null;
    for (const team of workspace.teams) {
      await createTeam(
        trx,
        {
          organizationId: organization.id,
          name: team.name,
          region: team.region,
          managerUserId: userIds.get(team.managerEmail) ?? null,
          memberUserIds: workspace.users
            .filter((person) => person.team === team.name)
            .map((person) => userIds.get(person.email) as string),
        },
        ownerId,
      );
    }
    const project = await createProject(
      trx,
      {
        organizationId: organization.id,
        name: '销售流程优化（演示）',
        description: '从线索到售后交接：梳理现状、诊断问题、设计优化后流程并试点。',
        phase: 'diagnose',
        ...(ownerId ? { ownerUserIds: [ownerId] } : {}),
      },
      ownerId,
    );
    return { organizationId: organization.id, ownerId, projectId: project.id };
  });

  const log = buildDemoEventLog(workspace);
  await importDataset(
    db,
    {
      organizationId,
      projectId,
      name: '商机阶段历史（演示，一年）',
      sourceFile: 'demo-opportunity-history.csv',
      format: 'csv',
      mapping: {
        case: '商机编号',
        activity: '阶段',
        timestamp: '时间',
        resource: '负责人',
        timeZone: 'Asia/Shanghai',
      },
      importReport: { rows: log.eventCount, generated: 'pipewise demo', cases: log.caseCount },
      createdBy: ownerId,
    },
    log,
  );
  const { version } = await createProcessModel(
    db,
    {
      organizationId,
      projectId,
      name: '销售到售后流程',
      document: workspace.asIsModel,
      kind: 'as-is',
      label: '现状（as-is）',
    },
    ownerId,
  );
  await createVersion(
    db,
    organizationId,
    {
      parentVersionId: version.id,
      document: workspace.toBeModel,
      label: '优化后草案（to-be）',
      kind: 'to-be',
    },
    ownerId,
  );
  logger?.info(
    {
      events: log.eventCount,
      cases: log.caseCount,
      users: workspace.users.length,
      ms: Date.now() - started,
    },
    'demo organization seeded',
  );
  const roleLogins = workspace.users.filter((person) =>
    /^[a-z]+@demo\.pipewise$/.test(person.email),
  );
  return {
    organization: workspace.organization.name,
    users: roleLogins.map((person) => ({ email: person.email, role: person.role })),
    password: DEMO_PASSWORD,
  };
}

/** The demo's stage history as an event log, with each opportunity's attributes. */
export function buildDemoEventLog(workspace: DemoWorkspace): EventLog {
  const builder = new EventLogBuilder(workspace.events.length);
  for (const event of workspace.events)
    builder.add(event.caseId, event.activity, event.timestampMs, event.resource);
  for (const deal of workspace.caseAttributes) {
    const caseIndex = builder.caseIds.intern(deal.caseId);
    for (const [name, value] of Object.entries(deal.attributes))
      builder.setCaseAttribute(name, caseIndex, value);
  }
  return builder.build();
}
