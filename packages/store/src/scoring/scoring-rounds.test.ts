import {
  makeStep,
  createProcessModel as newModel,
  type ProcessModel,
} from '@pipewise/engine/process-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../database/open-store.ts';
import { createProcessModel, saveVersion } from '../process-models/process-models.ts';
import { createProject } from '../projects/projects.ts';
import { addMember, createOrganization, createUser } from '../tenancy/tenancy.ts';
import { openTestStore, storeTargets } from '../testing/test-stores.ts';
import {
  createScoringRound,
  findScoringRound,
  inviteRaters,
  listScoringRounds,
  loadRoundScores,
  saveRaterSheet,
  setScoringRoundStatus,
} from './scoring-rounds.ts';

/** Start, 报价, 合同评审, end: two steps to score. */
function salesModel(): ProcessModel {
  return {
    ...newModel('m', { zh: '销售流程' }),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('quote', { zh: '报价' }),
      makeStep('review', { zh: '合同评审' }, 'approval'),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
  };
}

describe.each(storeTargets())('scoring rounds on %s', (target) => {
  let store: Store;
  let organizationId: string;
  let otherOrganizationId: string;
  let projectId: string;
  let versionId: string;
  let revision: number;
  const users: Record<string, string> = {};
  beforeAll(async () => {
    store = await openTestStore(target);
    const db = store.db;
    organizationId = (await createOrganization(db, { name: 'S', slug: 'scoring' })).id;
    otherOrganizationId = (await createOrganization(db, { name: 'T', slug: 'other' })).id;
    for (const [key, role] of [
      ['owner', 'process_owner'],
      ['manager', 'manager'],
      ['rep', 'sales_rep'],
      ['legal', 'supporting'],
    ] as const) {
      const user = await createUser(db, {
        email: `${key}@s.test`,
        name: key,
        passwordHash: 'x',
      });
      users[key] = user.id;
      await addMember(db, { organizationId, userId: user.id, role });
    }
    const stranger = await createUser(db, { email: 'x@t.test', name: 'x', passwordHash: 'x' });
    users.stranger = stranger.id;
    await addMember(db, {
      organizationId: otherOrganizationId,
      userId: stranger.id,
      role: 'admin',
    });
    projectId = (await createProject(db, { organizationId, name: 'P' }, users.owner!)).id;
    const made = await createProcessModel(
      db,
      { organizationId, projectId, name: '销售流程', document: salesModel() },
      users.owner!,
    );
    versionId = made.version.id;
    revision = made.version.revision;
  });
  afterAll(() => store.close());

  it('opens a round on a version with members as raters, lists it, and records it in the audit log', async () => {
    const created = await createScoringRound(
      store.db,
      {
        organizationId,
        versionId,
        title: '现状评分',
        raterIds: [users.manager!, users.rep!],
      },
      users.owner!,
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.round).toMatchObject({
      project_id: projectId,
      status: 'open',
      title: '现状评分',
    });
    const listed = await listScoringRounds(store.db, organizationId, { projectId });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ modelName: '销售流程', versionNumber: 1, raters: 2 });
    expect(await listScoringRounds(store.db, otherOrganizationId, { projectId })).toEqual([]);
    const detail = await findScoringRound(store.db, organizationId, created.round.id);
    expect(detail?.raterList.map((rater) => rater.name)).toEqual(['manager', 'rep']);
    expect(detail?.steps.map((step) => step.id)).toEqual(['quote', 'review']);
    expect(await findScoringRound(store.db, otherOrganizationId, created.round.id)).toBeUndefined();
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity_id', '=', created.round.id)
      .execute();
    expect(audit).toEqual([{ action: 'create', entity: 'scoring-round' }]);
  });

  it('refuses raters from outside the organization and versions of another one', async () => {
    expect(
      await createScoringRound(
        store.db,
        { organizationId, versionId, title: 'x', raterIds: [users.rep!, users.stranger!] },
        null,
      ),
    ).toEqual({ ok: false, reason: 'not-members', userIds: [users.stranger] });
    expect(
      await createScoringRound(
        store.db,
        { organizationId: otherOrganizationId, versionId, title: 'x', raterIds: [] },
        null,
      ),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(await listScoringRounds(store.db, organizationId, { versionId })).toHaveLength(1);
  });

  it('saves a rater’s whole sheet, replacing the last one, and only an invited rater’s', async () => {
    const [round] = await listScoringRounds(store.db, organizationId, { versionId });
    const roundId = round!.id;
    const first = await saveRaterSheet(
      store.db,
      {
        organizationId,
        roundId,
        raterId: users.rep!,
        entries: [
          { stepId: 'quote', scores: { efficiency: 2, compliance: 4 }, comment: '报价要三个系统' },
          { stepId: 'review', scores: { 'customer-experience': 1 } },
        ],
      },
      users.rep!,
    );
    expect(first).toEqual({ ok: true, scores: 3, comments: 1 });
    const second = await saveRaterSheet(
      store.db,
      {
        organizationId,
        roundId,
        raterId: users.rep!,
        entries: [{ stepId: 'quote', scores: { efficiency: 3 } }],
      },
      users.rep!,
    );
    expect(second).toEqual({ ok: true, scores: 1, comments: 0 });
    expect(await loadRoundScores(store.db, roundId)).toEqual({
      scores: [{ raterId: users.rep, stepId: 'quote', dimension: 'efficiency', score: 3 }],
      comments: [],
    });
    expect(
      await saveRaterSheet(
        store.db,
        { organizationId, roundId, raterId: users.legal!, entries: [] },
        users.legal!,
      ),
    ).toEqual({ ok: false, reason: 'not-invited' });
    // Invited now (twice: the second time changes nothing), the same sheet is taken.
    expect(await inviteRaters(store.db, organizationId, roundId, [users.legal!], null)).toEqual({
      ok: true,
    });
    expect(await inviteRaters(store.db, organizationId, roundId, [users.legal!], null)).toEqual({
      ok: true,
    });
    expect(
      await inviteRaters(store.db, organizationId, roundId, [users.stranger!], null),
    ).toMatchObject({ ok: false, reason: 'not-members' });
    expect(
      await saveRaterSheet(
        store.db,
        {
          organizationId,
          roundId,
          raterId: users.legal!,
          entries: [{ stepId: 'review', scores: { compliance: 5 } }],
        },
        users.legal!,
      ),
    ).toEqual({ ok: true, scores: 1, comments: 0 });
    expect((await findScoringRound(store.db, organizationId, roundId))?.raters).toBe(3);
  });

  it('saves nothing of a sheet with a removed step or a score outside 1–5, and lists every problem', async () => {
    const [round] = await listScoringRounds(store.db, organizationId, { versionId });
    const roundId = round!.id;
    const before = await loadRoundScores(store.db, roundId);
    const audited = async () =>
      (await store.db.selectFrom('audit_log').select('id').execute()).length;
    // The version is edited: 合同评审 is removed.
    const edited = salesModel();
    edited.steps = edited.steps.filter((step) => step.id !== 'review');
    await saveVersion(
      store.db,
      organizationId,
      versionId,
      { document: edited, expectedRevision: revision },
      null,
    );
    const auditBefore = await audited();
    const refused = await saveRaterSheet(
      store.db,
      {
        organizationId,
        roundId,
        raterId: users.rep!,
        entries: [
          { stepId: 'quote', scores: { efficiency: 6, effectiveness: 0 } },
          { stepId: 'review', scores: { compliance: 3 } },
        ],
      },
      users.rep!,
    );
    expect(refused).toEqual({
      ok: false,
      reason: 'invalid-sheet',
      problems: [
        { reason: 'invalid-score', entry: 0, stepId: 'quote', dimension: 'efficiency', value: 6 },
        {
          reason: 'invalid-score',
          entry: 0,
          stepId: 'quote',
          dimension: 'effectiveness',
          value: 0,
        },
        { reason: 'unknown-step', entry: 1, stepId: 'review' },
      ],
    });
    expect(await loadRoundScores(store.db, roundId)).toEqual(before);
    expect(await audited()).toBe(auditBefore);
    // The round's sheet now has the one step left.
    expect(
      (await findScoringRound(store.db, organizationId, roundId))?.steps.map((step) => step.id),
    ).toEqual(['quote']);
  });

  it('keeps out scores the database itself cannot take, whatever the code lets through', async () => {
    const [round] = await listScoringRounds(store.db, organizationId, { versionId });
    await expect(
      store.db
        .insertInto('scoring_scores')
        .values({
          round_id: round!.id,
          rater_id: users.rep!,
          step_id: 'quote',
          dimension: 'compliance',
          score: 7,
        })
        .execute(),
    ).rejects.toThrow(/check/);
  });

  it('takes no more scores once the round is closed', async () => {
    const [round] = await listScoringRounds(store.db, organizationId, { versionId });
    const closed = await setScoringRoundStatus(
      store.db,
      organizationId,
      round!.id,
      'closed',
      users.owner!,
    );
    expect(closed?.status).toBe('closed');
    expect(
      await saveRaterSheet(
        store.db,
        {
          organizationId,
          roundId: round!.id,
          raterId: users.rep!,
          entries: [{ stepId: 'quote', scores: { efficiency: 1 } }],
        },
        users.rep!,
      ),
    ).toEqual({ ok: false, reason: 'round-closed' });
    expect(
      await setScoringRoundStatus(store.db, otherOrganizationId, round!.id, 'open', null),
    ).toBeUndefined();
  });
});
