import type { Kysely } from 'kysely';
import { inTransaction } from '../database/in-transaction.ts';
import type {
  Database,
  InterviewLink,
  Problem,
  ProblemSource,
  ProblemStatus,
  ProblemType,
  RootCause,
} from '../database/schema.ts';
import { deleteAuditedRow, withAudit } from '../survey/with-audit.ts';

/** What a problem says, as entered or taken from a finding or a low score. */
export interface ProblemInput {
  source: ProblemSource;
  findingKey: string | null;
  title: string;
  description: string;
  steps: string[];
  type: ProblemType;
  rootCause: RootCause | null;
  severity: number;
  ownerId: string | null;
  status: ProblemStatus;
  evidence: Record<string, unknown>;
  interviewLinks: InterviewLink[];
  casesAffected: number | null;
  waitingMs: number | null;
}

/** The fields an edit may change; the source and finding stay what they were. */
export type ProblemChanges = Partial<Omit<ProblemInput, 'source' | 'findingKey'>>;

const COLUMNS: Record<keyof ProblemChanges, string> = {
  title: 'title',
  description: 'description',
  steps: 'steps',
  type: 'type',
  rootCause: 'root_cause',
  severity: 'severity',
  ownerId: 'owner_id',
  status: 'status',
  evidence: 'evidence',
  interviewLinks: 'interview_links',
  casesAffected: 'cases_affected',
  waitingMs: 'waiting_ms',
};
const JSON_FIELDS = new Set(['steps', 'evidence', 'interviewLinks']);

function columnsOf(changes: ProblemChanges): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    const column = COLUMNS[field as keyof ProblemChanges];
    // The source and finding key are set once, on creation.
    if (value === undefined || column === undefined) continue;
    row[column] = JSON_FIELDS.has(field) ? JSON.stringify(value) : value;
  }
  return row;
}

/** A project's problems, most severe first, then newest first. */
export function listProblems(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<Problem[]> {
  return db
    .selectFrom('problems')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('project_id', '=', projectId)
    .orderBy('severity', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export function findProblem(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Problem | undefined> {
  return db
    .selectFrom('problems')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Adds problems to a project's register, all or none, each with its audit
 * entry. A finding already in the register (same finding key) is not added
 * again: the answer lists those as `duplicates` and adds nothing.
 */
export async function createProblems(
  db: Kysely<Database>,
  scope: { organizationId: string; projectId: string },
  inputs: ProblemInput[],
  actorId: string | null,
): Promise<{ ok: true; problems: Problem[] } | { ok: false; duplicates: string[] }> {
  const keys = inputs.flatMap((input) => (input.findingKey ? [input.findingKey] : []));
  const existing =
    keys.length === 0
      ? []
      : await db
          .selectFrom('problems')
          .select('finding_key')
          .where('project_id', '=', scope.projectId)
          .where('finding_key', 'in', keys)
          .execute();
  const twice = keys.filter((key, k) => keys.indexOf(key) !== k);
  const duplicates = [...new Set([...existing.map((row) => row.finding_key!), ...twice])];
  if (duplicates.length > 0) return { ok: false, duplicates };
  const problems: Problem[] = [];
  await inTransaction(db, async (trx) => {
    for (const input of inputs) {
      const created = await withAudit(
        trx,
        {
          organizationId: scope.organizationId,
          actorId,
          action: 'create',
          entity: 'problem',
        },
        async (inner) => {
          const row = await inner
            .insertInto('problems')
            .values({
              organization_id: scope.organizationId,
              project_id: scope.projectId,
              source: input.source,
              finding_key: input.findingKey,
              created_by: actorId,
              ...(columnsOf(input) as object),
            } as never)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { result: row, entityId: row.id, after: input };
        },
      );
      problems.push(created!);
    }
  });
  return { ok: true, problems };
}

/** Changes a problem; undefined when the organization has no such problem. */
export function updateProblem(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  changes: ProblemChanges,
  actorId: string | null,
): Promise<Problem | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'problem' },
    async (trx) => {
      const before = await trx
        .selectFrom('problems')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) return undefined;
      const after = await trx
        .updateTable('problems')
        .set({ ...(columnsOf(changes) as object), updated_at: new Date() } as never)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: after, entityId: id, before, after: changes };
    },
  );
}

export function deleteProblem(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  actorId: string | null,
): Promise<boolean> {
  return deleteAuditedRow(db, 'problems', 'problem', { organizationId, id, actorId });
}
